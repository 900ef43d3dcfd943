import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fitEts, fitAutoEts, etsForecast } from './ets'
import { forecastSeries } from './index'
import { normalSource, zForLevel } from './normal'
import { fillGaps } from './validate'
import { parseWideCsv } from './wide-csv'

const FIXTURES = join(__dirname, '../../../../test/fixtures/forecast')
const mae = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length

describe('forecastSeries: models', () => {
  it('recovers a known additive seasonal + trend pattern (ETS, MSTL, auto)', () => {
    const rnd = normalSource(7)
    const truth = (t: number): number => 100 + 0.5 * t + 10 * Math.sin((2 * Math.PI * t) / 12)
    const y = Array.from({ length: 240 }, (_, t) => truth(t) + 0.5 * rnd())
    const future = Array.from({ length: 24 }, (_, h) => truth(240 + h))
    for (const model of ['ets', 'mstl', 'auto'] as const) {
      const r = forecastSeries(y, { horizon: 24, seasonalPeriods: [12], model })
      expect(r.mean).toHaveLength(24)
      expect(mae(r.mean, future), `${model}: ${r.model}`).toBeLessThan(1.5)
    }
    // Seasonal naive misses the trend by 12 steps × 0.5 = 6 units: the fitted models must beat it clearly.
    const sn = forecastSeries(y, { horizon: 24, seasonalPeriods: [12], model: 'snaive' })
    expect(mae(sn.mean, future)).toBeGreaterThan(4)
  })

  it('a damped trend flattens out', () => {
    const rnd = normalSource(11)
    // Saturating growth: increments shrink geometrically.
    const y = Array.from({ length: 150 }, (_, t) => 200 - 150 * Math.pow(0.97, t) + 0.3 * rnd())
    const fit = fitEts(y, { trend: 'Ad', season: 'N', m: 1 })
    const f = etsForecast(fit, 60).mean
    const firstStep = f[1] - f[0]
    const lastStep = f[59] - f[58]
    expect(fit.params.phi).toBeLessThan(0.99)
    expect(firstStep).toBeGreaterThan(0)
    expect(lastStep).toBeLessThan(firstStep * 0.5)
    // A straight line would keep climbing; the damped forecast stays near the plateau.
    expect(Math.max(...f)).toBeLessThan(215)
  })

  it('picks multiplicative seasonality when the swing grows with the level', () => {
    const rnd = normalSource(3)
    const season = [0.6, 0.8, 1.0, 1.3, 1.5, 1.2, 0.9, 0.7]
    const y = Array.from({ length: 160 }, (_, t) => (20 + 1.5 * t) * season[t % 8] * (1 + 0.01 * rnd()))
    const best = fitAutoEts(y, 8)
    expect(best?.spec.season).toBe('M')
    const f = etsForecast(best!, 16).mean
    const swing = (a: number[]): number => Math.max(...a) - Math.min(...a)
    // The forecast swing matches the latest cycles (much larger than the early ones).
    expect(swing(f.slice(8, 16))).toBeGreaterThan(0.85 * swing(y.slice(152, 160)))
    expect(swing(f.slice(8, 16))).toBeGreaterThan(3 * swing(y.slice(0, 8)))
  })

  it('reproduces the M4 organisers\' Theta forecasts on sample hourly series', () => {
    const train = parseWideCsv(readFileSync(join(FIXTURES, 'm4-hourly-sample-train.csv'), 'utf8'), 'train')
    const ref = new Map(parseWideCsv(readFileSync(join(FIXTURES, 'm4-hourly-sample-theta.csv'), 'utf8'), 'theta').map((s) => [s.id, s.values]))
    for (const s of train) {
      const r = forecastSeries(s.values, { horizon: 48, seasonalPeriods: [24], model: 'theta' })
      const expected = ref.get(s.id)!
      // SES parameters come from different optimisers: agree to 0.5 % of the level.
      const level = expected.reduce((a, v) => a + v, 0) / expected.length
      expect(mae(r.mean, expected), s.id).toBeLessThan(0.005 * level)
    }
  })

  it('multiple seasonality: MSTL uses both periods when the series is long enough', () => {
    const rnd = normalSource(5)
    const y = Array.from({ length: 24 * 7 * 4 }, (_, t) => 50 + 10 * Math.sin((2 * Math.PI * t) / 24) + (Math.floor(t / 24) % 7 >= 5 ? -15 : 0) + rnd())
    const r = forecastSeries(y, { horizon: 168, seasonalPeriods: [24, 168], model: 'mstl' })
    expect(r.model).toContain('MSTL(24,168)')
    const truth = Array.from({ length: 168 }, (_, h) => {
      const t = y.length + h
      return 50 + 10 * Math.sin((2 * Math.PI * t) / 24) + (Math.floor(t / 24) % 7 >= 5 ? -15 : 0)
    })
    expect(mae(r.mean, truth)).toBeLessThan(1.5)
    // With only one week of data the weekly period is dropped (needs two cycles).
    expect(forecastSeries(y.slice(0, 200), { horizon: 10, seasonalPeriods: [24, 168], model: 'mstl' }).model).toContain('MSTL(24)')
  })

  it('short series fall back: non-seasonal below two seasons, naive below 3 values', () => {
    const r = forecastSeries([5, 6, 7, 8, 9, 10, 11], { horizon: 3, seasonalPeriods: [24] })
    expect(r.mean.every(Number.isFinite)).toBe(true)
    expect(r.model).not.toContain('m=24')
    expect(forecastSeries([4], { horizon: 2 }).mean).toEqual([4, 4])
    expect(forecastSeries([4, 6], { horizon: 1, model: 'ets' }).model).toBe('Naive')
  })
})

