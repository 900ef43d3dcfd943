// The M4 "wide" CSV: one series per row, first column the id, then the values; rows differ in
// length (trailing empty cells ignored); an optional header row. Pure text in, series out.

export interface WideSeries {
  id: string
  /** NaN marks a missing value (empty cell inside the row, NA or NaN). */
  values: number[]
  /** 1-based line number in the file. */
  line: number
}

const MISSING = new Set(['', 'NA', 'NaN', 'nan', 'NULL', 'null'])

/** Splits one CSV line into cells (double quotes, "" escapes); throws on an unterminated quote. */
export function splitCsvLine(line: string, where: string): string[] {
  const cells: string[] = []
  let cur = ''
  let quoted = false
  let wasQuoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          cur += '"'
          i++
        } else quoted = false
      } else cur += c
    } else if (c === '"' && cur.trim() === '' && !wasQuoted) {
      quoted = true
      wasQuoted = true
      cur = ''
    } else if (c === ',') {
      cells.push(wasQuoted ? cur : cur.trim())
      cur = ''
      wasQuoted = false
    } else if (!(wasQuoted && (c === ' ' || c === '\t'))) cur += c
  }
  if (quoted) throw new Error(`${where}: unterminated quoted cell`)
  cells.push(wasQuoted ? cur : cur.trim())
  return cells
}

const isNumber = (s: string): boolean => s !== '' && Number.isFinite(Number(s))

/**
 * Parses a wide CSV text. `source` names the file in errors (e.g. "train.csv line 12 column 5:
 * "x" is not a number"). The first line is a header when its first value cell is not a number.
 */
export function parseWideCsv(text: string, source: string): WideSeries[] {
  const lines = text.split(/\r?\n/)
  const out: WideSeries[] = []
  const seen = new Map<string, number>()
  let first = true
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1
    const raw = lines[i].replace(/^\uFEFF/, '')
    if (raw.trim() === '') continue
    const where = `${source} line ${lineNo}`
    const cells = splitCsvLine(raw, where)
    if (first) {
      first = false
      const firstValue = cells[1] ?? ''
      if (cells.length > 1 && !isNumber(firstValue) && !MISSING.has(firstValue)) continue // header row
    }
    const id = cells[0]
    if (id === '') throw new Error(`${where} column 1: the series id is empty`)
    const prev = seen.get(id)
    if (prev !== undefined) throw new Error(`${where}: duplicate series id "${id}" (first at line ${prev})`)
    seen.set(id, lineNo)
    let end = cells.length
    while (end > 1 && MISSING.has(cells[end - 1])) end--
    const values: number[] = []
    for (let c = 1; c < end; c++) {
      const cell = cells[c]
      if (MISSING.has(cell)) values.push(Number.NaN)
      else if (isNumber(cell)) values.push(Number(cell))
      else throw new Error(`${where} column ${c + 1}: "${cell}" is not a number (series "${id}")`)
    }
    if (values.length === 0) throw new Error(`${where}: series "${id}" has no values`)
    out.push({ id, values, line: lineNo })
  }
  if (out.length === 0) throw new Error(`${source}: no series found (expected rows "id,value,value,...")`)
  return out
}
