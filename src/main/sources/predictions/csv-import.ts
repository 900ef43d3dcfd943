// Imports what is new in one CSV file of prediction records, incrementally like the csv source
// (same file progress, chunked parsing and "replaced file" detection from ../csv): the whole file
// the first time or after it was replaced, only appended rows afterwards. Progress is saved after
// each durable write, so a crash re-reads a chunk (ids make that harmless) rather than losing it.
import { open, type FileHandle } from 'node:fs/promises'
import type { SourceContext } from '../source'
import { throwIfAborted } from '../common/source-error'
import { fingerprint, FINGERPRINT_BYTES, planRead, progressKey, type FileProgress } from '../csv/file-progress'
import { PollFailure } from '../csv/import-file'
import { countNewlines, parseChunk } from '../csv/parse-chunk'
import { mapRecord, type MappedRecord, type RecordMapping } from './map-record'
import { writeRecords } from './write-records'

/** Bytes read and parsed at a time; progress is saved after each. */
export const CSV_CHUNK_BYTES = 4 * 1024 * 1024
/** Problems reported per file and run; the rest are counted. */
const MAX_PROBLEMS_PER_FILE = 10

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
  const fh = await open(file, 'r')
  try {
    return await importFrom(fh, name, progressKey(file), mapping, delimiter, ctx, warn, chunkBytes)
  } finally {
    await fh.close()
  }
}

async function importFrom(
  fh: FileHandle,
  name: string,
  key: string,
  mapping: RecordMapping,
  delimiter: string,
  ctx: SourceContext,
  warn: (message: string) => void,
  chunkBytes: number
): Promise<CsvImportResult> {
  const st = await fh.stat()
  const previous = await ctx.state.get<FileProgress>(key)
  const plan = await planRead(fh, st.size, st.mtimeMs, previous)
  const result: CsvImportResult = { stored: 0, labelled: 0 }
  if (plan.action === 'skip') return result

  const fresh = plan.from === 0
  let header: string[] | null = fresh ? null : (previous?.header ?? null)
  let offset = plan.from
  let lines = fresh ? 0 : (previous?.linesRead ?? 0)
  let problems = 0
  const problem = (line: number, message: string): void => {
    if (++problems <= MAX_PROBLEMS_PER_FILE) warn(`${name}:${line}: ${message}`)
  }
  let saved = false

  while (offset < st.size) {
    throwIfAborted(ctx.signal, `reading ${name}`)
    const length = Math.min(chunkBytes, st.size - offset)
    const buf = Buffer.alloc(length)
    const { bytesRead } = await fh.read(buf, 0, length, offset)
    const chunk = parseChunk(buf.subarray(0, bytesRead), delimiter, offset === 0)
    const reachedEnd = offset + bytesRead >= st.size
    if (chunk.consumed === 0 && !reachedEnd) {
      // Forget the file's size so every poll meets (and reports) this line again: the file is stuck here, not done.
      const saved = await ctx.state.get<FileProgress>(key)
      if (saved) await ctx.state.set(key, { ...saved, size: -1 })
      throw new Error(`line ${lines + 1} is longer than ${chunkBytes} bytes`)
    }

    const mapped: MappedRecord[] = []
    for (const record of chunk.records) {
      const line = lines + record.line
      if (!header) {
        header = record.cells.map((c) => c.trim())
        checkHeader(header, mapping)
        continue
      }
      if (record.cells.length !== header.length) {
        problem(line, `${record.cells.length} fields, but the header has ${header.length}; row skipped`)
        continue
      }
      const row: Record<string, string> = {}
      header.forEach((column, i) => (row[column] = record.cells[i].trim()))
      const m = mapRecord(row, mapping, { json: false })
      if (m.kind === 'problem') problem(line, `column "${m.field}" ${m.reason}; row skipped`)
      else mapped.push(m)
    }
    for (const p of chunk.problems) problem(lines + p.line, p.message)
    if (chunk.unclosedQuoteLine !== null) {
      problem(lines + chunk.unclosedQuoteLine, 'a quoted field is not closed; the rows from here on are not imported until it is')
    }

    if (mapped.length > 0) {
      try {
        const outcome = await writeRecords(ctx, mapped, name)
        result.stored += outcome.stored
        result.labelled += outcome.labelled
      } catch (err) {
        throw new PollFailure(`writing prediction records from ${name} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
      }
    }
    offset += chunk.consumed
    lines += countNewlines(buf.subarray(0, chunk.consumed))
    const fingerprintBytes = Math.min(FINGERPRINT_BYTES, offset)
    const progress: FileProgress = {
      size: st.size,
      mtimeMs: st.mtimeMs,
      bytesRead: offset,
      linesRead: lines,
      header: header ?? [],
      fingerprint: await fingerprint(fh, fingerprintBytes),
      fingerprintBytes
    }
    await ctx.state.set(key, progress)
    saved = true
    if (reachedEnd) break
  }
  if (problems > MAX_PROBLEMS_PER_FILE) warn(`${name}: ${problems - MAX_PROBLEMS_PER_FILE} more problems not shown`)
  if (!saved && previous && !fresh) {
    // Only a half-written line was added: remember the size so it is not re-read until the file changes.
    await ctx.state.set(key, { ...previous, size: st.size, mtimeMs: st.mtimeMs })
  }
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
