// Ingest benchmark: bare DuckDB Appender loops versus the store's whole append path
// (IngestQueue → validation → series lookup → Appender → commit per batch), on file databases.
// `ratio` compares with the plain row-by-row Appender loop; `chunkRatio` with the fastest bare
// path (data chunks, one transaction), which skips validation, the catalog and per-batch commits.
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { DOUBLE, DuckDBDataChunk, DuckDBInstance, INTEGER } from '@duckdb/node-api'
import type { DuckDBAppender } from '@duckdb/node-api'
import type { IngestSample } from '@shared/types'
import { IngestQueue } from '../src/main/ingest/ingest-queue'
import { openStore } from '../src/main/store/duckdb-store'

export interface StoreBenchOptions {
  samples: number
  series: number
  dir: string
  /** Samples per IngestQueue write (default 5000, a typical /api/write body). */
  writeSize?: number
  /** Writes in flight at once, like concurrent HTTP clients (default 16). */
  concurrency?: number
  /** Rounds of each contender, interleaved; the best of each counts (default 3; the machine is shared and noisy). */
  rounds?: number
  /** IngestQueue maxBatch (default 50_000). */
  maxBatch?: number
}

export interface StoreBenchResult {
  /** Bare Appender, row by row (appendInteger/appendBigInt/appendDouble/endRow), one transaction. */
  bareAppenderPerSec: number
  /** Bare Appender fed 2048-row data chunks from ready-made typed arrays, one transaction. */
  bareChunkPerSec: number
  /** As bareChunkPerSec, but committing every maxBatch rows, as the store does to acknowledge writes. */
  bareChunkBatchedPerSec: number
  /** The store's append path through IngestQueue, one commit per coalesced batch. */
  storePerSec: number
  /** storePerSec / bareAppenderPerSec. */
  ratio: number
  /** storePerSec / bareChunkPerSec (the stricter comparison). */
  chunkRatio: number
}

const RETENTION = { raw: 365 * 86_400_000, '1m': 365 * 86_400_000, '1h': 365 * 86_400_000 }

/** Measures bare Appender throughput and the store's ingest throughput in one run. */
export async function benchStore(opts: StoreBenchOptions): Promise<StoreBenchResult> {
  const { samples: n, series, dir } = opts
  const writeSize = opts.writeSize ?? 5000
  const concurrency = opts.concurrency ?? 16
  if (!(n > 0 && series > 0)) throw new Error('benchStore: samples and series must be positive')
  mkdirSync(dir, { recursive: true })
  const t0 = Date.UTC(2025, 0, 1)

  // The same rows for every contender: sample i belongs to series i % series, one second apart per round.
  const sid = new Int32Array(n)
  const ts = new Float64Array(n)
  const value = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    sid[i] = (i % series) + 1
    ts[i] = t0 + Math.floor(i / series) * 1000
    value[i] = (i % 1000) * 0.5
  }

  const writes = buildWrites(n, series, ts, value, writeSize)
  let bareAppenderPerSec = 0
  let bareChunkPerSec = 0
  let bareChunkBatchedPerSec = 0
  let storePerSec = 0
  const maxBatch = opts.maxBatch ?? 50_000
  for (let round = 0; round < (opts.rounds ?? 3); round++) {
    const bare = (mode: BareMode, batch = sid.length): Promise<number> =>
      benchBare(join(dir, `bare-${mode}.duckdb`), { sid, ts, value }, mode, batch)
    bareAppenderPerSec = Math.max(bareAppenderPerSec, await bare('rows'))
    bareChunkPerSec = Math.max(bareChunkPerSec, await bare('chunks'))
    bareChunkBatchedPerSec = Math.max(bareChunkBatchedPerSec, await bare('chunks', maxBatch))
    storePerSec = Math.max(storePerSec, await benchStorePath(join(dir, 'store.duckdb'), writes, concurrency, maxBatch))
  }
  return {
    bareAppenderPerSec,
    bareChunkPerSec,
    bareChunkBatchedPerSec,
    storePerSec,
    ratio: storePerSec / bareAppenderPerSec,
    chunkRatio: storePerSec / bareChunkPerSec
  }
}

