// Retention deletes what it says it deletes: per tier, as of an injected clock, from every table
// that holds samples (raw, both roll-ups, the series catalog of series left without data) and
// from predictions and annotations; newer rows stay. Deleted rows are unreadable at once; their
// bytes can linger in DuckDB's freed blocks until compaction rewrites the file, which this proves.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { IngestSample } from '@shared/types'
import { openStore } from '../../src/main/store/duckdb-store'
import { compactDatabaseFile } from '../../src/main/store/compact'
import type { RetentionPolicy } from '../../src/main/store/metric-store'
import { tempDir } from '../../src/main/store/test-support'
import { bytesContaining, databaseText } from './scan-store'

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 24 * HOUR
const T0 = Date.UTC(2025, 0, 6)
const POLICY: RetentionPolicy = { raw: 6 * HOUR, '1m': 2 * DAY, '1h': 10 * DAY }
// Only the old rows carry these: a series name (stored as plain text in the catalog) and a label value.
const CANARY_SERIES = 'canary_departed_series_q8z'
const CANARY_LABEL = 'canary-departed-person-r5'
const CANARY_FEATURE = 'canary-feature-value-w3'
const CANARY_NOTE = 'canary-annotation-text-p2'

/** A kept series every 5 minutes for 15 days, the canary series only on day 0. */
function workload(): IngestSample[] {
  const out: IngestSample[] = []
  for (let t = T0; t < T0 + 15 * DAY; t += 5 * MINUTE) out.push({ name: 'kept_load', labels: { host: 'a' }, ts: t, value: (t / MINUTE) % 13 })
  for (let t = T0; t < T0 + HOUR; t += MINUTE) out.push({ name: CANARY_SERIES, labels: { person: CANARY_LABEL }, ts: t, value: 1 })
  return out
}

