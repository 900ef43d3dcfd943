// The MetricStore on DuckDB. One writer connection (appends, maintenance, state; serialised)
// and a small pool of reader connections (queries), so queries never wait behind a long append
// and concurrent queries run side by side.
import { mkdirSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, resolve } from 'node:path'
import { DuckDBInstance, INTEGER, VARCHAR } from '@duckdb/node-api'
import type { DuckDBConnection } from '@duckdb/node-api'
import { AGGREGATIONS } from '@shared/types'
import type { Annotation } from '@shared/annotations'
import type { IngestSample, Labels, LatestValue, QueryResult, RangeQuery, SeriesInfo } from '@shared/types'
import { queryAnnotations, upsertAnnotation } from './annotations'
import { copyTablesToParquet } from './archive-export'
import { trackInstance, untrackInstance } from './duckdb-memory'
import { instanceOptions } from './duckdb-settings'
import type { ArchiveTablesRequest, ArchiveTablesResult } from './archive-export'
import { prepareBatch, SampleColumns } from './batch'
import type { PreparedBatch } from './batch'
import { SeriesCatalog, toSeriesInfo } from './catalog'
import { globToRegExp } from './glob'
import { labelsProblem } from './labels'
import { LatestCache } from './latest-cache'
import { MaintenanceRun } from './maintenance'
import type { MaintenanceStep } from './maintenance'
import type { AnnotationInput, AnnotationQuery, AppendResult, MaintenanceReport, MetricStore, StoreOptions } from './metric-store'
import { migrate } from './migrations'
import { StoreOutbox } from './outbox'
import { StorePredictions } from './predictions'
import type { TableAccess } from './table-access'
import { StoreAlerts } from './alert-store'
import { readWindowSamples } from './window-samples'
import type { SeriesSamples } from './window-samples'
import type { Migration } from './migrations'
import { planRange } from './query-plan'
import { RangeBatcher } from './range-batcher'
import { runRangeQueries } from './range-query'
import { ReaderPool } from './reader-pool'
import { checkRetention } from './retention'
import { SampleWriter } from './sample-writer'
import { SerialQueue } from './serial-queue'
import { describeProblem, errorText, isInvalidated, StorageError, storageProblem } from './storage-error'
import { readState, writeState } from './source-state'
import { Sql, toNumber } from './sql'
import { TierState } from './tier-state'
import { TIERS } from './tiers'

/** Most buckets one range query may span. */
export const MAX_QUERY_BUCKETS = 1_000_000

/**
 * DuckDB worker threads when the options name none: the cores but one (left to the JS thread:
 * API, ingest, KPI maths), 1 to 4. View queries are small, and on a busy 2-core machine a second
 * DuckDB thread per query cost more CPU than it saved; concurrent queries still run side by side
 * on the reader connections.
 */
export const DEFAULT_THREADS = Math.max(1, Math.min(4, availableParallelism() - 1))

/** Reader connections: one per thread, at least 2 (a slow query never holds up all reads), at most 4. */
const readerCount = (threads: number): number => Math.max(2, Math.min(4, threads))

/** Least time between two attempts to reopen an invalidated database. */
const REOPEN_RETRY_MS = 1000

/** Most steps one maintenance pass takes; the next pass carries on from where it stopped. */
const MAX_MAINTENANCE_STEPS = 100_000

export interface StoreStats {
  series: number
  samples: number
  rollup1m: number
  rollup1h: number
  /** Per tier: buckets before this are rolled up (null: never). */
  watermarks: { '1m': number | null; '1h': number | null }
}

/** The DuckDB store: the MetricStore contract plus row counts for tests and benchmarks. */
export interface DuckDBStore extends MetricStore {
  /** Row counts and roll-up progress. */
  stats(): Promise<StoreStats>
  /** Fills the latest-value cache now instead of on the first latest(). */
  preloadLatest(): Promise<void>
  /** Every series' latest sample as (series id, ts, value): the latest-value cache, filled first if need be. */
  latestValues(): Promise<[number, number, number][]>
  /**
   * Checkpoints, closes and opens the database again, so DuckDB gives back what it keeps per finished
   * query (see duckdb-settings.ts); writes and reads wait meanwhile. Resolves with the time it took,
   * or null for an in-memory store (nothing to reopen). Throws a StorageError when it cannot.
   */
  reopen(): Promise<number | null>
}

