// Calibration of the adoption fit on simulated logistic curves with autocorrelated noise: how
// well the plateau is recovered and how often the bands hold the truth. Prints the figures the
// README quotes; asserts they stay near the nominal levels.
import { describe, expect, it } from 'vitest'
import { adoptionCurve } from './adoption-curve'
import { seededRandom } from './random'
import { DAY_MS } from './series'

const START = Date.UTC(2026, 0, 1)
const SERIES = 60
const DAYS = 90
const AHEAD = 30

describe('adoptionCurve calibration (simulated)', () => {
  it('recovers the plateau and its bands hold the truth about as often as stated', () => {
    const rand = seededRandom(2026)
    const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
    const errors: number[] = []
    let fitted = 0
    let plateauIn95 = 0
    let plateauIn80 = 0
    let futureIn95 = 0
    let futureIn80 = 0
    let ms = 0
    for (let s = 0; s < SERIES; s++) {
      const K = 30 + 60 * rand()
      const r = 0.06 + 0.12 * rand()
      const t0 = 25 + 30 * rand()
      // AR(1) noise, φ = 0.6, marginal sd 1.2 percentage points.
      let e = 0
      const noisy = Array.from({ length: DAYS + AHEAD }, (_, d) => {
        e = 0.6 * e + Math.sqrt(1 - 0.36) * 1.2 * normal()
        return Math.min(100, Math.max(0, K / (1 + Math.exp(-r * (d - t0))) + e))
      })
      const t = performance.now()
      const c = adoptionCurve({ adoption: { start: START, step: DAY_MS, values: noisy.slice(0, DAYS) }, now: START + (DAYS - 1) * DAY_MS }, { horizonMs: AHEAD * DAY_MS })
      ms += performance.now() - t
      if (c.status !== 'fitted') continue
      fitted++
      errors.push(Math.abs(c.plateau.value - K))
      const [p80, p95] = c.plateau.ranges
      if (K >= p95.lower && K <= p95.upper) plateauIn95++
      if (K >= p80.lower && K <= p80.upper) plateauIn80++
      const actual = noisy[DAYS + AHEAD - 1]
      const [b80, b95] = c.projection.intervals
      if (actual >= b95.lower[AHEAD - 1]! && actual <= b95.upper[AHEAD - 1]!) futureIn95++
      if (actual >= b80.lower[AHEAD - 1]! && actual <= b80.upper[AHEAD - 1]!) futureIn80++
    }
    errors.sort((a, b) => a - b)
    const figures = {
      series: SERIES,
      fitted,
      medianAbsPlateauError: Number(errors[errors.length >> 1].toFixed(2)),
      plateauCoverage80: Number((plateauIn80 / fitted).toFixed(2)),
      plateauCoverage95: Number((plateauIn95 / fitted).toFixed(2)),
      day30Coverage80: Number((futureIn80 / fitted).toFixed(2)),
      day30Coverage95: Number((futureIn95 / fitted).toFixed(2)),
      msPerFit: Number((ms / SERIES).toFixed(1))
    }
    console.log('adoption calibration', JSON.stringify(figures))
    expect(fitted).toBeGreaterThanOrEqual(SERIES * 0.95)
    expect(figures.medianAbsPlateauError).toBeLessThan(1.5)
    expect(figures.plateauCoverage95).toBeGreaterThanOrEqual(0.7)
    expect(figures.day30Coverage95).toBeGreaterThanOrEqual(0.8)
    expect(figures.day30Coverage80).toBeGreaterThanOrEqual(0.65)
  })
})
