// The analytics alert-rule hooks with simple stand-in engines (the real engines have their own
// tests): which data they ask for, what they signal, and that detector state carries over.
import { describe, expect, it } from 'vitest'
import { alertRuleSchema, type AnomalyRuleConfig, type DriftRuleConfig, type ForecastRuleConfig } from '@shared/config/alerting-schema'
import type { RuleData } from '../../alerts/rules/types'
import type { DatasetDrift } from '../model-quality/types'
import type { AnomalyVerdict, DetectorState, StreamingDetector } from '../anomaly/types'
import type { Forecaster } from '../forecast/types'
import { AnomalyRuleHook, ANOMALY_READ_OVERLAP_MS, ANOMALY_WARMUP_MS } from './anomaly-hook'
import { DriftRuleHook } from './drift-hook'
import { ForecastRuleHook } from './forecast-hook'

const HOUR = 3_600_000
const NOW = 1_800_000_000_000

/** Scores by distance from the running mean of what it has seen (enough to test the hook). */
class MeanDetector implements StreamingDetector {
  private n: number
  private sum: number
  constructor(state?: DetectorState) {
    this.n = (state?.n as number | undefined) ?? 0
    this.sum = (state?.sum as number | undefined) ?? 0
  }
  update(ts: number, value: number): AnomalyVerdict {
    const mean = this.n === 0 ? value : this.sum / this.n
    this.n += 1
    this.sum += value
    const score = Math.min(1, Math.abs(value - mean) / 100)
    return { score, expected: { low: mean - 10, high: mean + 10 }, deviation: Math.abs(value - mean), since: score >= 0.9 ? ts : null, explanation: `expected about ${mean}` }
  }
  snapshot(): DetectorState {
    return { version: 1, n: this.n, sum: this.sum }
  }
}

const anomalyRule = alertRuleSchema.parse({ name: 'CpuOdd', kind: 'anomaly', series: 'cpu', labels_match: { host: 'a' }, min_score: 0.9 }) as AnomalyRuleConfig

const samples = (points: [number, number][], labels = { host: 'a' }): RuleData[] => [{ kind: 'samples', series: [{ labels, points }] }]

describe('anomaly rule hook', () => {
  it('learns from a day of history first, then reads only new samples; a high score is active with its explanation', () => {
    const hook = new AnomalyRuleHook((s) => new MeanDetector(s))
    expect(hook.queries(anomalyRule, NOW)).toEqual([{ kind: 'samples', series: 'cpu', labels: { host: 'a' }, from: NOW - ANOMALY_WARMUP_MS, to: NOW }])
    const quiet = hook.evaluate(anomalyRule, samples([[NOW - 2000, 10], [NOW - 1000, 10]]), NOW)
    expect(quiet).toEqual([expect.objectContaining({ labels: { host: 'a' }, active: false, value: 0 })])
    // Later reads overlap the previous one (samples can become durable after their time was read).
    expect(hook.queries(anomalyRule, NOW + 15_000)[0]).toMatchObject({ from: NOW - ANOMALY_READ_OVERLAP_MS, to: NOW + 15_000 })
    // A repeated sample (the window overlaps) is not fed twice; the new one is an outlier.
    const loud = hook.evaluate(anomalyRule, samples([[NOW - 1000, 10], [NOW + 5000, 500]]), NOW + 15_000)
    expect(loud).toEqual([expect.objectContaining({ active: true, value: 1, annotations: expect.objectContaining({ explanation: 'expected about 10' }) })])
    // No new samples: the last verdict holds.
    expect(hook.evaluate(anomalyRule, samples([]), NOW + 30_000)).toEqual([expect.objectContaining({ labels: { host: 'a' }, active: true })])
  })

  it('hands out changed detectors to persist, and resumes from them after a restart', () => {
    const first = new AnomalyRuleHook((s) => new MeanDetector(s))
    first.evaluate(anomalyRule, samples([[NOW - 2000, 10], [NOW - 1000, 30]]), NOW)
    const dirty = first.takeDirty()
    expect([...dirty.values()]).toEqual([expect.objectContaining({ labels: { host: 'a' }, lastTs: NOW - 1000, state: { version: 1, n: 2, sum: 40 } })])
    expect(first.takeDirty().size).toBe(0)

    const second = new AnomalyRuleHook((s) => new MeanDetector(s))
    second.restore(dirty)
    // The restarted hook re-reads the warm-up window, but samples already fed are skipped.
    const out = second.evaluate(anomalyRule, samples([[NOW - 2000, 10], [NOW - 1000, 30], [NOW + 1000, 20]]), NOW + 1000)
    expect(out[0].value).toBe(0)
    expect([...second.takeDirty().values()][0].state).toEqual({ version: 1, n: 3, sum: 60 })
  })

  it('lets a series that appears later learn from the whole warm-up window, not from the overlap', () => {
    const hook = new AnomalyRuleHook((s) => new MeanDetector(s))
    expect(hook.evaluate(anomalyRule, [{ kind: 'samples', series: [] }], NOW)).toEqual([])
    // Back-filled history shows up after the first read: the short read skips the new series...
    expect(hook.evaluate(anomalyRule, samples([[NOW + 1000, 10]]), NOW + 15_000)).toEqual([])
    // ...and the next read reaches back a whole warm-up window, where its history is.
    expect(hook.queries(anomalyRule, NOW + 30_000)[0]).toMatchObject({ from: NOW + 30_000 - ANOMALY_WARMUP_MS })
    const history: [number, number][] = Array.from({ length: 50 }, (_, i) => [NOW - 50_000 + i * 1000, 10])
    hook.evaluate(anomalyRule, samples([...history, [NOW + 1000, 10]]), NOW + 30_000)
    expect([...hook.takeDirty().values()][0].state).toMatchObject({ n: 51 })
    expect(hook.queries(anomalyRule, NOW + 45_000)[0]).toMatchObject({ from: NOW + 30_000 - ANOMALY_READ_OVERLAP_MS })
  })

  it('ignores series outside labels_match', () => {
    const hook = new AnomalyRuleHook((s) => new MeanDetector(s))
    expect(hook.evaluate(anomalyRule, samples([[NOW, 1]], { host: 'b' }), NOW)).toEqual([])
  })
})