export interface OpenStoreExtras {
  /** Schema history to apply (tests only; defaults to the real one). */
  migrations?: readonly Migration[]
  /** Called inside each append's transaction after the rows are written; a throw rolls it back (fault injection in tests). */
  beforeAppendCommit?: (source: string) => void | Promise<void>
  /** Called after each maintenance step commits, between steps (tests watch the slicing with it). */
  afterMaintenanceStep?: (step: MaintenanceStep) => void | Promise<void>
  /** Runs on the writer after the migrations, before the catalog and tier state load (archive review mode swaps tables for Parquet views here). */
  afterMigrate?: (writer: Sql) => Promise<void>
  /** When set, every write (appends, annotations, state, maintenance, outbox/alert/prediction writes) is refused with the error this returns. */
  refuseWrites?: (op: string) => Error
  /**
   * The latest-value cache's contents as latestValues() gave them for the same tables, so the cache
   * is not filled by scanning every sample (review mode: worked out once at export). Checked against the catalog.
   */
  latest?: readonly (readonly [number, number, number])[]
}

// Two DuckDB instances on one file in one process would corrupt it; refuse the second.
const openFiles = new Set<string>()

/** Opens (creating and migrating as needed) the metric store at opts.path. */
export async function openStore(opts: StoreOptions, extras: OpenStoreExtras = {}): Promise<DuckDBStore> {
  checkRetention(opts.retention)
  const clock = opts.clock ?? Date.now
  const inMemory = opts.path === ':memory:'
  const file = inMemory ? ':memory:' : resolve(opts.path)
  const where = inMemory ? '(in memory)' : `"${file}"`
  if (!inMemory) {
    if (openFiles.has(file)) throw new Error(`metric store ${where} is already open in this process`)
    try {
      mkdirSync(dirname(file), { recursive: true })
    } catch (err) {
      throw new Error(`cannot create the folder for metric store ${where}: ${(err as Error).message}`)
    }
  }
  const threads = opts.threads ?? DEFAULT_THREADS
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
    throw new Error(`store threads must be a whole number from 1 to 256, got ${String(opts.threads)}`)
  }
  const settings = instanceOptions({ threads, memoryLimit: opts.memoryLimit })
  const db = await connectDatabase(file, where, settings, threads)
  try {
    await migrate(db.writer, where, clock(), extras.migrations)
    await extras.afterMigrate?.(db.writer)
    const { catalog, tiers } = await loadStoreState(db.writer)
    if (extras.latest) checkLatestRows(extras.latest, catalog.maxId, where)
    if (!inMemory) openFiles.add(file)
    return new DuckDBMetricStore({ file, where, threads, settings, ...db, catalog, tiers, opts, clock, extras })
  } catch (err) {
    db.close()
    const problem = storageProblem(err)
    if (problem !== null && !(err instanceof StorageError)) {
      throw new StorageError(`cannot open ${describeProblem(problem, where, storageDetail(err))}`, problem, file, { cause: err })
    }
    throw err
  }
}

/** Seeded latest values must name series of this catalog, with numeric ts and value. */
function checkLatestRows(rows: readonly (readonly [number, number, number])[], maxId: number, where: string): void {
  rows.forEach((row, i) => {
    const ok = Array.isArray(row) && row.length === 3 && Number.isInteger(row[0]) && row[0] >= 0 && row[0] <= maxId && typeof row[1] === 'number' && typeof row[2] === 'number'
    if (!ok) throw new Error(`metric store ${where}: latest value #${i} is not (series id of this catalog, ts, value): ${JSON.stringify(row)}`)
  })
}

interface Database {
  instance: DuckDBInstance
  connections: DuckDBConnection[]
  writer: Sql
  readers: Sql[]
  /** Closes every connection and the instance; never throws (used on failure paths). */
  close(): void
}

