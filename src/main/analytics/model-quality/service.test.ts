// The model-quality service over the real predictions store (DuckDB in a temp dir), with simple
// reference statistics defined here (the real ones are tested in their own files).
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type DuckDBStore } from '../../store/duckdb-store'
import type { PredictionInput } from '../../store/predictions'
import { LONG_RETENTION, tempDir } from '../../store/test-support'
import { createModelQualityService, DAY_MS, HOUR_MS, quantile } from './service'
import type { ClassificationMetrics, ClassificationMetricsFn, DatasetDriftFn } from './types'

const NOW = Date.UTC(2025, 5, 1)

/** Plain accuracy (the other metrics left unknown). */
const accuracyOnly: ClassificationMetricsFn = (records) => {
  const labelled = records.filter((r) => r.label !== null)
  const right = labelled.filter((r) => r.prediction === r.label).length
  const m: ClassificationMetrics = {
    count: labelled.length,
    accuracy: labelled.length ? right / labelled.length : null,
    precision: null,
    recall: null,
    f1: null,
    rocAuc: null,
    logLoss: null,
    brier: null,
    ece: null,
    calibration: []
  }
  return m
}

/** Drift = the mean of a numeric feature moved by more than `threshold` (default 1). */
const meanShift: DatasetDriftFn = (reference, current, options) => {
  const names = [...new Set([...reference, ...current].flatMap((r) => Object.keys(r)))].sort()
  const mean = (rows: readonly Record<string, number | string>[], f: string) => rows.reduce((s, r) => s + Number(r[f] ?? 0), 0) / rows.length
  const threshold = options?.threshold ?? 1
  const features = names.map((feature) => {
    const score = Math.abs(mean(current, feature) - mean(reference, feature))
    return { feature, kind: 'numeric' as const, method: 'wasserstein' as const, score, threshold, drifted: score > threshold, statistics: { wasserstein: score }, referenceCount: reference.length, currentCount: current.length }
  })
  const driftedCount = features.filter((f) => f.drifted).length
  const shareThreshold = options?.shareThreshold ?? 0.5
  return { features, driftedCount, driftedShare: driftedCount / features.length, drifted: driftedCount / features.length >= shareThreshold, shareThreshold }
}

