// The MetricStore on DuckDB. One writer connection (appends, maintenance, state; serialised)
// and one reader connection (queries), so queries never wait behind a long append.
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { DuckDBInstance, INTEGER, VARCHAR } from '@duckdb/node-api'
import type { DuckDBConnection } from '@duckdb/node-api'
import { AGGREGATIONS } from '@shared/types'
import type { Annotation } from '@shared/annotations'
import type { IngestSample, Labels, LatestValue, QueryResult, RangeQuery, SeriesInfo } from '@shared/types'
import { queryAnnotations, upsertAnnotation } from './annotations'
import { prepareBatch, SampleColumns } from './batch'
import type { PreparedBatch } from './batch'
import { SeriesCatalog, toSeriesInfo } from './catalog'
import { globToRegExp } from './glob'
import { labelsProblem } from './labels'
import { LatestCache } from './latest-cache'
import { maintain } from './maintenance'
import type { AnnotationInput, AnnotationQuery, AppendResult, MaintenanceReport, MetricStore, StoreOptions } from './metric-store'
import { migrate } from './migrations'
import type { Migration } from './migrations'
import { planRange } from './query-plan'
import { runRangeQuery } from './range-query'
import { checkRetention } from './retention'
import { SampleWriter } from './sample-writer'
import { SerialQueue } from './serial-queue'
import { readState, writeState } from './source-state'
import { Sql, toNumber } from './sql'
import { TierState } from './tier-state'
import { TIERS } from './tiers'

/** Most buckets one range query may span. */
export const MAX_QUERY_BUCKETS = 1_000_000

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
}

export interface OpenStoreExtras {
  /** Schema history to apply (tests only; defaults to the real one). */
  migrations?: readonly Migration[]
  /** Called inside each append's transaction after the rows are written; a throw rolls it back (fault injection in tests). */
  beforeAppendCommit?: (source: string) => void | Promise<void>
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
  const threads = opts.threads ?? 1
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
    throw new Error(`store threads must be a whole number from 1 to 256, got ${String(opts.threads)}`)
  }
  let instance: DuckDBInstance
  try {
    instance = await DuckDBInstance.create(file, { threads: String(threads) })
  } catch (err) {
    throw new Error(`cannot open metric store ${where}: ${(err as Error).message}`, { cause: err })
  }
  const connections: DuckDBConnection[] = []
  const sqls: Sql[] = []
  try {
    connections.push(await instance.connect(), await instance.connect())
    const writer = new Sql(connections[0])
    const reader = new Sql(connections[1])
    sqls.push(writer, reader)
    await migrate(writer, where, clock(), extras.migrations)
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
    if (!inMemory) openFiles.add(file)
    return new DuckDBMetricStore({ file, where, instance, connections, writer, reader, catalog, tiers, opts, clock, extras })
  } catch (err) {
    for (const sql of sqls) sql.close()
    for (const c of connections) c.closeSync()
    instance.closeSync()
    throw err
  }
}

interface PreparedAppend {
  source: string
  samples: IngestSample[]
  columns: SampleColumns
  batch: PreparedBatch
  epoch: number
}

interface StoreParts {
  file: string
  where: string
  instance: DuckDBInstance
  connections: DuckDBConnection[]
  writer: Sql
  reader: Sql
  catalog: SeriesCatalog
  tiers: TierState
  opts: StoreOptions
  clock: () => number
  extras: OpenStoreExtras
}

class DuckDBMetricStore implements DuckDBStore {
  private readonly writeQueue = new SerialQueue()
  private readonly readQueue = new SerialQueue()
  /** Bumped when an append fails; appends prepared before that are prepared again. */
  private epoch = 0
  private readonly sampleWriter: SampleWriter
  private readonly latestCache = new LatestCache()
  private closing: Promise<void> | null = null

  constructor(private readonly p: StoreParts) {
    this.sampleWriter = new SampleWriter(p.writer.connection)
  }

  append(source: string, samples: IngestSample[]): Promise<AppendResult> {
    if (this.closing) return Promise.reject(this.closedError('append'))
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
    return this.writeQueue.run(() => this.commit(prepared))
  }