/** Opens the DuckDB instance at `file` with `settings` (see duckdb-settings.ts), one writer and readerCount(threads) reader connections. */
async function connectDatabase(file: string, where: string, settings: Record<string, string>, threads: number): Promise<Database> {
  let instance: DuckDBInstance
  try {
    instance = await DuckDBInstance.create(file, settings)
  } catch (err) {
    const problem = storageProblem(err)
    const message = problem === null ? `cannot open metric store ${where}: ${(err as Error).message}` : `cannot open ${describeProblem(problem, where, storageDetail(err))}`
    throw problem === null ? new Error(message, { cause: err }) : new StorageError(message, problem, file, { cause: err })
  }
  trackInstance(instance)
  const connections: DuckDBConnection[] = []
  const sqls: Sql[] = []
  const close = (): void => {
    for (const sql of sqls) quietly(() => sql.close())
    for (const c of connections) quietly(() => c.closeSync())
    untrackInstance(instance)
    quietly(() => instance.closeSync())
  }
  try {
    const readers = readerCount(threads)
    for (let i = 0; i <= readers; i++) connections.push(await instance.connect())
  } catch (err) {
    close()
    throw new Error(`cannot open metric store ${where}: ${(err as Error).message}`, { cause: err })
  }
  const writer = new Sql(connections[0])
  const readerSqls = connections.slice(1).map((c) => new Sql(c))
  sqls.push(writer, ...readerSqls)
  return { instance, connections, writer, readers: readerSqls, close }
}

/** Loads the series catalog and the roll-up progress from the database. */
async function loadStoreState(writer: Sql): Promise<{ catalog: SeriesCatalog; tiers: TierState }> {
  const catalog = new SeriesCatalog()
  const rows = await writer.rows(`SELECT id, name, labels, unit, source, created FROM series ORDER BY id`)
  for (const [id, name, labels, unit, source, created] of rows) {
    const labelsJson = String(labels)
    catalog.load({
      id: toNumber(id),
      name: String(name),
      labels: JSON.parse(labelsJson) as Labels,
      labelsJson,
      unit: unit === null ? null : String(unit),
      source: String(source),
      created: toNumber(created),
      pending: false
    })
  }
  const tiers = new TierState()
  await tiers.load(writer)
  return { catalog, tiers }
}

function quietly(fn: () => void): void {
  try {
    fn()
  } catch {
    // Closing what is already broken: nothing more to do.
  }
}

/** The DuckDB sentence that says what failed (e.g. `Could not write file "…wal": No space left on device`), at most 300 characters. */
function storageDetail(err: unknown): string {
  const text = errorText(err)
  const m = /Could not (?:write|open|create|read|truncate|sync)[^|\n]*/i.exec(text) ?? /(?:No space left on device|Read-only file system|Permission denied|Disk quota exceeded|File too large)[^|\n]*/i.exec(text)
  const detail = (m ? m[0] : text.split('\n')[0]).trim()
  return detail.length > 300 ? `${detail.slice(0, 299)}…` : detail
}

interface PreparedAppend {
  source: string
  samples: IngestSample[]
  columns: SampleColumns
  batch: PreparedBatch
  epoch: number
}

// The database parts are replaced when the store reopens DuckDB after it invalidated the instance.
interface StoreParts extends Database {
  file: string
  where: string
  threads: number
  /** The DuckDB options the instance was opened with (a reopen uses them again). */
  settings: Record<string, string>
  catalog: SeriesCatalog
  tiers: TierState
  opts: StoreOptions
  clock: () => number
  extras: OpenStoreExtras
}

class DuckDBMetricStore implements DuckDBStore {
  private readonly writeQueue = new SerialQueue()
  private readers: ReaderPool<Sql>
  private readonly ranges = new RangeBatcher()
  /** The maintenance pass running or queued last (passes run one after another). */
  private maintenance: Promise<unknown> = Promise.resolve()
  /** Bumped when an append fails; appends prepared before that are prepared again. */
  private epoch = 0
  private sampleWriter: SampleWriter
  private latestCache = new LatestCache()
  /** Set when DuckDB invalidated the instance (a checkpoint failed on a full disk, …): it is reopened before the next operation. */
  private invalidated: Error | null = null
  private lastReopenAt = -Infinity
  /** Set while reopen() swaps the database: reads wait for it instead of taking a connection being closed. */
  private reopening: Promise<void> | null = null
  private closing: Promise<void> | null = null
  readonly outbox: StoreOutbox
  readonly alerts: StoreAlerts
  readonly predictions: StorePredictions