describe('forecastSeries: prediction intervals', () => {
  it('covers about the nominal share of simulated futures and widens with the horizon', () => {
    const rnd = normalSource(2024)
    const n = 120
    const h = 12
    let in80 = 0
    let in95 = 0
    let total = 0
    for (let sim = 0; sim < 200; sim++) {
      // Simulate ETS(A,N,N): y_t = l_{t-1} + e_t, l_t = l_{t-1} + 0.3 e_t.
      let l = 50
      const all: number[] = []
      for (let t = 0; t < n + h; t++) {
        const e = rnd()
        all.push(l + e)
        l += 0.3 * e
      }
      const r = forecastSeries(all.slice(0, n), { horizon: h, model: 'ets', levels: [80, 95] })
      const [i80, i95] = r.intervals
      expect(i80.level).toBe(80)
      for (let k = 0; k < h; k++) {
        const v = all[n + k]
        if (v >= i80.lower[k] && v <= i80.upper[k]) in80++
        if (v >= i95.lower[k] && v <= i95.upper[k]) in95++
        total++
      }
      const width = i95.upper.map((u, k) => u - i95.lower[k])
      for (let k = 1; k < h; k++) expect(width[k]).toBeGreaterThanOrEqual(width[k - 1] - 1e-9)
    }
    expect(in80 / total).toBeGreaterThan(0.72)
    expect(in80 / total).toBeLessThan(0.88)
    expect(in95 / total).toBeGreaterThan(0.9)
    expect(in95 / total).toBeLessThan(0.99)
  })

  it('every family returns intervals around the mean that widen with the horizon (additive cases)', () => {
    const rnd = normalSource(9)
    const y = Array.from({ length: 96 }, (_, t) => 30 + 5 * Math.sin((2 * Math.PI * t) / 12) + 2 * rnd())
    for (const model of ['naive', 'snaive', 'ets', 'theta', 'mstl', 'auto'] as const) {
      const r = forecastSeries(y, { horizon: 30, seasonalPeriods: [12], model, levels: [50, 95] })
      const [i50, i95] = r.intervals
      for (let k = 0; k < 30; k++) {
        expect(i95.lower[k]).toBeLessThanOrEqual(i50.lower[k] + 1e-9)
        expect(i50.lower[k]).toBeLessThanOrEqual(r.mean[k] + 1e-9)
        expect(i95.upper[k]).toBeGreaterThanOrEqual(i50.upper[k] - 1e-9)
      }
      expect(i95.upper[29] - i95.lower[29], `${model}`).toBeGreaterThan(i95.upper[0] - i95.lower[0])
    }
  })

  it('z values match the normal distribution', () => {
    expect(zForLevel(95)).toBeCloseTo(1.959964, 5)
    expect(zForLevel(80)).toBeCloseTo(1.281552, 5)
  })
})

describe('forecastSeries: missing values and bad input', () => {
  it('fills NaN gaps by interpolation before fitting', () => {
    expect(fillGaps([Number.NaN, 2, Number.NaN, Number.NaN, 8, Number.NaN])).toEqual([2, 2, 4, 6, 8, 8])
    const y = Array.from({ length: 100 }, (_, t) => 10 + (t % 10 === 3 ? Number.NaN : Math.sin(t / 3)))
    const r = forecastSeries(y, { horizon: 5, seasonalPeriods: [12] })
    expect(r.mean.every(Number.isFinite)).toBe(true)
    expect(r.intervals.every((i) => i.lower.every(Number.isFinite) && i.upper.every(Number.isFinite))).toBe(true)
  })

  it('says what is wrong', () => {
    const y = [1, 2, 3, 4, 5]
    expect(() => forecastSeries([Number.NaN, Number.NaN], { horizon: 1 })).toThrow('all 2 values are missing')
    expect(() => forecastSeries([], { horizon: 1 })).toThrow('empty')
    expect(() => forecastSeries(y, { horizon: 0 })).toThrow('horizon must be an integer from 1 to 10000, got 0')
    expect(() => forecastSeries(y, { horizon: 2.5 })).toThrow('got 2.5')
    expect(() => forecastSeries(y, { horizon: 10_001 })).toThrow('horizon')
    expect(() => forecastSeries(y, { horizon: 1, seasonalPeriods: [1] })).toThrow('seasonal periods must be integers ≥ 2, got 1')
    expect(() => forecastSeries(y, { horizon: 1, seasonalPeriods: [7.5] })).toThrow('got 7.5')
    expect(() => forecastSeries([1, Infinity, 3], { horizon: 1 })).toThrow('value 1 is Infinity')
    expect(() => forecastSeries(y, { horizon: 1, levels: [100] })).toThrow('strictly between 0 and 100, got 100')
    expect(() => forecastSeries(y, { horizon: 1, model: 'arima' as never })).toThrow('unknown model "arima"')
  })
})
