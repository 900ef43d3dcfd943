// CSV text (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma,
// quote or line break). Text that a spreadsheet would run as a formula (=, +, -, @ first) is
// prefixed with an apostrophe (OWASP's CSV-injection advice); numbers are written as numbers.

export type CsvCell = string | number | boolean | null

/** A table: column names and rows of cells. */
export interface CsvTable {
  header: string[]
  rows: CsvCell[][]
}

function cell(value: CsvCell): string {
  if (value === null) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** The table as CSV text, header first. */
export function csvText(table: CsvTable): string {
  return [table.header, ...table.rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n'
}