  constructor(private readonly p: StoreParts) {
    this.sampleWriter = new SampleWriter(p.writer.connection)
    this.readers = new ReaderPool(p.readers)
    if (p.extras.latest) this.latestCache.load(p.extras.latest as Iterable<[number, number, number]>, p.catalog.maxId)
    // Outbox writes share the writer queue (one write at a time), reads share the reader pool.
    const access: TableAccess = {
      write: (op, task) => {
        const refused = this.refusal(op)
        return refused ? Promise.reject(refused) : this.write(op, (writer) => task(writer))
      },
      read: (op, task) => (this.closing ? Promise.reject(this.closedError(op)) : this.read(op, task))
    }
    this.outbox = new StoreOutbox(access)
    // The alert tables share the same queues.
    this.alerts = new StoreAlerts(access)
    // So do the predictions.
    this.predictions = new StorePredictions(access)
  }

  append(source: string, samples: IngestSample[]): Promise<AppendResult> {
    const refused = this.refusal('append')
    if (refused) return Promise.reject(refused)
    if (typeof source !== 'string' || source === '') return Promise.reject(new Error('append needs a non-empty source id'))
    if (!Array.isArray(samples)) {
      return Promise.reject(new Error(`append from source "${source}": samples must be an array, got ${typeof samples}`))
    }
    let prepared: PreparedAppend
    try {
      prepared = this.prepare(source, samples)
    } catch (err) {
      return Promise.reject(new Error(`append from source "${source}" failed: ${(err as Error).message}`, { cause: err }))
    }
    return this.writeQueue.run(async () => {
      await this.recover()
      return this.commit(prepared)
    })
  }

  async queryRange(q: RangeQuery): Promise<QueryResult> {
    if (this.closing) throw this.closedError('queryRange')
    return this.enqueueRange(q, checkRangeQuery(q, 'queryRange'))
  }

  async queryRangeMany(queries: RangeQuery[]): Promise<QueryResult[]> {
    if (this.closing) throw this.closedError('queryRangeMany')
    if (!Array.isArray(queries)) throw new Error(`queryRangeMany needs an array of range queries, got ${typeof queries}`)
    const steps = queries.map((q, i) => checkRangeQuery(q, `queryRangeMany[${i}]`))
    return Promise.all(queries.map((q, i) => this.enqueueRange(q, steps[i])))
  }

  async latest(series: string, labels?: Labels): Promise<LatestValue[]> {
    if (this.closing) throw this.closedError('latest')
    checkSeriesAndLabels(series, labels)
    if (!this.latestCache.loaded) await this.writeQueue.run(() => this.loadLatest())
    const out: LatestValue[] = []
    for (const entry of this.p.catalog.match(series, labels)) {
      const hit = this.latestCache.get(entry.id)
      if (hit) out.push({ series: entry.name, labels: { ...entry.labels }, ts: hit.ts, value: hit.value })
    }
    return out
  }

  /** Fills the latest-value cache now instead of on the first latest() (review mode starts it while the UI loads). */
  async preloadLatest(): Promise<void> {
    if (this.closing) throw this.closedError('preloadLatest')
    if (!this.latestCache.loaded) await this.writeQueue.run(() => this.loadLatest())
  }

  async latestValues(): Promise<[number, number, number][]> {
    await this.preloadLatest()
    return this.latestCache.entries()
  }

