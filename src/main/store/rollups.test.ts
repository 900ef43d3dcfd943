import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AGGREGATIONS } from '@shared/types'
import type { IngestSample, Labels, Point, RangeQuery } from '@shared/types'
import { openStore } from './duckdb-store'
import type { DuckDBStore } from './duckdb-store'
import { LONG_RETENTION, referenceRange, tempDir } from './test-support'

const T0 = Date.UTC(2024, 0, 1) // an hour boundary
const HOUR = 3_600_000

/** Three cpu series (two in dc x) sampled every 10 s for 3 h, values exact in binary (multiples of 0.25). */
function workload(): IngestSample[] {
  const out: IngestSample[] = []
  const series: Labels[] = [
    { host: 'a', dc: 'x' },
    { host: 'b', dc: 'x' },
    { host: 'c', dc: 'y' }
  ]
  for (let i = 0; i < 3 * 360; i++) {
    series.forEach((labels, k) => {
      // Hosts a and b share timestamps every 4th sample, so "last" has to break ties.
      const offset = i % 4 === 0 && k < 2 ? 0 : k * 3000 + 1
      out.push({ name: 'cpu', labels, ts: T0 + i * 10_000 + offset, value: ((i * 7 + k * 13) % 41) * 0.25 - 4 })
    })
  }
  out.push({ name: 'mem', labels: { host: 'a' }, ts: T0 + 5, value: 1 })
  return out
}

/** Range queries over aligned and unaligned ranges, several steps and label filters. */
function queries(): RangeQuery[] {
  const out: RangeQuery[] = []
  const ranges: Array<[number, number]> = [
    [T0, T0 + 3 * HOUR],
    [T0 + 17_000, T0 + 2 * HOUR + 31 * 60_000 + 5_000],
    [T0 - HOUR, T0 + 5 * HOUR]
  ]
  for (const agg of AGGREGATIONS) {
    for (const step of [60, 300, 3600, 7200, 45]) {
      for (const [from, to] of ranges) {
        for (const labels of [undefined, { dc: 'x' }]) out.push({ series: 'cpu', labels, from, to, step, agg })
      }
    }
  }
  return out
}

/** Equal buckets and values: exactly for min/max/count/last, within a relative 1e-9 for sums and averages. */
function expectSameAnswer(actual: Point[], expected: Point[], q: RangeQuery): void {
  const what = JSON.stringify(q)
  expect(actual.map((p) => p[0]), what).toEqual(expected.map((p) => p[0]))
  if (q.agg !== 'sum' && q.agg !== 'avg') {
    expect(actual, what).toEqual(expected)
    return
  }
  let worst = 0
  actual.forEach(([, v], i) => {
    const e = expected[i][1]
    worst = Math.max(worst, Math.abs(v - e) / Math.max(Math.abs(e), Number.MIN_VALUE))
  })
  expect(worst, what).toBeLessThanOrEqual(1e-9)
}

