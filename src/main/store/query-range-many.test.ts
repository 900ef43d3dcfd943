import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IngestSample, RangeQuery } from '@shared/types'
import { openStore } from './duckdb-store'
import type { DuckDBStore } from './duckdb-store'
import { RangeBatcher } from './range-batcher'
import type { PendingRange } from './range-batcher'
import { LONG_RETENTION, referenceRange, tempDir } from './test-support'

const T0 = Date.UTC(2024, 3, 1) // an hour boundary
const HOUR = 3_600_000

/** Latency of three services in two regions every 20 s for 4 h, values exact in binary. */
function workload(): IngestSample[] {
  const out: IngestSample[] = []
  const services = [
    { service: 'api', region: 'eu' },
    { service: 'web', region: 'eu' },
    { service: 'etl', region: 'us' }
  ]
  for (let i = 0; i < 4 * 180; i++) {
    services.forEach((labels, k) => out.push({ name: 'latency', labels, ts: T0 + i * 20_000 + k * 1000, value: ((i * 5 + k * 11) % 37) * 0.5 }))
    if (i % 3 === 0) out.push({ name: 'queue', labels: { q: 'a' }, ts: T0 + i * 20_000, value: i % 9 })
  }
  return out
}

/** Windows and filters a view mixes: shared windows, other steps and aggregations, label filters, no matches. */
function batch(): RangeQuery[] {
  const day = { from: T0, to: T0 + 4 * HOUR }
  const odd = { from: T0 + 7_000, to: T0 + 3 * HOUR + 5 * 60_000 + 13 }
  return [
    { series: 'latency', ...day, step: 300, agg: 'avg' },
    { series: 'latency', labels: { region: 'eu' }, ...day, step: 300, agg: 'avg' },
    { series: 'latency', labels: { service: 'etl' }, ...day, step: 300, agg: 'avg' },
    { series: 'queue', ...day, step: 300, agg: 'avg' },
    { series: 'latency', labels: { region: 'mars' }, ...day, step: 300, agg: 'avg' }, // no such labels
    { series: 'nope', ...day, step: 300, agg: 'avg' }, // unknown series
    { series: 'latency', labels: { service: 'api' }, ...day, step: 3600, agg: 'max' },
    { series: 'latency', ...odd, step: 60, agg: 'last' },
    { series: 'latency', labels: { region: 'eu' }, ...odd, step: 60, agg: 'count' },
    { series: 'queue', ...odd, step: 45, agg: 'sum' },
    { series: 'latency', ...day, step: 300, agg: 'min' },
    { series: 'latency', labels: { region: 'eu' }, from: T0 + 5 * HOUR, to: T0 + 6 * HOUR, step: 60, agg: 'avg' } // after the data
  ]
}