/** Writes as an HTTP handler hands them over: parsed from JSON, so every object and string is fresh. */
function buildWrites(n: number, series: number, ts: Float64Array, value: Float64Array, writeSize: number): IngestSample[][] {
  const regions = ['eu-west', 'us-east', 'ap-south']
  const names = Array.from({ length: series }, (_, s) => `bench_metric_${s % 10}`)
  const hosts = Array.from({ length: series }, (_, s) => `host-${s}`)
  const writes: IngestSample[][] = []
  for (let start = 0; start < n; start += writeSize) {
    const end = Math.min(n, start + writeSize)
    const batch: IngestSample[] = new Array(end - start)
    for (let i = start; i < end; i++) {
      const s = i % series
      batch[i - start] = { name: names[s], labels: { host: hosts[s], region: regions[s % 3] }, ts: ts[i], value: value[i] }
    }
    writes.push(JSON.parse(JSON.stringify(batch)) as IngestSample[])
  }
  return writes
}

type BareMode = 'rows' | 'chunks'

interface Columns {
  sid: Int32Array
  ts: Float64Array
  value: Float64Array
}

/** Appends the columns straight through one Appender, committing every `batch` rows. */
async function benchBare(file: string, cols: Columns, mode: BareMode, batch: number): Promise<number> {
  removeDb(file)
  const instance = await DuckDBInstance.create(file)
  const conn = await instance.connect()
  try {
    await conn.run('CREATE TABLE samples (series_id INTEGER NOT NULL, ts BIGINT NOT NULL, value DOUBLE NOT NULL)')
    const n = cols.sid.length
    const started = performance.now()
    const appender = await conn.createAppender('samples')
    for (let start = 0; start < n; start += batch) {
      const end = Math.min(n, start + batch)
      await conn.run('BEGIN TRANSACTION')
      if (mode === 'rows') appendRows(appender, cols, start, end)
      else appendChunks(appender, cols, start, end)
      appender.flushSync()
      await conn.run('COMMIT')
    }
    appender.closeSync()
    const seconds = (performance.now() - started) / 1000
    const [[count]] = (await conn.runAndReadAll('SELECT count(*)::DOUBLE FROM samples')).getRows()
    if (count !== n) throw new Error(`bare ${mode} benchmark stored ${String(count)} rows, expected ${n}`)
    return n / seconds
  } finally {
    conn.closeSync()
    instance.closeSync()
    removeDb(file)
  }
}

function appendRows(appender: DuckDBAppender, { sid, ts, value }: Columns, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    appender.appendInteger(sid[i])
    appender.appendBigInt(BigInt(ts[i]))
    appender.appendDouble(value[i])
    appender.endRow()
  }
}

function appendChunks(appender: DuckDBAppender, { sid, ts, value }: Columns, start: number, end: number): void {
  const chunk = DuckDBDataChunk.create([INTEGER, DOUBLE, DOUBLE])
  for (let offset = start; offset < end; offset += 2048) {
    const rows = Math.min(2048, end - offset)
    chunk.reset()
    chunk.rowCount = rows
    const [a, b, c] = [chunk.getColumnVector(0), chunk.getColumnVector(1), chunk.getColumnVector(2)]
    for (let r = 0; r < rows; r++) {
      a.setItem(r, sid[offset + r])
      b.setItem(r, ts[offset + r])
      c.setItem(r, value[offset + r])
    }
    a.flush()
    b.flush()
    c.flush()
    appender.appendDataChunk(chunk)
  }
}

async function benchStorePath(file: string, writes: IngestSample[][], concurrency: number, maxBatch: number): Promise<number> {
  removeDb(file)
  const store = await openStore({ path: file, retention: RETENTION })
  const queue = new IngestQueue({ store, flushIntervalMs: 50, maxBatch })
  const total = writes.reduce((sum, w) => sum + w.length, 0)
  let accepted = 0
  try {
    const started = performance.now()
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < writes.length) {
        const pending = queue.write('bench', writes[next++])
        // The last write should not wait for the flush timer.
        if (next === writes.length) void queue.flush()
        const result = await pending
        accepted += result.accepted
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    const seconds = (performance.now() - started) / 1000
    if (accepted !== total) throw new Error(`store benchmark accepted ${accepted} of ${total} samples`)
    return total / seconds
  } finally {
    await store.close()
    removeDb(file)
  }
}

function removeDb(file: string): void {
  for (const f of [file, `${file}.wal`]) rmSync(f, { force: true })
}
