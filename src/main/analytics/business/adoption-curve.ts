// Adoption curve: a logistic growth fit to an adoption-% series, giving the plateau, when
// 95 % of it is (or was) reached, and a projection with a moving-block bootstrap band.
import { formatNumber } from './format'
import { fitLogistic, logisticAt, logisticStarts, type LogisticBounds, type LogisticParams } from './logistic-fit'
import { quantile, seededRandom } from './random'
import { checkFinite, checkLevels, checkNow, checkSeries, DAY_MS, DEFAULT_LEVELS, horizonSteps, isoDay, SIX_MONTHS_MS, timeAt } from './series'
import type { DateRange, Projection, RegularSeries, ValueRange } from './types'
import type { AdoptionFitted, AdoptionUnfitted, AdoptionCurve } from '@shared/analytics-business'
export type { AdoptionFitted, AdoptionUnfitted, AdoptionCurve }

export interface AdoptionInput {
  /** Adoption in percent (e.g. ai_adoption_rate_percent) on a regular grid. */
  adoption: RegularSeries
  now: number
}

export interface AdoptionOptions {
  /** How far ahead to project (default six months, 183 days). */
  horizonMs?: number
  /** Band levels in percent (default [80, 95]). */
  levels?: readonly number[]
  /** Highest possible value, the plateau's upper bound (default 100, for percentages). */
  maxLevel?: number
  /** Fewest known points to attempt a fit (default 10). */
  minPoints?: number
  /** Lowest R² accepted as logistic (default 0.9). */
  minR2?: number
  /** Share of the plateau whose date is reported (default 0.95). */
  plateauFraction?: number
  /** Bootstrap replicates for the bands (default 200). */
  bootstrap?: number
  /** Bootstrap seed (default 1): the same input always gives the same bands. */
  seed?: number
}

/** Robust noise sd from first differences: MAD / 0.6745 / √2 (the trend between neighbours is small). */
function noiseScale(y: readonly number[]): number {
  const d = y.slice(1).map((v, i) => v - y[i])
  const med = quantile(d, 0.5)
  return quantile(d.map((v) => Math.abs(v - med)), 0.5) / 0.6745 / Math.SQRT2
}

function rSquared(sse: number, y: readonly number[]): number {
  const mean = y.reduce((a, b) => a + b, 0) / y.length
  const sst = y.reduce((a, b) => a + (b - mean) ** 2, 0)
  return 1 - sse / sst
}

/** Best fit over several starting points. */
function bestFit(t: number[], y: number[], bounds: LogisticBounds) {
  const [first, ...others] = logisticStarts(t, y, bounds)
  let best = fitLogistic(t, y, first, bounds)
  for (const start of others) {
    const f = fitLogistic(t, y, start, bounds)
    if (f.sse < best.sse) best = f
  }
  return best
}

