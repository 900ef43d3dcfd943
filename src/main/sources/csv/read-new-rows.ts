// Reads what is new in one CSV file, for every source that imports CSV files (samples, prediction
// records): the whole file the first time (or when it was replaced), only the appended rows
// afterwards, a chunk at a time. Each chunk's rows go to the caller's handler and are written
// before the file's progress is saved, so a crash re-reads a chunk rather than losing it.
import { open, type FileHandle } from 'node:fs/promises'
import type { SourceContext } from '../source'
import { throwIfAborted } from '../common/source-error'
import { FINGERPRINT_BYTES, fingerprint, planRead, progressKey, type FileProgress } from './file-progress'
import { countNewlines, parseChunk } from './parse-chunk'

/** Bytes read and parsed at a time; progress is saved after each. */
export const CHUNK_BYTES = 4 * 1024 * 1024
/** Problems reported per file and run; the rest are counted. */
const MAX_PROBLEMS_PER_FILE = 10

/** A failure that must stop the whole poll (the store refused a write, the poll was aborted), not just this file. */
export class PollFailure extends Error {}

/** What a CSV-importing source does with the rows. */
export interface RowHandler<T> {
  /** The file's first row, as the header to keep (throw to refuse the whole file). */
  header(cells: string[]): string[]
  /** A data row with as many cells as the header: what it yields (problems go to `problem`). */
  row(cells: string[], header: string[], line: number, problem: (line: number, message: string) => void): T[]
  /** Writes one chunk's items durably; a failure is thrown as a PollFailure. */
  write(items: T[]): Promise<void>
}

export interface ReadNewRowsOptions<T> {
  /** How messages show the file. */
  name: string
  delimiter: string
  ctx: SourceContext
  warn: (message: string) => void
  handler: RowHandler<T>
  chunkBytes?: number
}

/** Reads the new complete rows of `file`; resolves with whether the file was replaced since the last read (null: nothing new). */
export async function readNewRows<T>(file: string, o: ReadNewRowsOptions<T>): Promise<{ replaced: boolean } | null> {
  const fh = await open(file, 'r')
  try {
    return await readFrom(fh, progressKey(file), o)
  } finally {
    await fh.close()
  }
}

async function readFrom<T>(fh: FileHandle, key: string, o: ReadNewRowsOptions<T>): Promise<{ replaced: boolean } | null> {
  const { name, ctx, warn, handler } = o
  const chunkBytes = o.chunkBytes ?? CHUNK_BYTES
  const st = await fh.stat()
  const previous = await ctx.state.get<FileProgress>(key)
  const plan = await planRead(fh, st.size, st.mtimeMs, previous)
  if (plan.action === 'skip') return null

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
    const chunk = parseChunk(buf.subarray(0, bytesRead), o.delimiter, offset === 0)
    const reachedEnd = offset + bytesRead >= st.size
    if (chunk.consumed === 0 && !reachedEnd) {
      // Forget the file's size so every poll meets (and reports) this line again: the file is stuck here, not done.
      const stuck = await ctx.state.get<FileProgress>(key)
      if (stuck) await ctx.state.set(key, { ...stuck, size: -1 })
      throw new Error(`line ${lines + 1} is longer than ${chunkBytes} bytes`)
    }

    const items: T[] = []
    for (const record of chunk.records) {
      const line = lines + record.line
      if (!header) {
        header = handler.header(record.cells)
        continue
      }
      if (record.cells.length !== header.length) {
        problem(line, `${record.cells.length} fields, but the header has ${header.length}; row skipped`)
        continue
      }
      items.push(...handler.row(record.cells, header, line, problem))
    }
    for (const p of chunk.problems) problem(lines + p.line, p.message)
    if (chunk.unclosedQuoteLine !== null) {
      problem(lines + chunk.unclosedQuoteLine, 'a quoted field is not closed; the rows from here on are not imported until it is')
    }

    if (items.length > 0) await handler.write(items)
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
  return { replaced: plan.replaced }
}