  async samples(series: string, labels: Labels | undefined, from: number, to: number): Promise<SeriesSamples[]> {
    if (this.closing) throw this.closedError('samples')
    checkSeriesAndLabels(series, labels)
    for (const [key, value] of [['from', from], ['to', to]] as const) {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`samples "${series}": ${key} must be epoch milliseconds, got ${String(value)}`)
    }
    if (to < from) throw new Error(`samples "${series}": "to" (${to}) must not be before "from" (${from})`)
    const entries = this.p.catalog.match(series, labels)
    if (entries.length === 0) return []
    try {
      return await this.read('samples', (reader) => readWindowSamples(reader, series, entries, from, to))
    } catch (err) {
      throw new Error(`metric store ${this.p.where}: ${(err as Error).message}`, { cause: err })
    }
  }

  async listSeries(match?: string): Promise<SeriesInfo[]> {
    if (this.closing) throw this.closedError('listSeries')
    if (match !== undefined && typeof match !== 'string') throw new Error(`listSeries: match must be a glob string, got ${typeof match}`)
    const re = match === undefined || match === '' ? null : globToRegExp(match)
    return this.p.catalog.list(re ? (name) => re.test(name) : undefined).map(toSeriesInfo)
  }

  async getState<T>(source: string, key: string): Promise<T | undefined> {
    if (this.closing) throw this.closedError('getState')
    return this.read('getState', (reader) => readState<T>(reader, source, key))
  }

  setState(source: string, key: string, value: unknown): Promise<void> {
    const refused = this.refusal('setState')
    if (refused) return Promise.reject(refused)
    return this.write('setState', (writer) => writeState(writer, source, key, value, this.p.clock()))
  }

  addAnnotation(a: AnnotationInput): Promise<Annotation> {
    const refused = this.refusal('addAnnotation')
    if (refused) return Promise.reject(refused)
    return this.write('addAnnotation', (writer) => upsertAnnotation(writer, a, this.p.clock()))
  }

  async listAnnotations(q: AnnotationQuery): Promise<Annotation[]> {
    if (this.closing) throw this.closedError('listAnnotations')
    return this.read('listAnnotations', (reader) => queryAnnotations(reader, q))
  }

  runMaintenance(now: number): Promise<MaintenanceReport> {
    const refused = this.refusal('runMaintenance')
    if (refused) return Promise.reject(refused)
    if (typeof now !== 'number' || !Number.isFinite(now)) {
      return Promise.reject(new Error(`runMaintenance: now must be epoch milliseconds, got ${String(now)}`))
    }
    const pass = this.maintenance.then(() => this.maintain(now))
    this.maintenance = pass.catch(() => undefined)
    return pass
  }

  async exportArchiveTables(req: ArchiveTablesRequest): Promise<ArchiveTablesResult> {
    if (this.closing) throw this.closedError('exportArchiveTables')
    let seriesIds: number[] | null = null
    if (req.seriesGlob !== undefined && req.seriesGlob !== '') {
      const re = globToRegExp(req.seriesGlob)
      seriesIds = this.p.catalog.list((name) => re.test(name)).map((e) => e.id)
    }
    // Tier progress is read before the snapshot: a roll-up committed after it only serves less.
    const rawFloor = this.p.tiers.rawFloor
    const served1m = this.p.tiers.servedUntil(TIERS[0])
    const tiers = {
      '1m': served1m === null || rawFloor === null ? null : Math.min(served1m, rawFloor),
      '1h': this.p.tiers.servedUntil(TIERS[1])
    }
    const tables = await this.read('exportArchiveTables', (reader) => copyTablesToParquet(reader, { ...req, seriesIds, rollup1mBefore: rawFloor }))
    return { tables, tiers }
  }

  async stats(): Promise<StoreStats> {
    if (this.closing) throw this.closedError('stats')
    const [[samples, r1m, r1h]] = await this.read('stats', (reader) =>
      reader.rows(
        `SELECT (SELECT count(*) FROM samples), (SELECT count(*) FROM rollup_1m), (SELECT count(*) FROM rollup_1h)`
      )
    )
    return {
      series: this.p.catalog.size,
      samples: toNumber(samples),
      rollup1m: toNumber(r1m),
      rollup1h: toNumber(r1h),
      watermarks: { '1m': this.p.tiers.progress['1m'].watermark, '1h': this.p.tiers.progress['1h'].watermark }
    }
  }

  close(): Promise<void> {
    this.closing ??= this.closeNow()
    return this.closing
  }

  reopen(): Promise<number | null> {
    const refused = this.refusal('reopen')
    if (refused) return Promise.reject(refused)
    if (this.p.file === ':memory:') return Promise.resolve(null)
    // A maintenance pass keeps the connection and tier state it started with: reopen between passes.
    const run = this.maintenance.then(() => this.reopenNow())
    this.maintenance = run.catch(() => undefined)
    return run
  }

  private reopenNow(): Promise<number> {
    return this.writeQueue.run(async () => {
      await this.recover()
      const started = performance.now()
      let done: () => void = () => undefined
      this.reopening = new Promise((resolve) => (done = resolve))
      try {
        await this.readers.idle()
        try {
          quietly(() => this.sampleWriter.close())
          // Folds the WAL into the file, so the open below replays nothing.
          await this.p.writer.exec('CHECKPOINT')
        } catch (err) {
          throw this.storageFault(err, 'the database was not reopened') ?? err
        }
        this.p.close()
        try {
          await this.openAgain('the database was closed to be reopened and could not be opened yet')
        } catch (err) {
          // Closed and not open: the next operation retries the open, as after an invalidation.
          this.invalidated = err as Error
          throw err
        }
        // The latest-value cache stays: nothing was written in between.
        return performance.now() - started
      } finally {
        this.reopening = null
        done()
      }
    })
  }

  /** Queues one validated range query; answers at once when no series matches. */
  private enqueueRange(q: RangeQuery, stepMs: number): Promise<QueryResult> {
    const ids = this.p.catalog.match(q.series, q.labels).map((e) => e.id)
    if (ids.length === 0) return Promise.resolve({ series: q.series, points: [], tier: 'raw' })
    return new Promise((resolve, reject) => {
      const key = this.ranges.add({
        from: q.from,
        to: q.to,
        stepMs,
        agg: q.agg,
        ids,
        resolve: (r) => resolve({ series: q.series, ...r }),
        reject: (err) => reject(new Error(`metric store ${this.p.where}: range query on "${q.series}" failed: ${err.message}`, { cause: err }))
      })
      // One run per group; runRangeGroup settles every query it takes.
      if (key !== null) this.read('queryRange', (reader) => this.runRangeGroup(reader, key)).catch(() => undefined)
    })
  }

  /** Answers the range queries waiting under `key` (one window and aggregation) in one statement. */
  private async runRangeGroup(reader: Sql, key: string): Promise<void> {
    // Let the rest of this turn of the event loop queue its queries first: a view's panels ask
    // together, and their queries over one window then share a statement.
    await new Promise((resolve) => setImmediate(resolve))
    const group = this.ranges.take(key)
    if (group.length === 0) return
    const { from, to, stepMs, agg } = group[0]
    try {
      // Planned now, not when queued: the tiers may have moved on meanwhile.
      const plan = planRange(from, to, stepMs, TIERS.map((t) => ({ name: t.name, ms: t.ms, servedUntil: this.p.tiers.servedUntil(t) })))
      const sets = group.map((p, index) => ({ index, ids: p.ids }))
      const points = await runRangeQueries(reader, sets, stepMs, agg, plan.segments)
      group.forEach((p, i) => p.resolve({ points: points.get(i) ?? [], tier: plan.label }))
    } catch (err) {
      for (const p of group) p.reject(err as Error)
    }
  }

  /** Runs maintenance steps on the writer queue until the pass is done; appends queued meanwhile commit between steps. */
  private async maintain(now: number): Promise<MaintenanceReport> {
    const run = new MaintenanceRun(this.p.writer, this.p.tiers, this.p.opts.retention, now, (ids) => this.forgetSeries(ids))
    for (let i = 0; i < MAX_MAINTENANCE_STEPS && !this.closing; i++) {
      let step: MaintenanceStep | null
      try {
        step = await this.write('runMaintenance', () => run.step())
      } catch (err) {
        throw new Error(`metric store ${this.p.where}: maintenance failed: ${(err as Error).message}`, { cause: err })
      }
      if (step === null) break
      if (step.kind === 'retention' && this.latestCache.loaded) this.latestCache.prune(step.cutoffs)
      await this.p.extras.afterMaintenanceStep?.(step)
    }
    return run.report
  }

  // Validation and series lookup run at call time, so they overlap the previous append's
  // commit (which DuckDB runs off the JS thread); the write itself waits its turn.
  private prepare(source: string, samples: IngestSample[]): PreparedAppend {
    const columns = new SampleColumns(samples.length)
    const batch = prepareBatch(this.p.catalog, columns, source, samples, this.p.clock())
    return { source, samples, columns, batch, epoch: this.epoch }
  }

  private async commit(prepared: PreparedAppend): Promise<AppendResult> {
    const { catalog, tiers, writer } = this.p
    // An append that failed after this one was prepared took its uncommitted series with it;
    // this one may refer to them, so it is prepared again against the current catalog.
    const { source, columns, batch } = prepared.epoch === this.epoch ? prepared : this.prepare(prepared.source, prepared.samples)
    if (columns.length === 0) return { accepted: 0, rejected: batch.rejected }
    try {
      await writer.transaction(async () => {
        await this.sampleWriter.writeSeries(batch.newSeries)
        await this.sampleWriter.writeSamples(columns)
        for (const { entry, unit } of batch.unitUpdates) {
          await writer.exec(`UPDATE series SET unit = $unit WHERE id = $id`, { unit, id: entry.id }, { unit: VARCHAR, id: INTEGER })
        }
        if (tiers.isLate(batch.minTs)) await tiers.markLate(writer, batch.minTs)
        await this.p.extras.beforeAppendCommit?.(source)
      })
    } catch (err) {
      this.sampleWriter.discard()
      catalog.discardUncommitted()
      this.epoch++
      const fault = this.storageFault(err, `${columns.length} samples from source "${source}" were not stored`)
      if (fault) throw fault
      throw new Error(
        `metric store ${this.p.where}: could not append ${columns.length} samples from source "${source}": ${(err as Error).message}`,
        { cause: err }
      )
    }
    catalog.commit(batch.newSeries)
    for (const { entry, unit } of batch.unitUpdates) entry.unit ??= unit
    this.latestCache.update(columns, catalog.maxId)
    return { accepted: columns.length, rejected: batch.rejected }
  }

  /** Drops series that retention deleted from the catalog (on the writer queue); appends prepared against them are prepared again. */
  private forgetSeries(ids: number[]): void {
    const entries = ids.map((id) => this.p.catalog.get(id)).filter((e) => e !== undefined)
    this.p.catalog.discard(entries)
    this.epoch++
  }

  // Runs on the writer queue, so no append can commit between the scan and the cache going live.
  private async loadLatest(): Promise<void> {
    if (this.latestCache.loaded) return
    // The newest ts per series first (timestamps alone: cheap to scan), then the largest value at
    // it: the same answer as arg_max(value, (ts, value)), which decodes every value, in a quarter
    // of the time on 14 M samples (matters most for archives, whose samples are Parquet).
    const rows = await this.p.writer.rows(
      `WITH u AS NOT MATERIALIZED (
         SELECT series_id, ts, value FROM samples
         UNION ALL SELECT series_id, last_ts, last FROM rollup_1m
         UNION ALL SELECT series_id, last_ts, last FROM rollup_1h
       ), newest AS (SELECT series_id, max(ts) AS ts FROM u GROUP BY series_id)
       SELECT u.series_id, newest.ts::DOUBLE, max(u.value) FROM u JOIN newest ON u.series_id = newest.series_id AND u.ts = newest.ts
       GROUP BY u.series_id, newest.ts`
    )
    this.latestCache.load(
      rows.map(([id, ts, value]) => [toNumber(id), ts as number, value as number]),
      this.p.catalog.maxId
    )
  }

  private async closeNow(): Promise<void> {
    // A running maintenance pass stops after its current step (progress is saved per step).
    await this.maintenance
    await this.writeQueue.idle()
    await this.readers.idle()
    try {
      quietly(() => this.sampleWriter.close())
      // Folds the WAL into the database file so the next open starts fast. On a full disk or an
      // invalidated instance it cannot; everything committed is in the WAL, which the next open replays.
      if (!this.invalidated) await this.p.writer.exec('CHECKPOINT')
    } catch (err) {
      if (storageProblem(err) === null) throw err
    } finally {
      this.p.close()
      openFiles.delete(this.p.file)
    }
  }

  /** Runs a write on the writer queue, after reopening the database if DuckDB invalidated it; storage faults become StorageErrors. */
  private write<T>(op: string, task: (writer: Sql) => Promise<T>): Promise<T> {
    return this.writeQueue.run(async () => {
      await this.recover()
      try {
        return await task(this.p.writer)
      } catch (err) {
        throw this.storageFault(err, `${op} failed`) ?? err
      }
    })
  }

  /** Runs a read on a reader connection (after a reopen in progress, or reopening the database first if DuckDB invalidated it). */
  private async read<T>(op: string, task: (reader: Sql) => Promise<T>): Promise<T> {
    while (this.reopening) await this.reopening
    if (this.invalidated) await this.writeQueue.run(() => this.recover())
    try {
      return await this.readers.run(task)
    } catch (err) {
      throw this.storageFault(err, `${op} failed`) ?? err
    }
  }

  /** A StorageError for a storage fault (remembering an invalidated instance), or null for any other error. */
  private storageFault(err: unknown, consequence: string): StorageError | null {
    if (err instanceof StorageError) return err
    const problem = storageProblem(err)
    if (problem === null) return null
    if (isInvalidated(err)) this.invalidated = err as Error
    return new StorageError(`${describeProblem(problem, this.p.where, storageDetail(err))} (${consequence})`, problem, this.p.file, { cause: err })
  }

  /**
   * After DuckDB invalidated the instance, opens the database again (at most once per REOPEN_RETRY_MS):
   * DuckDB replays its WAL, so every committed write is back, and the catalog and roll-up progress
   * are reloaded from it. Runs on the writer queue; throws a StorageError while the database cannot be reopened.
   */
  private async recover(): Promise<void> {
    const cause = this.invalidated
    if (!cause || this.closing) return
    const now = performance.now()
    if (now - this.lastReopenAt < REOPEN_RETRY_MS) throw this.storageFault(cause, 'waiting to reopen the database') ?? cause
    this.lastReopenAt = now
    // Reads already running on the old connections finish (or fail) first.
    await this.readers.idle()
    quietly(() => this.sampleWriter.discard())
    this.p.close()
    await this.openAgain('the database could not be reopened yet')
    // Filled again from what the replayed file holds.
    this.latestCache = new LatestCache()
    this.invalidated = null
  }

  /** Opens the (closed) database file again and puts the new connections, catalog and tier state in place. */
  private async openAgain(consequence: string): Promise<void> {
    let db: Database
    let state: { catalog: SeriesCatalog; tiers: TierState }
    try {
      db = await connectDatabase(this.p.file, this.p.where, this.p.settings, this.p.threads)
    } catch (err) {
      throw this.storageFault(err, consequence) ?? err
    }
    try {
      state = await loadStoreState(db.writer)
    } catch (err) {
      db.close()
      throw this.storageFault(err, consequence) ?? err
    }
    Object.assign(this.p, db, state)
    this.readers = new ReaderPool(db.readers)
    this.sampleWriter = new SampleWriter(db.writer.connection)
    // Appends prepared against the old catalog are prepared again.
    this.epoch++
  }

  /** Why a write named `op` is refused now (closing, or a read-only store), or null. */
  private refusal(op: string): Error | null {
    if (this.closing) return this.closedError(op)
    return this.p.extras.refuseWrites?.(op) ?? null
  }

  private closedError(op: string): Error {
    return new Error(`metric store ${this.p.where} is closed (${op} refused)`)
  }
}