describe('retention', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => {
    for (const c of cleanups.splice(0)) c()
  })

  it('deletes every tier past its age from every table, keeps newer rows, and compaction removes the deleted bytes from the file', async () => {
    const tmp = tempDir('retention-privacy')
    cleanups.push(tmp.cleanup)
    const file = join(tmp.dir, 'vigil.duckdb')
    const samples = workload()
    let store = await openStore({ path: file, retention: POLICY, clock: () => T0 })
    await store.append('src', samples)
    await store.predictions.append([
      { ts: T0 + MINUTE, model: 'm', id: 'old', prediction: 1, score: 0.9, label: null, latencyMs: null, features: { segment: CANARY_FEATURE } },
      { ts: T0 + 15 * DAY - HOUR, model: 'm', id: 'new', prediction: 0, score: 0.1, label: null, latencyMs: null, features: { segment: 'b' } }
    ])
    await store.addAnnotation({ kind: 'deployment', ts: T0, endTs: null, title: 'old deploy', text: CANARY_NOTE, series: [], labels: {}, source: 'test' })
    // Roll everything up as of day 15 with nothing old enough to delete yet.
    const lenient: RetentionPolicy = { raw: 30 * DAY, '1m': 30 * DAY, '1h': 30 * DAY }
    await store.close()
    store = await openStore({ path: file, retention: lenient, clock: () => T0 })
    await store.runMaintenance(T0 + 15 * DAY)
    await store.close()
    // Control: the canary is readable, and its name is in the file's bytes, while it is stored.
    expect(await databaseText(file)).toContain(CANARY_LABEL)
    expect(bytesContaining(file, [CANARY_SERIES])).toEqual([CANARY_SERIES])

    // The clock moves on: day 15 plus a bit, under the real policy.
    const now = T0 + 15 * DAY + 7 * MINUTE
    store = await openStore({ path: file, retention: POLICY, clock: () => now })
    const report = await store.runMaintenance(now)
    const rawCut = Math.floor((now - POLICY.raw) / HOUR) * HOUR
    const kept = samples.filter((s) => s.name === 'kept_load')
    const stats = await store.stats()
    expect(stats.samples).toBe(kept.filter((s) => s.ts >= rawCut).length)
    expect(report.deleted.raw).toBeGreaterThan(0)
    // Roll-up rows left are exactly the kept series' buckets ending after each tier's cutoff.
    const buckets = (size: number, cutoff: number, closed: number): number =>
      new Set(kept.map((s) => Math.floor(s.ts / size) * size).filter((b) => b + size > cutoff && b < closed)).size
    expect(stats.rollup1m).toBe(buckets(MINUTE, now - POLICY['1m'], Math.floor(now / MINUTE) * MINUTE))
    expect(stats.rollup1h).toBe(buckets(HOUR, now - POLICY['1h'], Math.floor(now / HOUR) * HOUR))
    // Newer data answers as before; the old range is empty in every tier.
    const recent = await store.queryRange({ series: 'kept_load', from: rawCut, to: now, step: 300, agg: 'count' })
    expect(recent.points.reduce((a, [, v]) => a + v, 0)).toBe(kept.filter((s) => s.ts >= rawCut && s.ts < now).length)
    const old = await store.queryRange({ series: 'kept_load', from: T0, to: T0 + 4 * DAY, step: 3600, agg: 'count' })
    expect(old.points).toEqual([])
    // The series that only had deleted rows is gone from the catalog too.
    expect((await store.listSeries()).map((s) => s.name)).toEqual(['kept_load'])
    expect(await store.latest(CANARY_SERIES)).toEqual([])
    // Predictions older than the raw retention are deleted; the newer one stays.
    expect(await store.predictions.countPredictions('m', 0, now)).toEqual({ total: 1, labelled: 0 })
    expect(report.deleted.predictions).toBe(1)
    // Annotations are kept as long as the longest tier (they are drawn on its charts), then deleted.
    expect(report.deleted.annotations).toBe(1)
    await store.close()

    // Logically gone: no table row holds the old values.
    const text = await databaseText(file)
    expect(text).not.toContain(CANARY_LABEL)
    expect(text).not.toContain(CANARY_FEATURE)
    expect(text).not.toContain(CANARY_NOTE)
    // Physically: the bytes may survive in freed blocks after the checkpoint at close…
    const lingering = bytesContaining(file, [CANARY_SERIES])
    console.log(`retention test: after DELETE + CHECKPOINT the deleted series name is ${lingering.length > 0 ? 'STILL in' : 'gone from'} the file bytes`)
    // …and compaction removes them, keeping every live row.
    const sizes = await compactDatabaseFile(file)
    console.log(`retention test: compaction ${sizes.bytesBefore} → ${sizes.bytesAfter} bytes`)
    expect(bytesContaining(file, [CANARY_SERIES, CANARY_LABEL, CANARY_FEATURE, CANARY_NOTE])).toEqual([])
    store = await openStore({ path: file, retention: POLICY, clock: () => now })
    try {
      expect(await store.stats()).toMatchObject({ samples: stats.samples, rollup1m: stats.rollup1m, rollup1h: stats.rollup1h })
      expect((await store.listSeries()).map((x) => x.name)).toEqual(['kept_load'])
      // Sequences survive the copy: new prediction and outbox rows still get ids.
      await store.predictions.append([{ ts: now, model: 'm', id: 'after', prediction: 1, score: 0.5, label: null, latencyMs: null, features: {} }])
      expect(await store.predictions.countPredictions('m', 0, now + 1)).toEqual({ total: 2, labelled: 0 })
      // A new sample of the departed series is stored as a new series.
      await store.append('src', [{ name: CANARY_SERIES, labels: { person: 'someone-else' }, ts: now, value: 2 }])
      expect((await store.latest(CANARY_SERIES)).map((l) => l.labels)).toEqual([{ person: 'someone-else' }])
    } finally {
      await store.close()
    }
  }, 120_000)
})
