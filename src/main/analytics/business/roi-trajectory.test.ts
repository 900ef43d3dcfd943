import { describe, expect, it } from 'vitest'
import type { ForecastOptions, Forecaster } from '../forecast/types'
import { costSavingsUsd, investmentUsd, revenueImpactUsd } from '../../sources/demo/business'
import { seededRandom } from './random'
import { roiTrajectory } from './roi-trajectory'
import { DAY_MS } from './series'
import { dailySeries, driftForecaster, pathForecaster } from './test-support'

const START = Date.UTC(2026, 0, 1)
const day = (d: number) => START + d * DAY_MS

describe('roiTrajectory', () => {
  it('projects ROI with bands and dates the payback on the mean path, with an earlier/later range', () => {
    const calls: ForecastOptions[] = []
    const r = roiTrajectory(
      { benefit: dailySeries(START, 31, (d) => 500 + 10 * d), cost: dailySeries(START, 31, () => 1000), now: day(30) + 3_600_000, forecaster: driftForecaster(5, calls) },
      {}
    )
    expect(r.currentRoiPercent).toBeCloseTo(-20, 9)
    expect(r.roi.times).toHaveLength(183)
    expect(r.roi.times[0]).toBe(day(31))
    expect(r.roi.mean[9]).toBeCloseTo(-10, 9) // benefit 900 vs cost 1000 after 10 steps
    expect(r.roi.intervals.map((iv) => iv.level)).toEqual([80, 95])
    // The ROI band is built from the components' Bonferroni levels.
    expect(calls.map((c) => c.levels)).toEqual([[80, 95, 90, 97.5], [80, 95, 90, 97.5]])
    for (let k = 0; k < 183; k++) {
      const [b80, b95] = r.roi.intervals
      expect(b95.lower[k]!).toBeLessThanOrEqual(b80.lower[k]!)
      expect(b80.lower[k]!).toBeLessThanOrEqual(r.roi.mean[k]!)
      expect(r.roi.mean[k]!).toBeLessThanOrEqual(b80.upper[k]!)
      expect(b80.upper[k]!).toBeLessThanOrEqual(b95.upper[k]!)
    }
    expect(r.payback.status).toBe('projected')
    expect(r.payback.date).toBe(day(50)) // 800 + 10·20 = 1000
    const r95 = r.payback.ranges.find((x) => x.level === 95)!
    // Upper bound: 10k + 2.2414·5·√k = 200 at k ≈ 15.6 steps.
    expect(r95.earliest!).toBeGreaterThan(day(45))
    expect(r95.earliest!).toBeLessThan(day(47))
    expect(r95.latest!).toBeGreaterThan(day(50))
    expect(r.payback.reason).toBe('payback projected for 2026-02-20 (95 % range 2026-02-15 – 2026-03-04)')
    expect(r.models).toEqual({ benefit: 'drift sd=5', cost: 'drift sd=5' })
    expect(JSON.parse(JSON.stringify(r))).toEqual(r)
  })

  it('gives the historical payback date when benefit already exceeds cost (start of the current run)', () => {
    // Paid back on days 5–9, then a new investment, then paid back again from day 20.
    const cost = dailySeries(START, 31, (d) => (d < 10 ? 500 : 1000))
    const benefit = dailySeries(START, 31, (d) => 800 + 10 * d - (d < 10 ? 350 : 0))
    const r = roiTrajectory({ benefit, cost, now: day(30), forecaster: driftForecaster(5) })
    expect(r.payback).toEqual({ status: 'reached', date: day(20), ranges: [], reason: 'paid back since 2026-01-21: benefit 1,100 ≥ investment 1,000' })
  })

  it('says why when the payback is not within the horizon', () => {
    const falling = roiTrajectory({
      benefit: dailySeries(START, 31, (d) => 100 + 10 * d),
      cost: dailySeries(START, 31, (d) => 1000 + 20 * d),
      now: day(30),
      forecaster: driftForecaster(1)
    })
    expect(falling.payback.status).toBe('not_within_horizon')
    expect(falling.payback.date).toBeNull()
    expect(falling.payback.reason).toMatch(/benefit is not catching up with investment \(gap 1,200 now, 3,030 by 2026-08-02\)/)
    const slow = roiTrajectory(
      { benefit: dailySeries(START, 31, (d) => 200 + 10 * d), cost: dailySeries(START, 31, () => 1000), now: day(30), forecaster: driftForecaster(1) },
      { horizonMs: 30 * DAY_MS }
    )
    expect(slow.payback.status).toBe('not_within_horizon')
    expect(slow.payback.reason).toBe('not within the horizon: benefit projected at 80 % of investment by 2026-03-02')
    expect(slow.payback.ranges.every((x) => x.latest === null)).toBe(true)
  })

  it('keeps the cumulative forecasts from falling below the last total', () => {
    const r = roiTrajectory({
      benefit: dailySeries(START, 20, (d) => 400 + d),
      cost: dailySeries(START, 20, () => 1000),
      now: day(19),
      forecaster: pathForecaster((k) => 400 - 10 * k, 3)
    })
    const means = r.benefit.mean as number[]
    expect(Math.min(...means)).toBe(419)
    for (let k = 1; k < means.length; k++) expect(means[k]).toBeGreaterThanOrEqual(means[k - 1])
    expect(Math.min(...(r.cost.intervals[0].lower as number[]))).toBe(1000)
  })

  it('has at least the nominal coverage with strongly dependent benefit and cost errors', () => {
    // One step ahead: benefit ~ N(1200, 60), cost ~ N(1000, 40), correlation −0.9 (the bad case for a ratio).
    const sd: Record<string, [number, number]> = { b: [1200, 60], c: [1000, 40] }
    const forecaster: Forecaster = (values, options) => {
      const [m, s] = values[values.length - 1] > 700 ? sd.c : sd.b
      return pathForecaster(() => m, s)(values, options)
    }
    const r = roiTrajectory(
      { benefit: dailySeries(START, 5, () => 600), cost: dailySeries(START, 5, () => 900), now: day(4), forecaster },
      { horizonMs: DAY_MS }
    )
    const rand = seededRandom(7)
    const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
    const inside = [0, 0]
    const n = 20_000
    for (let i = 0; i < n; i++) {
      const z1 = normal()
      const z2 = -0.9 * z1 + Math.sqrt(1 - 0.81) * normal()
      const roi = ((1200 + 60 * z1) / (1000 + 40 * z2) - 1) * 100
      r.roi.intervals.forEach((iv, j) => {
        if (roi >= iv.lower[0]! && roi <= iv.upper[0]!) inside[j]++
      })
    }
    expect(inside[0] / n).toBeGreaterThanOrEqual(0.8)
    expect(inside[1] / n).toBeGreaterThanOrEqual(0.95)
  })

  it('finds the demo scenario payback day in its history', () => {
    const benefit = dailySeries(START, 121, (p) => costSavingsUsd(p) + revenueImpactUsd(p))
    const cost = dailySeries(START, 121, (p) => investmentUsd(p, true))
    let payback = 0
    while (costSavingsUsd(payback) + revenueImpactUsd(payback) < investmentUsd(payback, true)) payback++
    const r = roiTrajectory({ benefit, cost, now: day(120), forecaster: driftForecaster(1000) })
    expect(payback).toBeGreaterThan(30)
    expect(payback).toBeLessThan(120)
    expect(r.payback.status).toBe('reached')
    expect(r.payback.date).toBe(day(payback))
    expect(r.currentRoiPercent).toBeGreaterThan(20)
  })

  it('rejects bad input with what and where', () => {
    const ok = { benefit: dailySeries(START, 10, (d) => d), cost: dailySeries(START, 10, () => 100), now: day(9), forecaster: driftForecaster(1) }
    expect(() => roiTrajectory({ ...ok, benefit: { ...ok.benefit, values: [1, 2, 3, 'abc' as unknown as number] } })).toThrow('benefit series: values[3] is "abc", expected a finite number (NaN or null for a gap)')
    expect(() => roiTrajectory({ ...ok, cost: { ...ok.cost, start: START + 1 } })).toThrow(/cost series: grid .* differs from the benefit series'/)
    expect(() => roiTrajectory({ ...ok, cost: dailySeries(START, 10, () => 0) })).toThrow('cost series: the investment at 2026-01-10 is 0; ROI needs a positive investment')
    expect(() => roiTrajectory({ ...ok, now: day(8) })).toThrow('benefit and cost series: last value at 2026-01-10 00:00 UTC is after now (2026-01-09 00:00 UTC)')
    expect(() => roiTrajectory({ ...ok, forecaster: () => ({ model: 'x', mean: [1], intervals: [] }) })).toThrow('benefit forecast: forecast mean: expected 183 values, got 1')
    expect(() => roiTrajectory(ok, { horizonMs: -1 })).toThrow('horizonMs is -1, expected a positive number of ms')
    expect(() => roiTrajectory(ok, { levels: [80, 120] })).toThrow('levels[1] is 120, expected a percentage between 0 and 100')
  })

  it('forecasts from the last point where both series are known', () => {
    const r = roiTrajectory({
      benefit: dailySeries(START, 12, (d) => (d >= 10 ? null : 500 + 10 * d)),
      cost: dailySeries(START, 11, () => 1000),
      now: day(11),
      forecaster: driftForecaster(1)
    })
    expect(r.lastObserved).toBe(day(9))
    expect(r.currentBenefit).toBe(590)
    expect(r.roi.times[0]).toBe(day(10))
  })
})