  async queryRange(q: RangeQuery): Promise<QueryResult> {
    if (this.closing) throw this.closedError('queryRange')
    const stepMs = checkRangeQuery(q)
    const ids = this.p.catalog.match(q.series, q.labels).map((e) => e.id)
    if (ids.length === 0) return { series: q.series, points: [], tier: 'raw' }
    const plan = planRange(
      q.from,
      q.to,
      stepMs,
      TIERS.map((t) => ({ name: t.name, ms: t.ms, servedUntil: this.p.tiers.servedUntil(t) }))
    )
    const points = await this.readQueue.run(() => runRangeQuery(this.p.reader, ids, stepMs, q.agg, plan))
    return { series: q.series, points, tier: plan.label }
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

  async listSeries(match?: string): Promise<SeriesInfo[]> {
    if (this.closing) throw this.closedError('listSeries')
    if (match !== undefined && typeof match !== 'string') throw new Error(`listSeries: match must be a glob string, got ${typeof match}`)
    const re = match === undefined || match === '' ? null : globToRegExp(match)
    return this.p.catalog.list(re ? (name) => re.test(name) : undefined).map(toSeriesInfo)
  }

  async getState<T>(source: string, key: string): Promise<T | undefined> {
    if (this.closing) throw this.closedError('getState')
    return this.readQueue.run(() => readState<T>(this.p.reader, source, key))
  }

  setState(source: string, key: string, value: unknown): Promise<void> {
    if (this.closing) return Promise.reject(this.closedError('setState'))
    return this.writeQueue.run(() => writeState(this.p.writer, source, key, value, this.p.clock()))
  }

  addAnnotation(a: AnnotationInput): Promise<Annotation> {
    if (this.closing) return Promise.reject(this.closedError('addAnnotation'))
    return this.writeQueue.run(() => upsertAnnotation(this.p.writer, a, this.p.clock()))
  }

  async listAnnotations(q: AnnotationQuery): Promise<Annotation[]> {
    if (this.closing) throw this.closedError('listAnnotations')
    return this.readQueue.run(() => queryAnnotations(this.p.reader, q))
  }

  runMaintenance(now: number): Promise<MaintenanceReport> {
    if (this.closing) return Promise.reject(this.closedError('runMaintenance'))
    if (typeof now !== 'number' || !Number.isFinite(now)) {
      return Promise.reject(new Error(`runMaintenance: now must be epoch milliseconds, got ${String(now)}`))
    }
    return this.writeQueue.run(async () => {
      try {
        const { report, cutoffs } = await maintain(this.p.writer, this.p.tiers, this.p.opts.retention, now)
        if (this.latestCache.loaded) this.latestCache.prune(cutoffs)
        return report
      } catch (err) {
        throw new Error(`metric store ${this.p.where}: maintenance failed: ${(err as Error).message}`, { cause: err })
      }
    })
  }

  async stats(): Promise<StoreStats> {
    if (this.closing) throw this.closedError('stats')
    const [[samples, r1m, r1h]] = await this.readQueue.run(() =>
      this.p.reader.rows(
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

  // Runs on the writer queue, so no append can commit between the scan and the cache going live.
  private async loadLatest(): Promise<void> {
    if (this.latestCache.loaded) return
    const rows = await this.p.writer.rows(
      `SELECT series_id, max(ts)::DOUBLE, arg_max(value, (ts, value)) FROM (
         SELECT series_id, ts, value FROM samples
         UNION ALL SELECT series_id, last_ts, last FROM rollup_1m
         UNION ALL SELECT series_id, last_ts, last FROM rollup_1h
       ) GROUP BY series_id`
    )
    this.latestCache.load(
      rows.map(([id, ts, value]) => [toNumber(id), ts as number, value as number]),
      this.p.catalog.maxId
    )
  }

  private async closeNow(): Promise<void> {
    await this.writeQueue.idle()
    await this.readQueue.idle()
    const { writer, reader, connections, instance } = this.p
    try {
      this.sampleWriter.close()
      // Folds the WAL into the database file so the next open starts fast.
      await writer.exec('CHECKPOINT')
    } finally {
      writer.close()
      reader.close()
      for (const c of connections) c.closeSync()
      instance.closeSync()
      openFiles.delete(this.p.file)
    }
  }

  private closedError(op: string): Error {
    return new Error(`metric store ${this.p.where} is closed (${op} refused)`)
  }
}

/** Validates a range query; returns the step in whole milliseconds. */
function checkRangeQuery(q: RangeQuery): number {
  if (typeof q !== 'object' || q === null) throw new Error('queryRange needs a query object')
  checkSeriesAndLabels(q.series, q.labels)
  for (const key of ['from', 'to', 'step'] as const) {
    if (typeof q[key] !== 'number' || !Number.isFinite(q[key])) {
      throw new Error(`queryRange "${q.series}": ${key} must be a finite number, got ${String(q[key])}`)
    }
  }
  if (q.to <= q.from) throw new Error(`queryRange "${q.series}": "to" (${q.to}) must be after "from" (${q.from})`)
  const stepMs = Math.round(q.step * 1000)
  if (stepMs < 1) throw new Error(`queryRange "${q.series}": step must be at least 0.001 seconds, got ${q.step}`)
  if (!AGGREGATIONS.includes(q.agg)) {
    throw new Error(`queryRange "${q.series}": agg "${String(q.agg)}" is not one of ${AGGREGATIONS.join(', ')}`)
  }
  const buckets = Math.ceil((q.to - q.from) / stepMs)
  if (buckets > MAX_QUERY_BUCKETS) {
    throw new Error(
      `queryRange "${q.series}": ${buckets} buckets requested (range / step); at most ${MAX_QUERY_BUCKETS} allowed, use a larger step`
    )
  }
  return stepMs
}

function checkSeriesAndLabels(series: unknown, labels: unknown): void {
  if (typeof series !== 'string' || series === '') throw new Error('a series name (non-empty string) is required')
  const problem = labelsProblem(labels)
  if (problem) throw new Error(`labels filter for "${series}": ${problem}`)
}
