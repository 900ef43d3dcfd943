import { describe, expect, it } from 'vitest'
import { savingsForecast } from './savings-forecast'
import { DAY_MS } from './series'
import { dailySeries, driftForecaster, flatForecaster } from './test-support'

const START = Date.UTC(2026, 2, 1)
const HOUR = 3_600_000

describe('savingsForecast', () => {
  it('sums the projected daily savings onto what is already saved, with summed bands', () => {
    const r = savingsForecast({ rate: dailySeries(START, 30, () => 1000), savedSoFar: 50_000, now: START + 29 * DAY_MS, forecaster: flatForecaster(100) }, { horizonMs: 10 * DAY_MS })
    expect(r.cumulative.mean).toEqual([51_000, 52_000, 53_000, 54_000, 55_000, 56_000, 57_000, 58_000, 59_000, 60_000])
    expect(r.total.mean).toBe(10_000)
    const [r80, r95] = r.total.ranges
    expect(r80.lower).toBeCloseTo(10_000 - 10 * 128.15516, 6)
    expect(r95.upper).toBeCloseTo(10_000 + 10 * 195.9964, 6)
    expect(r.cumulative.intervals[1].lower[0]).toBeCloseTo(51_000 - 195.9964, 6)
    expect(r.horizonEnd).toBe(START + 39 * DAY_MS)
    expect(r.currentRate).toBe(1000)
    expect(JSON.parse(JSON.stringify(r))).toEqual(r)
  })

  it('follows a growing saving rate and converts a per-day rate on an hourly grid', () => {
    const growing = savingsForecast({ rate: dailySeries(START, 11, (d) => 100 + 10 * d), now: START + 10 * DAY_MS, forecaster: driftForecaster(0) }, { horizonMs: 3 * DAY_MS })
    expect(growing.cumulative.mean).toEqual([210, 430, 660])
    expect(growing.savedSoFar).toBe(0)
    const hourly = savingsForecast(
      { rate: { start: START, step: HOUR, values: new Array(48).fill(2400) }, now: START + 47 * HOUR, forecaster: flatForecaster(0) },
      { horizonMs: DAY_MS, rateUnitMs: DAY_MS }
    )
    expect(hourly.cumulative.times).toHaveLength(24)
    expect(hourly.total.mean).toBeCloseTo(2400, 9)
  })

  it('rejects bad input with what and where', () => {
    const ok = { rate: dailySeries(START, 5, () => 1), now: START + 4 * DAY_MS, forecaster: flatForecaster(1) }
    expect(() => savingsForecast({ ...ok, savedSoFar: Number.POSITIVE_INFINITY })).toThrow('savedSoFar is Infinity, expected a finite number')
    expect(() => savingsForecast(ok, { rateUnitMs: 0 })).toThrow('rateUnitMs is 0, expected a positive number of ms')
    expect(() => savingsForecast({ ...ok, rate: { start: START, step: DAY_MS, values: [1, Number.POSITIVE_INFINITY] } })).toThrow(
      'savings rate series: values[1] is Infinity, expected a finite number (NaN or null for a gap)'
    )
  })
})