describe('model quality service', () => {
  let tmp: ReturnType<typeof tempDir>
  let store: DuckDBStore
  const service = (max?: number) =>
    createModelQualityService({ store: store.predictions, classificationMetrics: accuracyOnly, datasetDrift: meanShift, now: () => NOW, maxRecordsPerWindow: max })

  /** One record per 10 minutes from `from` to `to`; right when `right(i)`, amount from `amount(t)`. */
  function records(from: number, to: number, right: (i: number) => boolean, amount: (t: number) => number, latency: number): PredictionInput[] {
    const out: PredictionInput[] = []
    for (let t = from, i = 0; t < to; t += 10 * 60_000, i++) {
      out.push({ ts: t, model: 'fraud', prediction: 1, score: 0.9, label: right(i) ? 1 : 0, latencyMs: latency + (i % 11), features: { amount: amount(t) } })
    }
    return out
  }

  beforeEach(async () => {
    tmp = tempDir('model-quality')
    store = await openStore({ path: join(tmp.dir, 'vigil.duckdb'), retention: LONG_RETENTION, threads: 1 })
    // Reference week: 90 % right, amount 10, latency 10..20. Current day: 60 % right, amount 14, latency 30..40.
    await store.predictions.append(records(NOW - 8 * DAY_MS, NOW - DAY_MS, (i) => i % 10 !== 0, () => 10, 10))
    await store.predictions.append(records(NOW - DAY_MS, NOW, (i) => i % 10 < 6, () => 14, 30))
  })
  afterEach(async () => {
    await store.close()
    tmp.cleanup()
  })

  it('compares the current window with the 7 days before it by default', async () => {
    const q = await service().quality('fraud', { window: DAY_MS })
    expect(q.current).toMatchObject({ from: NOW - DAY_MS, to: NOW, count: 144, labelled: 144, sampled: false })
    expect(q.reference).toMatchObject({ from: NOW - 8 * DAY_MS, to: NOW - DAY_MS, count: 7 * 144, sampled: false })
    // 88 of 144 right (i % 10 < 6), and 907 of 1008 (i % 10 ≠ 0).
    expect(q.current.metrics.accuracy).toBe(88 / 144)
    expect(q.reference.metrics.accuracy).toBe(907 / 1008)
    expect(q.change.accuracy.delta).toBeCloseTo(88 / 144 - 907 / 1008, 12)
    expect(q.change.accuracy.relative).toBeCloseTo((88 / 144 - 907 / 1008) / (907 / 1008), 12)
    expect(q.change.f1).toEqual({ current: null, reference: null, delta: null, relative: null })
    expect(q.current.throughputPerHour).toBe(6)
    expect(q.change.throughputPerHour.delta).toBe(0)
    expect(q.current.latencyP50).toBe(35)
    expect(q.reference.latencyP95).toBe(20)
    expect(q.change.latencyP50.delta).toBe(20)
  })

  it('takes a fixed or first-days reference, and an explicit current window', async () => {
    const fixed = await service().quality('fraud', { window: { from: NOW - 2 * DAY_MS, to: NOW - DAY_MS }, referenceWindow: { kind: 'fixed', from: NOW - DAY_MS, to: NOW } })
    expect(fixed.current.metrics.accuracy).toBeCloseTo(0.9, 1)
    expect(fixed.reference.metrics.accuracy).toBe(88 / 144)
    const first = await service().quality('fraud', { window: HOUR_MS * 24, referenceWindow: { kind: 'first', length: DAY_MS } })
    expect(first.reference.from).toBe(NOW - 8 * DAY_MS)
    expect(first.reference.count).toBe(144)
  })

  it('reads at most the cap per window, evenly spread, while counts stay exact', async () => {
    const q = await service(100).quality('fraud', { window: DAY_MS })
    expect(q.current).toMatchObject({ count: 144, sampled: true })
    expect(q.current.metrics.count).toBe(100)
    expect(q.current.metrics.accuracy).toBeCloseTo(0.6, 1)
    expect(q.current.throughputPerHour).toBe(6)
  })

  it('measures drift of the features against the reference window', async () => {
    const d = await service().drift('fraud', { window: DAY_MS })
    expect(d.features.map((f) => [f.feature, f.score, f.drifted])).toEqual([['amount', 4, true]])
    expect(d.drifted).toBe(true)
    expect(d.current).toEqual({ from: NOW - DAY_MS, to: NOW, count: 144, used: 144 })
    expect(d.reference.count).toBe(7 * 144)
    const loose = await service().drift('fraud', { window: DAY_MS, threshold: 5 })
    expect(loose.drifted).toBe(false)
  })

  it('says clearly what is wrong', async () => {
    await expect(service().quality('nope', { window: DAY_MS })).rejects.toThrow('no prediction records stored for model "nope" (known: fraud)')
    await expect(service().drift('fraud', { window: DAY_MS, referenceWindow: { kind: 'fixed', from: 0, to: 1000 } })).rejects.toThrow(
      'model "fraud" has no records in the reference window 1970-01-01T00:00:00.000Z..1970-01-01T00:00:01.000Z'
    )
    await expect(service().quality('fraud', { window: -5 })).rejects.toThrow('window must be a positive number of milliseconds, got -5')
    await expect(service().quality('fraud', { window: DAY_MS, referenceWindow: { kind: 'preceding', length: 0 } })).rejects.toThrow('referenceWindow.length must be a positive')
    expect(() => service(0)).toThrow('maxRecordsPerWindow must be a whole number')
  })

  it('quantile interpolates between ranks like numpy', () => {
    expect(quantile([], 0.5)).toBeNull()
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5)
    expect(quantile([10, 20, 30, 40, 50], 0.95)).toBeCloseTo(48, 10)
  })
})
