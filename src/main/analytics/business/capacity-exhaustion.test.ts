import { describe, expect, it } from 'vitest'
import { capacityExhaustion } from './capacity-exhaustion'
import { DAY_MS } from './series'
import { dailySeries, driftForecaster, flatForecaster, pathForecaster } from './test-support'

const START = Date.UTC(2026, 5, 1)
const day = (d: number) => START + d * DAY_MS
const GB = 1e9

describe('capacityExhaustion', () => {
  it('dates "disk full in 9 days" on the mean, earlier on the upper band, later on the lower', () => {
    // 10 GB/day on a 1000 GB disk, 910 GB used on day 30.
    const r = capacityExhaustion({ usage: dailySeries(START, 31, (d) => (610 + 10 * d) * GB), capacity: 1000 * GB, now: day(30), forecaster: driftForecaster(3 * GB) }, { unit: 'bytes' })
    expect(r.status).toBe('projected')
    expect(r.date).toBe(day(39))
    expect(r.daysFromNow).toBeCloseTo(9, 9)
    expect(r.currentPercentOfCapacity).toBeCloseTo(91, 9)
    expect(r.trendPerDay).toBeCloseTo(10 * GB, 3)
    const [r80, r95] = r.ranges
    expect(r95.earliest!).toBeLessThan(r80.earliest!)
    expect(r80.earliest!).toBeLessThan(r.date!)
    expect(r.date!).toBeLessThan(r80.latest!)
    expect(r80.latest!).toBeLessThan(r95.latest!)
    expect(r.summary).toMatch(/^capacity reached in 9 days, on 2026-07-10, possibly from 2026-07-0\d \(upper 95 % bound\)$/)
    expect(r.forecast.times).toHaveLength(90)
    expect(JSON.parse(JSON.stringify(r))).toEqual(r)
  })

  it('interpolates between grid points and counts days from now, not from the last point', () => {
    // 85 % and +2 %/day: 90 % is reached 2.5 days after the last point.
    const r = capacityExhaustion({ usage: dailySeries(START, 10, (d) => 67 + 2 * d), capacity: 90, now: day(9) + DAY_MS / 2, forecaster: driftForecaster(0.5) })
    expect(r.date).toBe(day(11.5))
    expect(r.daysFromNow).toBeCloseTo(2, 9)
    expect(r.summary).toMatch(/^capacity reached in 2 days, on 2026-06-12/)
  })

  it('is not within the horizon for a flat or a falling series, and says so', () => {
    const flat = capacityExhaustion({ usage: dailySeries(START, 30, () => 400), capacity: 1000, now: day(29), forecaster: flatForecaster(10) }, { unit: 'GB' })
    expect(flat.status).toBe('not_within_horizon')
    expect(flat.date).toBeNull()
    expect(flat.daysFromNow).toBeNull()
    expect(flat.ranges.every((x) => x.earliest === null && x.latest === null)).toBe(true)
    expect(flat.summary).toBe('not within the horizon (to 2026-09-28): usage is flat or falling (0 GB/day)')
    const falling = capacityExhaustion({ usage: dailySeries(START, 30, (d) => 900 - 5 * d), capacity: 1000, now: day(29), forecaster: driftForecaster(1) })
    expect(falling.status).toBe('not_within_horizon')
    expect(falling.trendPerDay).toBeCloseTo(-5, 9)
    expect(falling.summary).toMatch(/usage is flat or falling \(-5\/day\)$/)
  })

  it('reports the upper band reaching capacity when the mean does not ("GPU saturation possible")', () => {
    const r = capacityExhaustion({ usage: dailySeries(START, 30, (d) => 70 + 0.1 * d), capacity: 90, now: day(29), forecaster: driftForecaster(2) }, { horizonMs: 30 * DAY_MS, unit: '%' })
    expect(r.status).toBe('not_within_horizon')
    const r95 = r.ranges[1]
    expect(r95.earliest).not.toBeNull()
    expect(r95.latest).toBeNull()
    expect(r.summary).toBe('not within the horizon (to 2026-07-30): usage projected to peak at 84.33 % of capacity; the upper 95 % bound reaches it on 2026-07-15')
  })

  it('reports a series already over capacity with the start of the current run', () => {
    const r = capacityExhaustion({ usage: dailySeries(START, 20, (d) => (d >= 15 || d === 5 ? 96 : d === 17 ? null : 80)), capacity: 95, now: day(19), forecaster: flatForecaster(1) })
    expect(r.status).toBe('exceeded')
    expect(r.date).toBe(day(15))
    expect(r.daysFromNow).toBeCloseTo(-4, 9)
    expect(r.ranges).toEqual([])
    expect(r.summary).toBe('at capacity since 2026-06-16: 96 of 95')
  })

  it('says "GPU saturated by DATE" for a rising daily p95', () => {
    const r = capacityExhaustion({ usage: dailySeries(START, 14, (d) => 60 + d), capacity: 90, now: day(13), forecaster: pathForecaster((k) => 73 + k, 1) })
    expect(r.status).toBe('projected')
    expect(r.date).toBe(day(30))
  })

  it('rejects bad input with what and where', () => {
    const ok = { usage: dailySeries(START, 10, (d) => d), capacity: 100, now: day(9), forecaster: flatForecaster(1) }
    expect(() => capacityExhaustion({ ...ok, capacity: 0 })).toThrow('capacity is 0, expected a positive number')
    expect(() => capacityExhaustion({ ...ok, capacity: Number.NaN })).toThrow('capacity is NaN, expected a finite number')
    expect(() => capacityExhaustion({ ...ok, usage: { ...ok.usage, step: 0 } })).toThrow('usage series: step is 0, expected a positive number of ms')
    expect(() => capacityExhaustion({ ...ok, usage: dailySeries(START, 3, () => null) })).toThrow('usage series: no values (3 points, all gaps)')
    expect(() => capacityExhaustion({ ...ok, forecaster: () => ({ model: 'x', mean: new Array(90).fill(1), intervals: [{ level: 80, lower: new Array(90).fill(2), upper: new Array(90).fill(0) }] }) })).toThrow(
      'usage forecast: forecast 80 % interval at step 1 has lower 2 above upper 0'
    )
    expect(() => capacityExhaustion({ ...ok, forecaster: () => { throw new Error('boom') } })).toThrow('usage forecast: the forecaster failed: boom')
    expect(() => capacityExhaustion(ok, { horizonMs: 1e15 })).toThrow(/more than 20000: use a coarser grid/)
  })
})