describe('roll-ups', () => {
  let tmp: ReturnType<typeof tempDir>
  let file: string
  let store: DuckDBStore | null = null
  const reopen = async (): Promise<DuckDBStore> => {
    await store?.close()
    store = await openStore({ path: file, retention: LONG_RETENTION })
    return store
  }

  beforeEach(() => {
    tmp = tempDir('rollups')
    file = join(tmp.dir, 'vigil.duckdb')
  })
  afterEach(async () => {
    await store?.close()
    store = null
    tmp.cleanup()
  })

  async function expectAllMatch(s: DuckDBStore, samples: IngestSample[]): Promise<Map<string, string | undefined>> {
    const tiers = new Map<string, string | undefined>()
    for (const q of queries()) {
      const result = await s.queryRange(q)
      expect(result.points, JSON.stringify(q)).toEqual(referenceRange(samples, q))
      tiers.set(`${q.agg}:${q.step}:${q.from}:${q.to}:${q.labels?.dc ?? ''}`, result.tier)
    }
    return tiers
  }

  it('answer exactly like raw samples for every aggregation, also after late samples', async () => {
    const samples = workload()
    let s = await reopen()
    await s.append('src', samples)
    const rawTiers = await expectAllMatch(s, samples)
    expect(new Set(rawTiers.values())).toEqual(new Set(['raw']))

    const report = await s.runMaintenance(T0 + 3 * HOUR + 10 * 60_000)
    // 3 cpu series × 180 minutes + mem's one minute; 3 × 3 hours + 1.
    expect(report.rolledUp).toEqual({ '1m': 541, '1h': 10 })
    const tiers = await expectAllMatch(s, samples)
    expect(tiers.get(`sum:3600:${T0}:${T0 + 3 * HOUR}:`)).toBe('1h')
    expect(tiers.get(`sum:60:${T0}:${T0 + 3 * HOUR}:`)).toBe('1m')
    expect(tiers.get(`sum:300:${T0 + 17_000}:${T0 + 2 * HOUR + 31 * 60_000 + 5_000}:`)).toBe('mixed')
    expect(tiers.get(`sum:45:${T0}:${T0 + 3 * HOUR}:`)).toBe('raw')

    // Late samples into buckets already rolled up: new extremes, a "last" tie, a new series.
    const late: IngestSample[] = [
      { name: 'cpu', labels: { host: 'a', dc: 'x' }, ts: T0 + 5 * 60_000 + 500, value: 99 },
      { name: 'cpu', labels: { host: 'b', dc: 'x' }, ts: T0 + 59 * 60_000 + 59_999, value: -77.5 },
      { name: 'cpu', labels: { host: 'a', dc: 'x' }, ts: T0 + HOUR + 30 * 60_000, value: 1000 },
      { name: 'cpu', labels: { host: 'b', dc: 'x' }, ts: T0 + HOUR + 30 * 60_000, value: 1000.25 },
      { name: 'cpu', labels: { host: 'd', dc: 'x' }, ts: T0 + 2 * HOUR + 1, value: 3 }
    ]
    await s.append('src', late)
    const all = [...samples, ...late]
    const dirtyTiers = await expectAllMatch(s, all)
    // The first hour is dirty from minute 5, so the 1h tier no longer answers: the minute tier
    // stands in for the minutes before the late sample, raw samples for the rest.
    expect(dirtyTiers.get(`sum:3600:${T0}:${T0 + 3 * HOUR}:`)).toBe('mixed')
    expect(dirtyTiers.get(`sum:60:${T0}:${T0 + 3 * HOUR}:`)).toBe('mixed')

    // The dirty mark was committed with the late samples: a restart still avoids the stale roll-up.
    s = await reopen()
    const reopenedTiers = await expectAllMatch(s, all)
    expect(reopenedTiers.get(`sum:3600:${T0}:${T0 + 3 * HOUR}:`)).toBe('mixed')

    await s.runMaintenance(T0 + 3 * HOUR + 11 * 60_000)
    const fixed = await expectAllMatch(s, all)
    expect(fixed.get(`sum:3600:${T0}:${T0 + 3 * HOUR}:`)).toBe('1h')
    expect(fixed.get(`last:60:${T0}:${T0 + 3 * HOUR}:x`)).toBe('1m')
  })

  it('agree with a raw-only store for arbitrary doubles (sums to 1e-9, the rest exactly), including late samples', async () => {
    // Pseudo-random values with full 53-bit mantissas: here the order of additions shows.
    let seed = 42
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return (seed / 2147483648) * 1000 - 300 + seed / 7e12
    }
    const make = (n: number, every: number): IngestSample[] =>
      Array.from({ length: n }, (_, i) => ({ name: 'f', labels: { s: String(i % 7) }, ts: T0 + i * every, value: random() }))
    const samples = make(150_000, 150)
    const late = make(3000, 3001)
    const rolled = await reopen()
    const rawOnly = await openStore({ path: join(tmp.dir, 'raw-only.duckdb'), retention: LONG_RETENTION })
    try {
      const qs: RangeQuery[] = AGGREGATIONS.flatMap((agg) =>
        [60, 300, 3600, 7200].flatMap((step) =>
          [
            [T0, T0 + 6 * HOUR],
            [T0 + 1234, T0 + 5 * HOUR + 17]
          ].map(([from, to]) => ({ series: 'f', from, to, step, agg }))
        )
      )
      const compare = async (): Promise<Set<string | undefined>> => {
        const tiers = new Set<string | undefined>()
        for (const q of qs) {
          const [a, b] = [await rolled.queryRange(q), await rawOnly.queryRange(q)]
          expect(b.tier).toBe('raw')
          expectSameAnswer(a.points, b.points, q)
          tiers.add(a.tier)
        }
        return tiers
      }
      await rolled.append('src', samples)
      await rawOnly.append('src', samples)
      await rolled.runMaintenance(T0 + 7 * HOUR)
      expect(await compare()).toEqual(new Set(['1m', '1h', 'mixed']))
      await rolled.append('src', late)
      await rawOnly.append('src', late)
      await compare()
      await rolled.runMaintenance(T0 + 7 * HOUR)
      expect(await compare()).toEqual(new Set(['1m', '1h', 'mixed']))
    } finally {
      await rawOnly.close()
    }
  })

  it('only rolls up closed buckets and leaves the open one to raw', async () => {
    const s = await reopen()
    const samples: IngestSample[] = [0, 30_000, 61_000, 125_000].map((dt, i) => ({ name: 'g', labels: {}, ts: T0 + dt, value: i }))
    await s.append('src', samples)
    const report = await s.runMaintenance(T0 + 125_500)
    expect(report.rolledUp['1m']).toBe(2) // minutes 0 and 1; minute 2 is still open
    expect(report.rolledUp['1h']).toBe(0)
    expect((await s.stats()).watermarks).toEqual({ '1m': T0 + 120_000, '1h': T0 })
    const q: RangeQuery = { series: 'g', from: T0, to: T0 + 180_000, step: 60, agg: 'sum' }
    const r = await s.queryRange(q)
    expect(r.tier).toBe('mixed')
    expect(r.points).toEqual(referenceRange(samples, q))
    // Running again with the same clock adds nothing.
    expect((await s.runMaintenance(T0 + 125_500)).rolledUp).toEqual({ '1m': 0, '1h': 0 })
  })
})
