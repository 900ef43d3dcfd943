// Review mode's store: the same answers from Parquet views as from the live store file, rolled-up
// tiers included, and every write refused.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AGGREGATIONS } from '@shared/types'
import type { IngestSample, RangeQuery } from '@shared/types'
import { expectNearlyEqual } from '../../../test/helpers/nearly-equal'
import type { ArchivedTable } from '../archive/format'
import { openArchiveStore } from './archive-store'
import { openStore } from './duckdb-store'
import type { DuckDBStore } from './duckdb-store'
import { LONG_RETENTION, tempDir } from './test-support'

const T0 = Date.UTC(2024, 2, 1)
const HOUR = 3_600_000

function workload(): IngestSample[] {
  const out: IngestSample[] = []
  // Six hours, a sample every 10 s per host, values that make float sums order-sensitive.
  for (let t = 0; t < 6 * HOUR; t += 10_000) {
    for (const host of ['a', 'b', 'c']) {
      out.push({ name: 'cpu', labels: { host, dc: host === 'c' ? 'us' : 'eu' }, ts: T0 + t, value: Math.sin(t / 1e6) * 40 + 50 + host.charCodeAt(0) / 7 })
    }
  }
  out.push({ name: 'queue_depth', ts: T0 + 5 * HOUR, value: 12, unit: 'items' } as IngestSample)
  return out
}

