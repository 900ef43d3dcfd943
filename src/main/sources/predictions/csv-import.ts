// Imports what is new in one CSV file of prediction records, incrementally like the csv source
// (../csv/read-new-rows.ts: the whole file the first time or after it was replaced, only appended
// rows afterwards). Progress is saved after each durable write, so a crash re-reads a chunk (ids
// make that harmless) rather than losing it.
import type { SourceContext } from '../source'
import { CHUNK_BYTES, PollFailure, readNewRows } from '../csv/read-new-rows'
import { mapRecord, type MappedRecord, type RecordMapping } from './map-record'
import { writeRecords } from './write-records'

/** Bytes read and parsed at a time; progress is saved after each. */
export const CSV_CHUNK_BYTES = CHUNK_BYTES

export interface CsvImportResult {
  /** Records stored (new), and labels set. */
  stored: number
  labelled: number
}

/** Imports the new complete rows of `file`; `name` is how messages show it; problems go to `warn`. */
export async function importPredictionsCsv(
  file: string,
  name: string,
  mapping: RecordMapping,
  delimiter: string,
  ctx: SourceContext,
  warn: (message: string) => void,
  chunkBytes = CSV_CHUNK_BYTES
): Promise<CsvImportResult> {
  const result: CsvImportResult = { stored: 0, labelled: 0 }
  await readNewRows<MappedRecord>(file, {
    name,
    delimiter,
    ctx,
    warn,
    chunkBytes,
    handler: {
      header: (cells) => {
        const header = cells.map((c) => c.trim())
        checkHeader(header, mapping)
        return header
      },
      row: (cells, header, line, problem) => {
        const row: Record<string, string> = {}
        header.forEach((column, i) => (row[column] = cells[i].trim()))
        const m = mapRecord(row, mapping, { json: false })
        if (m.kind === 'problem') {
          problem(line, `column "${m.field}" ${m.reason}; row skipped`)
          return []
        }
        return [m]
      },
      write: async (mapped) => {
        try {
          const outcome = await writeRecords(ctx, mapped, name)
          result.stored += outcome.stored
          result.labelled += outcome.labelled
        } catch (err) {
          throw new PollFailure(`writing prediction records from ${name} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
        }
      }
    }
  })
  return result
}

/** A header without the columns every row needs is a problem with the whole file. */
function checkHeader(header: string[], m: RecordMapping): void {
  const need = [m.fields.timestamp, ...(m.model === undefined ? [m.fields.model] : [])]
  const missing = need.filter((c) => !header.includes(c))
  if (!header.includes(m.fields.prediction) && !header.includes(m.fields.score) && !header.includes(m.fields.label)) {
    missing.push(`${m.fields.prediction} (or ${m.fields.score})`)
  }
  if (missing.length > 0) throw new Error(`the header has no column ${missing.map((c) => `"${c}"`).join(', ')} (columns: ${header.join(', ')})`)
}
