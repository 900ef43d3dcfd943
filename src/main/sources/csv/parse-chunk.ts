// Parses one chunk of a CSV file into records with their line numbers and byte ends. Only
// complete records count: the chunk is cut after its last newline, and a record whose quoted
// field is still open at the end is left for a later read.
import { isUtf8 } from 'node:buffer'
import { parse } from 'csv-parse/sync'
import { firstInvalidUtf8 } from '../common/decode-utf8'

export interface CsvRecord {
  cells: string[]
  /** Line (within the chunk, 1-based) on which the record ends. */
  line: number
}

export interface ParsedChunk {
  records: CsvRecord[]
  /** Bytes of the chunk that were fully parsed (the next read starts after them). */
  consumed: number
  /** Rows the parser could not read (line within the chunk + reason). */
  problems: Array<{ line: number; message: string }>
  /** Set when a quoted field opened before the last line is still not closed. */
  unclosedQuoteLine: number | null
}

/** Parses the complete lines of `buf`; `atFileStart` strips a byte-order mark. */
export function parseChunk(buf: Buffer, delimiter: string, atFileStart: boolean): ParsedChunk {
  const cut = buf.lastIndexOf(0x0a) + 1
  const out: ParsedChunk = { records: [], consumed: 0, problems: [], unclosedQuoteLine: null }
  if (cut === 0) return out
  let lastEnd = 0
  let unclosedAt: number | null = null
  // Invalid UTF-8 would silently become U+FFFD in labels; rows containing it are skipped and reported (checked per row only when the chunk has any).
  const checkRows = !isUtf8(buf.subarray(0, cut))
  parse(buf.subarray(0, cut), {
    delimiter,
    bom: atFileStart,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record, context) => {
      const bad = checkRows ? firstInvalidUtf8(buf.subarray(lastEnd, context.bytes)) : -1
      if (bad >= 0 && bad < context.bytes - lastEnd) {
        const byte = buf[lastEnd + bad].toString(16).padStart(2, '0')
        out.problems.push({ line: context.lines, message: `not valid UTF-8 (byte 0x${byte} at offset ${bad} of the row); row skipped` })
      } else out.records.push({ cells: record, line: context.lines })
      lastEnd = context.bytes
      return null
    },
    on_skip: (err) => {
      if (err?.code === 'CSV_QUOTE_NOT_CLOSED') unclosedAt = lastEnd
      else out.problems.push({ line: Number(err?.lines ?? 0), message: err?.message ?? 'unreadable row' })
      return undefined
    }
  })
  out.consumed = unclosedAt ?? cut
  if (unclosedAt !== null) {
    // One open line is a record still being written; more means a quote that will never close.
    const pending = buf.subarray(unclosedAt, cut)
    const newlines = pending.reduce((n, b) => (b === 0x0a ? n + 1 : n), 0)
    if (newlines > 1) out.unclosedQuoteLine = countNewlines(buf.subarray(0, unclosedAt)) + 1
  }
  return out
}

/** Number of "\n" bytes in `buf`. */
export function countNewlines(buf: Buffer): number {
  let n = 0
  for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) n++
  return n
}