describe('queryRangeMany', () => {
  let tmp: ReturnType<typeof tempDir>
  let store: DuckDBStore
  const samples = workload()

  beforeEach(async () => {
    tmp = tempDir('many')
    store = await openStore({ path: join(tmp.dir, 'vigil.duckdb'), retention: LONG_RETENTION })
    await store.append('src', samples)
  })
  afterEach(async () => {
    await store.close()
    tmp.cleanup()
  })

  async function expectSameAsSingles(): Promise<Set<string | undefined>> {
    const queries = batch()
    const many = await store.queryRangeMany(queries)
    expect(many).toHaveLength(queries.length)
    const tiers = new Set<string | undefined>()
    for (const [i, q] of queries.entries()) {
      const single = await store.queryRange(q)
      expect(many[i], JSON.stringify(q)).toEqual(single)
      expect(many[i].points, JSON.stringify(q)).toEqual(referenceRange(samples, q))
      tiers.add(many[i].tier)
    }
    return tiers
  }

  it('answers like one queryRange per query, from raw samples and from roll-ups', async () => {
    expect(await expectSameAsSingles()).toEqual(new Set(['raw']))
    await store.runMaintenance(T0 + 4 * HOUR + 30 * 60_000)
    const tiers = await expectSameAsSingles()
    expect(tiers.has('1m') || tiers.has('1h') || tiers.has('mixed')).toBe(true)
  })

  it('gives empty results for unknown series, unmatched labels and windows without data', async () => {
    const [unknown, unmatched, after, some] = await store.queryRangeMany([
      { series: 'nope', from: T0, to: T0 + HOUR, step: 60, agg: 'avg' },
      { series: 'latency', labels: { region: 'mars' }, from: T0, to: T0 + HOUR, step: 60, agg: 'avg' },
      { series: 'latency', from: T0 + 10 * HOUR, to: T0 + 11 * HOUR, step: 60, agg: 'avg' },
      { series: 'latency', from: T0, to: T0 + HOUR, step: 60, agg: 'avg' }
    ])
    expect(unknown).toEqual({ series: 'nope', points: [], tier: 'raw' })
    expect(unmatched.points).toEqual([])
    expect(after.points).toEqual([])
    expect(some.points).toHaveLength(60)
    expect(await store.queryRangeMany([])).toEqual([])
  })

  it('keeps answers apart when one series belongs to several queries of a batch', async () => {
    const w = { from: T0, to: T0 + 2 * HOUR, step: 600, agg: 'sum' as const }
    const queries: RangeQuery[] = [
      { series: 'latency', labels: { service: 'api' }, ...w },
      { series: 'latency', labels: { region: 'eu' }, ...w },
      { series: 'latency', ...w },
      { series: 'latency', labels: { service: 'api' }, ...w }
    ]
    const results = await store.queryRangeMany(queries)
    results.forEach((r, i) => expect(r.points).toEqual(referenceRange(samples, queries[i])))
    expect(results[0]).toEqual(results[3])
    expect(results[2].points[0][1]).toBeGreaterThan(results[1].points[0][1])
  })

  it('answers concurrent single queries over one window correctly (they share a statement)', async () => {
    const queries = batch()
    const answers = await Promise.all(queries.map((q) => store.queryRange(q)))
    answers.forEach((a, i) => expect(a.points, JSON.stringify(queries[i])).toEqual(referenceRange(samples, queries[i])))
  })

  it('refuses a batch with a bad query, naming its position', async () => {
    const ok: RangeQuery = { series: 'latency', from: T0, to: T0 + HOUR, step: 60, agg: 'avg' }
    await expect(store.queryRangeMany([ok, { ...ok, to: T0 }])).rejects.toThrow(/queryRangeMany\[1\] "latency": "to" .* must be after "from"/)
    await expect(store.queryRangeMany([ok, { ...ok, agg: 'p99' as never }])).rejects.toThrow(/queryRangeMany\[1\] "latency": agg "p99" is not one of/)
    await expect(store.queryRangeMany({} as never)).rejects.toThrow(/needs an array of range queries/)
  })
})

describe('RangeBatcher', () => {
  const pending = (from: number, agg: PendingRange['agg'], id: number): PendingRange => ({
    from,
    to: from + 1000,
    stepMs: 60_000,
    agg,
    ids: [id],
    resolve: () => undefined,
    reject: () => undefined
  })

  it('groups queries by window and aggregation, opening a group once until it is taken', () => {
    const b = new RangeBatcher()
    const [a1, b1, a2, c1] = [pending(0, 'avg', 1), pending(5, 'avg', 2), pending(0, 'avg', 3), pending(0, 'max', 4)]
    const keys = [a1, b1, a2, c1].map((p) => b.add(p))
    expect(keys[0]).not.toBeNull()
    expect(keys[1]).not.toBeNull()
    expect(keys[2]).toBeNull() // joined a1's group
    expect(new Set(keys.filter((k) => k !== null)).size).toBe(3)
    expect(b.take(keys[0] as string)).toEqual([a1, a2])
    expect(b.take(keys[0] as string)).toEqual([])
    // A query arriving after its group was taken opens a new one.
    const a3 = pending(0, 'avg', 5)
    expect(b.add(a3)).toBe(keys[0])
    expect(b.take(keys[0] as string)).toEqual([a3])
    expect(b.take(keys[1] as string)).toEqual([b1])
    expect(b.take(keys[3] as string)).toEqual([c1])
  })
})