/** A straight line through the last two points, with a ±10 band. */
const lineForecaster: Forecaster = (values, { horizon, levels = [80, 95] }) => {
  const n = values.length
  const slope = values[n - 1] - values[n - 2]
  const mean = Array.from({ length: horizon }, (_, i) => values[n - 1] + slope * (i + 1))
  return { model: 'line', mean, intervals: levels.map((level) => ({ level, lower: mean.map((m) => m - 10), upper: mean.map((m) => m + 10) })) }
}

const forecastRule = alertRuleSchema.parse({
  name: 'DiskFull',
  kind: 'forecast',
  series: 'disk_used_pct',
  horizon: '48h',
  history: '14d',
  condition: '> 90'
}) as ForecastRuleConfig

describe('forecast rule hook', () => {
  it('asks for the history on an hourly grid and fires when the mean forecast meets the condition within the horizon', () => {
    let fits = 0
    const hook = new ForecastRuleHook((v, o) => {
      fits += 1
      return lineForecaster(v, o)
    })
    const [q] = hook.queries(forecastRule, NOW + 1234)
    expect(q).toMatchObject({ kind: 'range', series: 'disk_used_pct', stepMs: HOUR, to: Math.floor((NOW + 1234) / HOUR) * HOUR })
    if (q.kind !== 'range') throw new Error('range expected')
    // 1 % per hour from 50 %: 90 % is 40 h away, inside the 48 h horizon.
    const points: [number, number][] = Array.from({ length: 24 }, (_, i) => [q.to - (24 - i) * HOUR, 27 + i])
    const [signal] = hook.evaluate(forecastRule, [{ kind: 'range', points }], NOW + 1234)
    expect(signal.active).toBe(true)
    expect(signal.value).toBeGreaterThan(90)
    expect(signal.annotations?.predicted_at).toBe(new Date(q.to + 40 * HOUR).toISOString())
    // The band (+10) reaches 90 ten hours earlier.
    expect(signal.annotations?.earliest_at).toBe(new Date(q.to + 30 * HOUR).toISOString())
    // Same grid step: the fit is reused.
    hook.evaluate(forecastRule, [{ kind: 'range', points }], NOW + 2000)
    expect(fits).toBe(1)
  })

  it('stays quiet when the crossing is beyond the horizon, and reports too little history', () => {
    const hook = new ForecastRuleHook(lineForecaster)
    const [q] = hook.queries(forecastRule, NOW)
    if (q.kind !== 'range') throw new Error('range expected')
    const slow: [number, number][] = Array.from({ length: 24 }, (_, i) => [q.to - (24 - i) * HOUR, 10 + i * 0.1])
    expect(hook.evaluate(forecastRule, [{ kind: 'range', points: slow }], NOW)[0]).toMatchObject({ active: false })
    expect(() => new ForecastRuleHook(lineForecaster).evaluate(forecastRule, [{ kind: 'range', points: slow.slice(0, 3) }], NOW)).toThrow('3 points of history at a 3600 s step; a forecast needs at least 8')
  })
})

const drift: DatasetDrift = {
  features: [
    { feature: 'amount', kind: 'numeric', method: 'wasserstein', score: 0.31, threshold: 0.1, drifted: true, statistics: { wasserstein: 0.31 }, referenceCount: 5000, currentCount: 1400 },
    { feature: 'hour', kind: 'numeric', method: 'wasserstein', score: 0.02, threshold: 0.1, drifted: false, statistics: { wasserstein: 0.02 }, referenceCount: 5000, currentCount: 1400 }
  ],
  driftedCount: 1,
  driftedShare: 0.5,
  drifted: true,
  shareThreshold: 0.5
}

describe('drift rule hook', () => {
  it('signals the dataset verdict or one feature, and names what is missing', () => {
    const hook = new DriftRuleHook()
    const dataset = alertRuleSchema.parse({ name: 'FraudDrift', kind: 'drift', model: 'fraud' }) as DriftRuleConfig
    expect(hook.queries(dataset)).toEqual([{ kind: 'drift', model: 'fraud', windowMs: 86_400_000, method: 'auto', threshold: null }])
    expect(hook.evaluate(dataset, [{ kind: 'drift', drift }])).toEqual([
      expect.objectContaining({ labels: { model: 'fraud' }, active: true, value: 0.5, annotations: expect.objectContaining({ drifted_features: 'amount' }) })
    ])
    const hourRule = alertRuleSchema.parse({ name: 'HourDrift', kind: 'drift', model: 'fraud', feature: 'hour' }) as DriftRuleConfig
    expect(hook.evaluate(hourRule, [{ kind: 'drift', drift }])).toEqual([expect.objectContaining({ labels: { model: 'fraud', feature: 'hour' }, active: false, value: 0.02 })])
    const missing = alertRuleSchema.parse({ name: 'X', kind: 'drift', model: 'fraud', feature: 'zip' }) as DriftRuleConfig
    expect(() => hook.evaluate(missing, [{ kind: 'drift', drift }])).toThrow('model "fraud" has no feature "zip" (known: amount, hour)')
    expect(() => hook.evaluate(dataset, [{ kind: 'drift', drift: null }])).toThrow('model "fraud" has no predictions to compare')
  })
})