describe('archive store', () => {
  let tmp: ReturnType<typeof tempDir>
  const stores: DuckDBStore[] = []
  beforeEach(() => {
    tmp = tempDir('archive-store')
  })
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close()
    tmp.cleanup()
  })

  /** A live store file with samples, roll-ups up to 4 h in and two annotations; returns its answers and its Parquet copy. */
  async function liveAndParquet(queries: RangeQuery[]) {
    const file = join(tmp.dir, 'live.duckdb')
    const live = await openStore({ path: file, retention: LONG_RETENTION, clock: () => T0 })
    await live.append('demo', workload())
    await live.runMaintenance(T0 + 4 * HOUR)
    expect((await live.stats()).rollup1h).toBeGreaterThan(0)
    await live.addAnnotation({ source: 'demo', key: 'd1', kind: 'deployment', ts: T0 + HOUR, endTs: null, title: 'v2 rolled out', text: null, series: ['cpu'], labels: {} })
    await live.addAnnotation({ source: 'user', kind: 'note', ts: T0 + 2 * HOUR, endTs: T0 + 3 * HOUR, title: 'load test', text: 'planned', series: [], labels: { dc: 'eu' } })
    const dir = join(tmp.dir, 'parquet')
    mkdirSync(dir)
    // The archive exporter's own table export (rows of [T0, T0 + 6 h), tier progress).
    const exported = await live.exportArchiveTables({ from: T0, to: T0 + 6 * HOUR, dir })
    const answers = {
      ranges: await Promise.all(queries.map((q) => live.queryRange(q))),
      many: await live.queryRangeMany(queries),
      latest: await live.latest('cpu', { dc: 'eu' }),
      series: await live.listSeries(),
      annotations: await live.listAnnotations({ from: T0, to: T0 + 6 * HOUR }),
      window: await live.samples('cpu', { host: 'a' }, T0 + HOUR, T0 + HOUR + 60_000)
    }
    await live.close()
    return { answers, tables: Object.fromEntries(exported.tables.map((t) => [t.table, t.file])) as Record<ArchivedTable, string>, tiers: exported.tiers }
  }

  it('answers every query as the live store did, roll-up tiers included', async () => {
    const queries: RangeQuery[] = []
    for (const agg of AGGREGATIONS) {
      for (const step of [60, 600, 3600]) {
        queries.push({ series: 'cpu', from: T0 + 90_000, to: T0 + 6 * HOUR, step, agg })
        queries.push({ series: 'cpu', labels: { dc: 'eu' }, from: T0, to: T0 + 5 * HOUR + 7, step, agg })
        queries.push({ series: 'cpu', from: T0, to: T0 + 4 * HOUR, step, agg })
      }
    }
    const { answers, tables, tiers } = await liveAndParquet(queries)
    // With the tier progress the export recorded, and without it (derived from the roll-ups).
    for (const recorded of [tiers, undefined]) {
      const store = await openArchiveStore({ name: 'test.vigil', tables, tiers: recorded })
      stores.push(store)
      await expectSameAnswers(store, queries, answers)
    }
  })

  it('takes the latest values it is given instead of scanning the samples, and refuses ones that do not fit its catalog', async () => {
    const { answers, tables, tiers } = await liveAndParquet([])
    const scanned = await openArchiveStore({ name: 'test.vigil', tables, tiers })
    stores.push(scanned)
    const rows = await scanned.latestValues()
    expect(rows).toHaveLength((await scanned.listSeries()).length)
    // Handed back: the same answers as the scan.
    const seeded = await openArchiveStore({ name: 'test.vigil', tables, tiers, latest: rows })
    stores.push(seeded)
    expect(await seeded.latest('cpu', { dc: 'eu' })).toEqual(answers.latest)
    expect(await seeded.latestValues()).toEqual(rows)
    // Values no sample has: served as given, so the samples were not scanned.
    const marked = rows.map(([id, ts]) => [id, ts, -1] as [number, number, number])
    const trusting = await openArchiveStore({ name: 'test.vigil', tables, tiers, latest: marked })
    stores.push(trusting)
    expect((await trusting.latest('cpu', { dc: 'eu' })).map((l) => l.value)).toEqual([-1, -1])
    const maxId = Math.max(...rows.map(([id]) => id))
    await expect(openArchiveStore({ name: 'test.vigil', tables, tiers, latest: [...rows, [maxId + 1, T0, 1]] })).rejects.toThrow(
      `latest value #${rows.length} is not (series id of this catalog, ts, value): [${maxId + 1},${T0},1]`
    )
  })

  async function expectSameAnswers(store: DuckDBStore, queries: RangeQuery[], answers: Awaited<ReturnType<typeof liveAndParquet>>['answers']) {
    const ranges = await Promise.all(queries.map((q) => store.queryRange(q)))
    // Sums may add in another order (another row order in Parquet): equal to 1e-9 relative. The
    // tier label may differ: the exporter keeps 1m roll-ups only where raw samples are gone, so
    // the archive answers those buckets from the raw samples the live store rolled up.
    const points = (rs: { points: unknown }[]) => rs.map((r) => r.points)
    expectNearlyEqual(points(ranges), points(answers.ranges), 'ranges')
    expect(ranges.map((r) => r.tier)).toEqual(expect.arrayContaining(['1h', 'mixed']))
    expectNearlyEqual(points(await store.queryRangeMany(queries)), points(answers.many), 'queryRangeMany')
    expect(await store.latest('cpu', { dc: 'eu' })).toEqual(answers.latest)
    expect(await store.listSeries()).toEqual(answers.series)
    expect((await store.listSeries()).find((s) => s.name === 'queue_depth')?.unit).toBe('items')
    expect(await store.listAnnotations({ from: T0, to: T0 + 6 * HOUR })).toEqual(answers.annotations)
    expect(answers.annotations).toHaveLength(2)
    expect(await store.samples('cpu', { host: 'a' }, T0 + HOUR, T0 + HOUR + 60_000)).toEqual(answers.window)
    const stats = await store.stats()
    expect(stats.samples).toBe(workload().length)
    expect(stats.watermarks['1h']).toBe(T0 + 4 * HOUR)
  }

  it('stores exact decimals as DECIMAL and every other value as a DOUBLE, and reads both back bit for bit', async () => {
    const live = await openStore({ path: join(tmp.dir, 'values.duckdb'), retention: LONG_RETENTION, clock: () => T0 })
    // Mostly 3-decimal values (the scale chosen), then values no DECIMAL(18,3) holds exactly.
    const awkward = [0.1 + 0.2, -0, 1 / 3, 1e300, -5e-324, 2 ** 53 + 2, 1e15, 1.23456789, Number.MAX_VALUE, -Number.MIN_VALUE]
    const decimals = Array.from({ length: 500 }, (_, i) => Math.round((Math.sin(i) * 1000 + i) * 1000) / 1000)
    const values = [...decimals, ...awkward, 0, -2.5, 42]
    await live.append('push', values.map((value, i) => ({ name: 'v', labels: {}, ts: T0 + i * 1000, value })))
    const dir = join(tmp.dir, 'values')
    mkdirSync(dir)
    const exported = await live.exportArchiveTables({ from: T0, to: T0 + HOUR, dir })
    const expected = await live.samples('v', undefined, T0 - 1, T0 + HOUR)
    await live.close()
    const samples = exported.tables.find((t) => t.table === 'samples')!
    expect(samples.values).toEqual({ decimalScale: 3, doubleRows: awkward.length })
    const store = await openArchiveStore({ name: 'values.vigil', tables: { series: exported.tables[0].file, samples: samples.file } })
    stores.push(store)
    const got = await store.samples('v', undefined, T0 - 1, T0 + HOUR)
    const flat = (r: typeof got) => r.flatMap((s) => s.points.map(([, v]) => v))
    expect(flat(expected)).toHaveLength(values.length)
    // Object.is tells -0 from 0; toEqual alone would not.
    flat(got).forEach((v, i) => expect(Object.is(v, values[i]), `value ${i}: ${v} vs ${values[i]}`).toBe(true))
    expect(got).toEqual(expected)
  })

  it('refuses every write with a read-only error naming the archive', async () => {
    const { tables } = await liveAndParquet([])
    const store = await openArchiveStore({ name: 'q3-review.vigil', tables })
    stores.push(store)
    const attempts: [string, () => Promise<unknown>][] = [
      ['append', () => store.append('push', [{ name: 'cpu', labels: {}, ts: T0, value: 1 }])],
      ['addAnnotation', () => store.addAnnotation({ source: 'user', kind: 'note', ts: T0, endTs: null, title: 'x', text: null, series: [], labels: {} })],
      ['setState', () => store.setState('demo', 'cursor', 1)],
      ['runMaintenance', () => store.runMaintenance(T0 + 10 * HOUR)],
      ['predictions append', () => store.predictions.append([{ model: 'fraud', ts: T0, prediction: 1, score: 0.9, label: null, latencyMs: null, features: {} }])],
      ['alert state', () => store.alerts.saveState({ routing: null, rules: {} } as never, T0)],
      ['outbox', () => store.outbox.prune(T0)]
    ]
    for (const [what, attempt] of attempts) {
      const err = (await attempt().then(
        () => null,
        (e: unknown) => e
      )) as Error | null
      expect(err, what).not.toBeNull()
      expect(err!.name, what).toBe('ReadOnlyError')
      expect(err!.message, what).toContain('archive "q3-review.vigil" is open read-only')
    }
    // Nothing changed.
    expect((await store.stats()).samples).toBe(workload().length)
  })

  it('serves an archive without some tables as empty ones', async () => {
    const { tables } = await liveAndParquet([])
    const store = await openArchiveStore({ name: 'partial.vigil', tables: { series: tables.series, samples: tables.samples } })
    stores.push(store)
    expect(await store.listAnnotations({ from: T0, to: T0 + 6 * HOUR })).toEqual([])
    expect(await store.predictions.listModels()).toEqual([])
    const r = await store.queryRange({ series: 'cpu', from: T0, to: T0 + 6 * HOUR, step: 3600, agg: 'count' })
    expect(r.tier).toBe('raw')
    expect(r.points.reduce((a, [, v]) => a + v, 0)).toBe(workload().length - 1)
  })

  it('refuses a Parquet file that is not a store table, naming the table and the column', async () => {
    const { tables } = await liveAndParquet([])
    const err = await openArchiveStore({ name: 'odd.vigil', tables: { series: tables.samples } }).catch((e: unknown) => e as Error)
    expect((err as Error).message).toContain('archive "odd.vigil": the series table lacks column "id"')
    const junk = join(tmp.dir, 'junk.parquet')
    writeFileSync(junk, 'not parquet at all')
    const err2 = await openArchiveStore({ name: 'odd.vigil', tables: { samples: junk } }).catch((e: unknown) => e as Error)
    expect((err2 as Error).message).toMatch(/^archive "odd.vigil": the samples table cannot be read as Parquet: /)
  })
})
