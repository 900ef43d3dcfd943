import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IngestSample, RangeQuery } from '@shared/types'
import { openStore } from './duckdb-store'
import type { DuckDBStore } from './duckdb-store'
import type { RetentionPolicy } from './metric-store'
import { referenceRange, tempDir } from './test-support'

const HOUR = 3_600_000
const MINUTE = 60_000
const DAY = 24 * HOUR
const T0 = Date.UTC(2024, 5, 1)
const RETENTION: RetentionPolicy = { raw: 3 * HOUR, '1m': 12 * HOUR, '1h': 3 * DAY }

/** One sample every 30 s for 5 days, plus one ancient sample of another series. */
function workload(): IngestSample[] {
  const out: IngestSample[] = []
  for (let t = T0; t < T0 + 5 * DAY; t += 30_000) out.push({ name: 'load', labels: { host: 'h' }, ts: t, value: ((t / 30_000) % 17) * 0.5 })
  out.push({ name: 'old_metric', labels: {}, ts: T0, value: 7 })
  return out
}

/** Distinct buckets of `size` holding samples, kept when they end after `cutoff` and are closed before `watermark`. */
function keptBuckets(samples: IngestSample[], size: number, cutoff: number, watermark: number): number {
  const keys = new Set<string>()
  for (const s of samples) {
    const b = Math.floor(s.ts / size) * size
    if (b + size > cutoff && b < watermark) keys.add(`${s.name}${JSON.stringify(s.labels)}@${b}`)
  }
  return keys.size
}

describe('retention', () => {
  let tmp: ReturnType<typeof tempDir>
  let store: DuckDBStore

  beforeEach(async () => {
    tmp = tempDir('retention')
    store = await openStore({ path: join(tmp.dir, 'vigil.duckdb'), retention: RETENTION })
  })
  afterEach(async () => {
    await store.close()
    tmp.cleanup()
  })

  it('deletes exactly what each tier outlived, and roll-ups keep answering after raw is gone', async () => {
    const samples = workload()
    await store.append('src', samples)
    expect(await store.latest('old_metric')).toHaveLength(1)
    const now = T0 + 5 * DAY + 7 * MINUTE
    const report = await store.runMaintenance(now)

    // Raw is cut on the hour at or before now - 3h.
    const rawCutoff = Math.floor((now - RETENTION.raw) / HOUR) * HOUR
    const rawKept = samples.filter((s) => s.ts >= rawCutoff).length
    expect(rawKept).toBe(360)
    const m1Kept = keptBuckets(samples, MINUTE, now - RETENTION['1m'], Math.floor(now / MINUTE) * MINUTE)
    const h1Kept = keptBuckets(samples, HOUR, now - RETENTION['1h'], Math.floor(now / HOUR) * HOUR)
    const stats = await store.stats()
    expect(stats).toMatchObject({ samples: rawKept, rollup1m: m1Kept, rollup1h: h1Kept })
    expect(report.deleted.raw).toBe(samples.length - rawKept)
    expect(report.deleted['1m']).toBe(report.rolledUp['1m'] - m1Kept)
    expect(report.deleted['1h']).toBe(report.rolledUp['1h'] - h1Kept)

    // A multi-day view at a 1h step comes from the 1h tier and still equals the original data.
    const firstHour = Math.ceil((now - RETENTION['1h']) / HOUR) * HOUR
    const days: RangeQuery = { series: 'load', from: firstHour, to: T0 + 5 * DAY, step: 3600, agg: 'avg' }
    const daysResult = await store.queryRange(days)
    expect(daysResult.tier).toBe('1h')
    expect(daysResult.points).toHaveLength(71)
    expect(daysResult.points).toEqual(referenceRange(samples, days))
    for (const agg of ['max', 'count', 'last'] as const) {
      const hours: RangeQuery = { series: 'load', from: T0 + 5 * DAY - 10 * HOUR, to: T0 + 5 * DAY - 4 * HOUR, step: 300, agg }
      const r = await store.queryRange(hours)
      expect(r.tier).toBe('1m')
      expect(r.points).toEqual(referenceRange(samples, hours))
    }
    // Raw-only steps find nothing where raw expired.
    expect((await store.queryRange({ series: 'load', from: T0 + 4 * DAY, to: T0 + 4 * DAY + HOUR, step: 45, agg: 'count' })).points).toEqual([])

    // A series whose every trace expired has no latest value any more.
    expect(await store.latest('old_metric')).toEqual([])
    expect(await store.latest('load')).toHaveLength(1)

    // Same clock again: nothing more to delete.
    expect(await store.runMaintenance(now)).toEqual({ rolledUp: { '1m': 0, '1h': 0 }, deleted: { raw: 0, '1m': 0, '1h': 0, annotations: 0, predictions: 0 } })
    // One hour later: exactly the next hour of raw samples goes.
    expect((await store.runMaintenance(now + HOUR)).deleted.raw).toBe(120)
  })

  it('merges a late sample older than the raw floor into the roll-ups exactly once', async () => {
    const samples = workload()
    await store.append('src', samples)
    const now = T0 + 5 * DAY + 7 * MINUTE
    await store.runMaintenance(now)
    const hourQ = (agg: 'count' | 'max' | 'sum'): RangeQuery => ({ series: 'load', from: T0 + 4 * DAY, to: T0 + 4 * DAY + HOUR, step: 3600, agg })
    expect((await store.queryRange(hourQ('count'))).points).toEqual([[T0 + 4 * DAY, 120]])

    const late: IngestSample = { name: 'load', labels: { host: 'h' }, ts: T0 + 4 * DAY + 30 * MINUTE + 1, value: 1000 }
    await store.append('src', [late])
    const rawBefore = (await store.stats()).samples

    await store.runMaintenance(now + MINUTE)
    const all = [...samples, late]
    for (const agg of ['count', 'max', 'sum'] as const) {
      const r = await store.queryRange(hourQ(agg))
      expect(r.tier).toBe('1h')
      expect(r.points).toEqual(referenceRange(all, hourQ(agg)))
    }
    // The late sample itself was older than raw retention, so it is gone from raw.
    expect((await store.stats()).samples).toBe(rawBefore - 1)
    // No double counting on later runs.
    await store.runMaintenance(now + 2 * MINUTE)
    expect((await store.queryRange(hourQ('count'))).points).toEqual([[T0 + 4 * DAY, 121]])
  })
})
