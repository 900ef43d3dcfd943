// Imports what is new in one CSV file: the whole file the first time (or when it was replaced),
// only the appended rows afterwards. Progress is saved after each durable write, so a crash
// re-imports a chunk rather than losing it.
import { open, type FileHandle } from 'node:fs/promises'
import type { SourceConfigOf } from '@shared/config/schema'
import type { IngestSample } from '@shared/types'
import type { SourceContext } from '../source'
import { planColumns, type ColumnPlan } from '../common/column-plan'
import { mapRow } from '../common/map-row'
import { throwIfAborted } from '../common/source-error'
import { FINGERPRINT_BYTES, fingerprint, planRead, progressKey, type FileProgress } from './file-progress'
import { countNewlines, parseChunk } from './parse-chunk'

type CsvConfig = SourceConfigOf<'csv'>

/** Bytes read and parsed at a time; progress is saved after each. */
export const CHUNK_BYTES = 4 * 1024 * 1024
/** Problems reported per file and run; the rest are counted. */
const MAX_PROBLEMS_PER_FILE = 10

/** A failure that must stop the whole poll (the store refused a write, the poll was aborted), not just this file. */
export class PollFailure extends Error {}

export interface ImportResult {
  /** Samples handed to the store. */
  written: number
  /** True when the file was replaced since the last import (and was read again from the start). */
  replaced: boolean
}

/** Imports the new complete rows of `file`, `chunkBytes` at a time; `name` is how messages show it; problems go to `warn`. */
export async function importFile(
  file: string,
  name: string,
  config: CsvConfig,
  ctx: SourceContext,
  warn: (message: string) => void,
  chunkBytes = CHUNK_BYTES
): Promise<ImportResult> {
  const fh = await open(file, 'r')
  try {
    return await importFrom(fh, name, progressKey(file), config, ctx, warn, chunkBytes)
  } finally {
    await fh.close()
  }
}

async function importFrom(
  fh: FileHandle,
  name: string,
  key: string,
  config: CsvConfig,
  ctx: SourceContext,
  warn: (message: string) => void,
  chunkBytes: number
): Promise<ImportResult> {
  const st = await fh.stat()
  const previous = await ctx.state.get<FileProgress>(key)
  const plan = await planRead(fh, st.size, st.mtimeMs, previous)
  const result: ImportResult = { written: 0, replaced: plan.action === 'read' && plan.replaced }
  if (plan.action === 'skip') return result

  const fresh = plan.from === 0
  let header: string[] | null = fresh ? null : (previous?.header ?? null)
  let columns: ColumnPlan | null = header ? planColumns(header, config) : null
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
    const chunk = parseChunk(buf.subarray(0, bytesRead), config.delimiter, offset === 0)
    const reachedEnd = offset + bytesRead >= st.size
    if (chunk.consumed === 0 && !reachedEnd) {
      // Forget the file's size so every poll meets (and reports) this line again: the file is stuck here, not done.
      const saved = await ctx.state.get<FileProgress>(key)
      if (saved) await ctx.state.set(key, { ...saved, size: -1 })
      throw new Error(`line ${lines + 1} is longer than ${chunkBytes} bytes`)
    }

    const samples: IngestSample[] = []
    for (const record of chunk.records) {
      const line = lines + record.line
      if (!header) {
        header = record.cells
        columns = planColumns(header, config)
        continue
      }
      if (record.cells.length !== header.length) {
        problem(line, `${record.cells.length} fields, but the header has ${header.length}; row skipped`)
        continue
      }
      const mapped = mapRow(record.cells, columns as ColumnPlan)
      for (const p of mapped.problems) problem(line, p.message)
      samples.push(...mapped.samples)
    }
    for (const p of chunk.problems) problem(lines + p.line, p.message)
    if (chunk.unclosedQuoteLine !== null) {
      problem(lines + chunk.unclosedQuoteLine, 'a quoted field is not closed; the rows from here on are not imported until it is')
    }

    if (samples.length > 0) {
      try {
        await ctx.write(samples)
      } catch (err) {
        throw new PollFailure(`writing samples from ${name} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
      }
      result.written += samples.length
    }
    offset += chunk.consumed
    lines += countNewlines(buf.subarray(0, chunk.consumed))
    await saveProgress(fh, key, ctx, { size: st.size, mtimeMs: st.mtimeMs, bytesRead: offset, linesRead: lines, header: header ?? [] })
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

async function saveProgress(
  fh: FileHandle,
  key: string,
  ctx: SourceContext,
  progress: Omit<FileProgress, 'fingerprint' | 'fingerprintBytes'>
): Promise<void> {
  const fingerprintBytes = Math.min(FINGERPRINT_BYTES, progress.bytesRead)
  const full: FileProgress = { ...progress, fingerprint: await fingerprint(fh, fingerprintBytes), fingerprintBytes }
  await ctx.state.set(key, full)
}