/** Validates a range query (`what` names it in errors); returns the step in whole milliseconds. */
function checkRangeQuery(q: RangeQuery, what: string): number {
  if (typeof q !== 'object' || q === null) throw new Error(`${what} needs a query object`)
  checkSeriesAndLabels(q.series, q.labels)
  for (const key of ['from', 'to', 'step'] as const) {
    if (typeof q[key] !== 'number' || !Number.isFinite(q[key])) {
      throw new Error(`${what} "${q.series}": ${key} must be a finite number, got ${String(q[key])}`)
    }
  }
  if (q.to <= q.from) throw new Error(`${what} "${q.series}": "to" (${q.to}) must be after "from" (${q.from})`)
  const stepMs = Math.round(q.step * 1000)
  if (stepMs < 1) throw new Error(`${what} "${q.series}": step must be at least 0.001 seconds, got ${q.step}`)
  if (!AGGREGATIONS.includes(q.agg)) {
    throw new Error(`${what} "${q.series}": agg "${String(q.agg)}" is not one of ${AGGREGATIONS.join(', ')}`)
  }
  const buckets = Math.ceil((q.to - q.from) / stepMs)
  if (buckets > MAX_QUERY_BUCKETS) {
    throw new Error(`${what} "${q.series}": ${buckets} buckets requested (range / step); at most ${MAX_QUERY_BUCKETS} allowed, use a larger step`)
  }
  return stepMs
}

function checkSeriesAndLabels(series: unknown, labels: unknown): void {
  if (typeof series !== 'string' || series === '') throw new Error('a series name (non-empty string) is required')
  const problem = labelsProblem(labels)
  if (problem) throw new Error(`labels filter for "${series}": ${problem}`)
}