/** Fits a logistic curve to an adoption series and projects it; says so plainly when it does not fit. */
export function adoptionCurve(input: AdoptionInput, options: AdoptionOptions = {}): AdoptionCurve {
  const levels = checkLevels(options.levels ?? DEFAULT_LEVELS)
  const maxLevel = checkFinite(options.maxLevel ?? 100, 'maxLevel')
  const minPoints = Math.max(4, Math.floor(checkFinite(options.minPoints ?? 10, 'minPoints')))
  const minR2 = checkFinite(options.minR2 ?? 0.9, 'minR2')
  const fraction = checkFinite(options.plateauFraction ?? 0.95, 'plateauFraction')
  if (!(fraction > 0 && fraction < 1)) throw new Error(`plateauFraction is ${fraction}, expected a share between 0 and 1`)
  const replicates = Math.floor(checkFinite(options.bootstrap ?? 200, 'bootstrap'))
  if (replicates < 20 || replicates > 5000) throw new Error(`bootstrap is ${replicates}, expected 20 to 5000 replicates`)
  const series = checkSeries(input.adoption, 'adoption series')
  checkNow(input.now, series, 'adoption series')
  const horizon = horizonSteps(options.horizonMs ?? SIX_MONTHS_MS, series.step)

  // Days since the first point: r comes out per day whatever the grid.
  const times: number[] = []
  const t: number[] = []
  const y: number[] = []
  series.values.forEach((v, i) => {
    if (!Number.isFinite(v)) return
    if (v < 0 || v > maxLevel) throw new Error(`adoption series: values[${i}] is ${v}, expected 0 to ${maxLevel}`)
    times.push(timeAt(series, i))
    t.push((timeAt(series, i) - series.start) / DAY_MS)
    y.push(v)
  })
  const base = { now: input.now, points: y.length }
  if (y.length < minPoints) return { ...base, status: 'insufficient_data', r2: null, reason: `${y.length} known points; a logistic fit needs at least ${minPoints}` }
  const maxObs = Math.max(...y)
  const minObs = Math.min(...y)
  if (maxObs <= 0) return { ...base, status: 'not_logistic', r2: null, reason: 'no adoption yet: every value is 0' }
  if (maxObs - minObs <= 1e-9 * Math.max(1, maxObs)) return { ...base, status: 'not_logistic', r2: null, reason: `flat at ${formatNumber(maxObs)} %: no growth phase to fit a curve to` }

  const stepDays = series.step / DAY_MS
  const span = t[t.length - 1] - t[0]
  const bounds = (kLow: number): LogisticBounds => ({
    K: [kLow, maxLevel],
    // Steepest: from 27 % to 73 % of the plateau within a tenth of a step; shallowest: practically a line.
    r: [1e-6, 10 / stepDays],
    t0: [t[0] - 2 * span, t[t.length - 1] + 3 * span]
  })
  // The plateau may sit below the highest observation by the noise in it: K ≥ max − 3σ, with σ a
  // robust noise scale from first differences (MAD/0.6745/√2); σ = 0 for clean data gives K ≥ max.
  const noise = noiseScale(y)
  const fit = bestFit(t, y, bounds(Math.max(maxObs - 3 * noise, 1e-9)))
  const r2 = rSquared(fit.sse, y)
  if (!(r2 >= minR2)) {
    return { ...base, status: 'not_logistic', r2, reason: `does not look logistic: the best logistic fit explains R² = ${Math.max(0, r2).toFixed(2)} of the variance (needs ≥ ${minR2})` }
  }
  const p = fit.params
  const fitted = t.map((ti) => logisticAt(p, ti))
  const residuals = y.map((v, i) => v - fitted[i])
  const tNow = t[t.length - 1]
  const lastObserved = times[times.length - 1]
  const futureT = Array.from({ length: horizon }, (_, k) => tNow + ((k + 1) * series.step) / DAY_MS)
  const logit = Math.log(fraction / (1 - fraction))
  const reachT = (q: LogisticParams) => q.t0 + logit / q.r
  const boot = bootstrapBands(t, fitted, residuals, p, futureT, levels, { replicates, seed: options.seed ?? 1, maxLevel, bounds, noise, reachT })
  const toMs = (d: number) => Math.round(series.start + d * DAY_MS)

  const plateauIdentified = p.K < maxLevel * (1 - 1e-6) && p.t0 <= tNow
  const warnings: string[] = []
  if (p.K >= maxLevel * (1 - 1e-6)) warnings.push(`the plateau sits on its upper bound (${formatNumber(maxLevel)}): the data do not show where growth levels off`)
  else if (p.t0 > tNow) warnings.push('the midpoint of the curve is not yet observed: the plateau is an extrapolation')
  const reachDate = toMs(reachT(p))
  const reached = reachDate <= lastObserved
  const summary = `plateau ${formatNumber(p.K)} % (R² ${formatNumber(r2)}); ${formatNumber(fraction * 100)} % of it ${reached ? 'reached on' : 'expected by'} ${isoDay(reachDate)}`
  return {
    ...base,
    status: 'fitted',
    lastObserved,
    current: y[y.length - 1],
    plateau: { value: p.K, ranges: boot.plateau },
    growthRatePerDay: p.r,
    midpoint: toMs(p.t0),
    plateauReach: {
      fraction,
      value: fraction * p.K,
      date: reachDate,
      reached,
      ranges: boot.reach.map((r) => ({ level: r.level, earliest: toMs(r.lower), latest: toMs(r.upper) }))
    },
    r2,
    rmse: Math.sqrt(fit.sse / y.length),
    fitted: { times, values: fitted },
    projection: { times: futureT.map(toMs), mean: futureT.map((d) => logisticAt(p, d)), intervals: boot.bands },
    plateauIdentified,
    warnings,
    summary
  }
}

interface BootstrapSetup {
  replicates: number
  seed: number
  maxLevel: number
  bounds: (kLow: number) => LogisticBounds
  noise: number
  reachT: (p: LogisticParams) => number
}

/**
 * Moving-block residual bootstrap: refits the curve to fitted + resampled residual blocks
 * (block length ≈ √n: long enough to keep the residuals' autocorrelation in short series), then takes percentiles of the
 * refitted curves plus a fresh residual (a prediction band, not just the curve's uncertainty).
 */
function bootstrapBands(t: number[], fitted: number[], residuals: number[], p: LogisticParams, futureT: number[], levels: number[], s: BootstrapSetup) {
  const n = t.length
  const rand = seededRandom(s.seed)
  const meanRes = residuals.reduce((a, b) => a + b, 0) / n
  const centred = residuals.map((e) => e - meanRes)
  const block = Math.max(1, Math.round(Math.sqrt(n)))
  const K: number[] = []
  const reach: number[] = []
  const paths: number[][] = futureT.map(() => [])
  const ystar = new Array<number>(n)
  for (let b = 0; b < s.replicates; b++) {
    let i = 0
    while (i < n) {
      const from = Math.floor(rand() * (n - block + 1))
      for (let j = 0; j < block && i < n; j++, i++) ystar[i] = Math.min(s.maxLevel, Math.max(0, fitted[i] + centred[from + j]))
    }
    const q = fitLogistic(t, ystar, p, s.bounds(Math.max(Math.max(...ystar) - 3 * s.noise, 1e-9))).params
    K.push(q.K)
    reach.push(s.reachT(q))
    futureT.forEach((d, k) => {
      const noise = centred[Math.floor(rand() * n)]
      paths[k].push(Math.min(s.maxLevel, Math.max(0, logisticAt(q, d) + noise)))
    })
  }
  const range = (values: number[], level: number) => ({ level, lower: quantile(values, (1 - level / 100) / 2), upper: quantile(values, (1 + level / 100) / 2) })
  return {
    plateau: levels.map((l) => range(K, l)),
    reach: levels.map((l) => range(reach, l)),
    bands: levels.map((l) => {
      const r = paths.map((v) => range(v, l))
      return { level: l, lower: r.map((x) => x.lower), upper: r.map((x) => x.upper) }
    })
  }
}
