import { describe, expect, it } from 'vitest'
import { DemoModel } from '../../sources/demo/model'
import { adoptionCurve, type AdoptionFitted } from './adoption-curve'
import { seededRandom } from './random'
import { DAY_MS } from './series'
import { dailySeries } from './test-support'

const START = Date.UTC(2026, 0, 1)
const day = (d: number) => START + d * DAY_MS
const logistic = (K: number, r: number, t0: number) => (d: number) => K / (1 + Math.exp(-r * (d - t0)))

function noisy(f: (d: number) => number, sd: number, seed = 3) {
  const rand = seededRandom(seed)
  return (d: number) => Math.max(0, f(d) + sd * (rand() + rand() + rand() - 1.5) * 2)
}

function fitted(r: ReturnType<typeof adoptionCurve>): AdoptionFitted {
  if (r.status !== 'fitted') throw new Error(`expected a fit, got ${r.status}: ${r.reason}`)
  return r
}

describe('adoptionCurve', () => {
  it('recovers plateau, rate and midpoint of a noisy logistic, with the 95 % date and bands', () => {
    const r = fitted(adoptionCurve({ adoption: dailySeries(START, 121, noisy(logistic(60, 0.1, 40), 0.8)), now: day(120) }))
    expect(r.plateau.value).toBeGreaterThan(59)
    expect(r.plateau.value).toBeLessThan(61)
    expect(r.growthRatePerDay).toBeGreaterThan(0.09)
    expect(r.growthRatePerDay).toBeLessThan(0.11)
    expect(Math.abs(r.midpoint - day(40))).toBeLessThan(DAY_MS)
    expect(r.r2).toBeGreaterThan(0.99)
    expect(r.rmse).toBeLessThan(1.2)
    // 95 % of the plateau at t0 + ln(19)/r ≈ day 69.4: in the past.
    expect(r.plateauReach.reached).toBe(true)
    expect(Math.abs(r.plateauReach.date - day(69.44))).toBeLessThan(1.5 * DAY_MS)
    expect(r.plateauReach.value).toBeCloseTo(0.95 * r.plateau.value, 9)
    const [p80, p95] = r.plateau.ranges
    expect(p95.lower).toBeLessThanOrEqual(p80.lower)
    expect(p80.lower).toBeLessThanOrEqual(r.plateau.value)
    expect(r.plateau.value).toBeLessThanOrEqual(p80.upper)
    expect(p80.upper).toBeLessThanOrEqual(p95.upper)
    expect(p95.lower).toBeLessThan(60)
    expect(p95.upper).toBeGreaterThan(60)
    expect(r.plateauReach.ranges[1].earliest!).toBeLessThan(r.plateauReach.ranges[1].latest!)
    expect(r.plateauIdentified).toBe(true)
    expect(r.warnings).toEqual([])
    // The projection: 183 daily steps after day 120, the band a few noise widths around the plateau.
    expect(r.projection.times[0]).toBe(day(121))
    expect(r.projection.times).toHaveLength(183)
    const b95 = r.projection.intervals[1]
    for (let k = 0; k < 183; k++) {
      expect(b95.lower[k]!).toBeLessThan(r.projection.mean[k]!)
      expect(b95.upper[k]!).toBeGreaterThan(r.projection.mean[k]!)
      expect(b95.upper[k]! - b95.lower[k]!).toBeLessThan(6)
    }
    expect(r.fitted.times).toHaveLength(121)
    expect(r.summary).toMatch(/^plateau 60(\.\d+)? % \(R² 0\.99\d*\); 95 % of it reached on 2026-03-1\d$/)
    expect(JSON.parse(JSON.stringify(r))).toEqual(r)
  })

  it('gives the same bands on every run (seeded bootstrap) and other bands with another seed', () => {
    const input = { adoption: dailySeries(START, 60, noisy(logistic(50, 0.15, 30), 1)), now: day(59) }
    const a = fitted(adoptionCurve(input))
    const b = fitted(adoptionCurve(input))
    expect(b).toEqual(a)
    const c = fitted(adoptionCurve(input, { seed: 99 }))
    expect(c.plateau.value).toBe(a.plateau.value)
    expect(c.projection.intervals).not.toEqual(a.projection.intervals)
  })

  it('projects a curve still growing, with its 95 % date in the future', () => {
    const r = fitted(adoptionCurve({ adoption: dailySeries(START, 50, noisy(logistic(70, 0.12, 35), 0.5)), now: day(49) }))
    expect(r.plateauReach.reached).toBe(false)
    expect(r.plateauReach.date).toBeGreaterThan(day(49))
    expect(r.plateau.value).toBeGreaterThan(65)
    expect(r.plateau.value).toBeLessThan(75)
    expect(r.projection.mean[182]!).toBeGreaterThan(r.current)
    expect(r.summary).toMatch(/95 % of it expected by 2026-/)
  })

  it('flags a plateau the data cannot determine (only the accelerating start is observed)', () => {
    const r = fitted(adoptionCurve({ adoption: dailySeries(START, 25, logistic(60, 0.1, 60)), now: day(24) }))
    expect(r.plateauIdentified).toBe(false)
    expect(r.warnings.length).toBe(1)
    expect(r.warnings[0]).toMatch(/upper bound|midpoint of the curve is not yet observed/)
  })

  it('fits the demo scenario adoption (plateau ≈ 80 %, half-way around day 50)', () => {
    const start = Date.UTC(2026, 1, 10)
    const model = new DemoModel(42, start)
    const values = Array.from({ length: 121 }, (_, d) => model.valuesAt(start + d * DAY_MS + 12 * 3_600_000).find((s) => s.name === 'ai_adoption_rate_percent')!.value)
    const r = fitted(adoptionCurve({ adoption: { start: start + 12 * 3_600_000, step: DAY_MS, values }, now: start + 121 * DAY_MS }))
    expect(r.plateau.value).toBeGreaterThan(75)
    expect(r.plateau.value).toBeLessThan(85)
    expect(Math.abs(r.midpoint - (start + 50 * DAY_MS))).toBeLessThan(5 * DAY_MS)
    expect(r.r2).toBeGreaterThan(0.98)
  })

  it('says "not enough data" for a handful of points', () => {
    const r = adoptionCurve({ adoption: dailySeries(START, 12, (d) => (d % 2 ? null : 5 + d)), now: day(11) })
    expect(r).toEqual({ now: day(11), points: 6, status: 'insufficient_data', r2: null, reason: '6 known points; a logistic fit needs at least 10' })
  })

  it('says "does not look logistic" for flat, all-zero, falling and erratic series', () => {
    const flat = adoptionCurve({ adoption: dailySeries(START, 30, () => 42), now: day(29) })
    expect(flat).toMatchObject({ status: 'not_logistic', reason: 'flat at 42 %: no growth phase to fit a curve to' })
    const zero = adoptionCurve({ adoption: dailySeries(START, 30, () => 0), now: day(29) })
    expect(zero).toMatchObject({ status: 'not_logistic', reason: 'no adoption yet: every value is 0' })
    const falling = adoptionCurve({ adoption: dailySeries(START, 30, (d) => 60 - d), now: day(29) })
    expect(falling.status).toBe('not_logistic')
    expect(falling.r2!).toBeLessThan(0.9)
    const rand = seededRandom(5)
    const erratic = adoptionCurve({ adoption: dailySeries(START, 60, () => 20 + 20 * rand()), now: day(59) })
    expect(erratic.status).toBe('not_logistic')
    if (erratic.status === 'not_logistic') expect(erratic.reason).toMatch(/^does not look logistic: the best logistic fit explains R² = 0\.\d\d of the variance \(needs ≥ 0\.9\)$/)
  })

  it('rejects bad input with what and where', () => {
    const ok = { adoption: dailySeries(START, 20, (d) => d), now: day(19) }
    expect(() => adoptionCurve({ ...ok, adoption: dailySeries(START, 20, (d) => (d === 7 ? 130 : d)) })).toThrow('adoption series: values[7] is 130, expected 0 to 100')
    expect(() => adoptionCurve({ ...ok, adoption: dailySeries(START, 20, (d) => (d === 2 ? -1 : d)) })).toThrow('adoption series: values[2] is -1, expected 0 to 100')
    expect(() => adoptionCurve(ok, { plateauFraction: 1 })).toThrow('plateauFraction is 1, expected a share between 0 and 1')
    expect(() => adoptionCurve(ok, { bootstrap: 5 })).toThrow('bootstrap is 5, expected 20 to 5000 replicates')
    expect(() => adoptionCurve({ ...ok, now: Number.NaN })).toThrow('now is NaN, expected epoch ms')
  })
})
