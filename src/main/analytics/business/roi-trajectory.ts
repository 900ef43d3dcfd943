// ROI trajectory: projected ROI % = (benefit − cost) / cost from forecasts of cumulative
// benefit and cumulative investment, with bands, and the payback date.
import type { Forecaster } from '../forecast/types'
import { firstCrossing } from './crossing'
import { nonDecreasing } from './cumulative'
import { callForecaster, type ForecastPassThrough } from './forecast-call'
import { formatNumber } from './format'
import { checkLevels, checkNow, checkSeries, DEFAULT_LEVELS, horizonSteps, isoDay, SIX_MONTHS_MS, timeAt, type CheckedSeries } from './series'
import type { BandInterval, DateRange, Projection, RegularSeries } from './types'
import type { RoiPayback, RoiTrajectory } from '@shared/analytics-business'
export type { RoiPayback, RoiTrajectory }

export interface RoiTrajectoryInput {
  /** Cumulative benefit (e.g. ai_benefits_usd_total) on a regular grid. */
  benefit: RegularSeries
  /** Cumulative investment (e.g. ai_investment_usd_total) on the same grid (same start and step). */
  cost: RegularSeries
  /** Epoch ms; the series must not end after it. */
  now: number
  forecaster: Forecaster
}

export interface RoiTrajectoryOptions extends ForecastPassThrough {
  /** How far ahead (default six months, 183 days). */
  horizonMs?: number
  /** Band levels in percent (default [80, 95]). */
  levels?: readonly number[]
}

/** Two-sided level whose bands, combined by the Bonferroni bound, give a ratio band of at least `level`. */
export function bonferroniLevel(level: number): number {
  return (100 + level) / 2
}

function roiPercent(b: number, c: number): number {
  return ((b - c) / c) * 100
}

/** Aligns the two series: same grid, forecasts from the last index where both are known. */
function alignSeries(benefit: CheckedSeries, cost: CheckedSeries): { b: CheckedSeries; c: CheckedSeries } {
  if (benefit.start !== cost.start || benefit.step !== cost.step) {
    throw new Error(`cost series: grid (start ${cost.start}, step ${cost.step}) differs from the benefit series' (start ${benefit.start}, step ${benefit.step}); resample both onto one grid`)
  }
  let last = Math.min(benefit.last, cost.last)
  while (last >= 0 && !(Number.isFinite(benefit.values[last]) && Number.isFinite(cost.values[last]))) last--
  if (last < 0) throw new Error('benefit and cost series: no grid point where both are known')
  return { b: { ...benefit, last }, c: { ...cost, last } }
}

/** The start of the current run of grid points where benefit ≥ cost (gaps do not break a run). */
function paidBackSince(b: CheckedSeries, c: CheckedSeries): number {
  let since = b.last
  for (let i = b.last - 1; i >= 0; i--) {
    const bv = b.values[i]
    const cv = c.values[i]
    if (!Number.isFinite(bv) || !Number.isFinite(cv)) continue
    if (bv >= cv && cv > 0) since = i
    else break
  }
  return timeAt(b, since)
}

function cumulativeProjection(times: number[], mean: number[], bands: Map<number, { lower: number[]; upper: number[] }>, levels: number[], last: number): Projection {
  return {
    times,
    mean: nonDecreasing(mean, last),
    intervals: levels.map((level) => {
      const band = bands.get(level)!
      return { level, lower: nonDecreasing(band.lower, last), upper: nonDecreasing(band.upper, last) }
    })
  }
}

/** Projects ROI % with bands over the horizon and dates the payback (benefit ≥ cost). */
export function roiTrajectory(input: RoiTrajectoryInput, options: RoiTrajectoryOptions = {}): RoiTrajectory {
  const levels = checkLevels(options.levels ?? DEFAULT_LEVELS)
  const { b, c } = alignSeries(checkSeries(input.benefit, 'benefit series'), checkSeries(input.cost, 'cost series'))
  checkNow(input.now, b, 'benefit and cost series')
  const bNow = b.values[b.last]
  const cNow = c.values[c.last]
  const lastObserved = timeAt(b, b.last)
  if (!(cNow > 0)) throw new Error(`cost series: the investment at ${isoDay(lastObserved)} is ${cNow}; ROI needs a positive investment`)
  if (bNow < 0) throw new Error(`benefit series: the cumulative benefit at ${isoDay(lastObserved)} is ${bNow}, expected ≥ 0`)

  const horizon = horizonSteps(options.horizonMs ?? SIX_MONTHS_MS, b.step)
  // The components are forecast at the display levels (for their own charts) and at the
  // Bonferroni levels the ROI band is built from.
  const wide = levels.map(bonferroniLevel)
  const asked = [...new Set([...levels, ...wide])]
  const fb = callForecaster(input.forecaster, b, horizon, asked, options, 'benefit forecast')
  const fc = callForecaster(input.forecaster, c, horizon, asked, options, 'cost forecast')
  const times = Array.from({ length: horizon }, (_, k) => lastObserved + (k + 1) * b.step)
  const benefit = cumulativeProjection(times, fb.mean, fb.bands, asked, bNow)
  const cost = cumulativeProjection(times, fc.mean, fc.bands, asked, cNow)
  const bandOf = (p: Projection, level: number) => p.intervals.find((iv) => iv.level === level)! as { lower: number[]; upper: number[] }

  const bMean = benefit.mean as number[]
  const cMean = cost.mean as number[]
  const roiMean = times.map((_, k) => roiPercent(bMean[k], cMean[k]))
  // ROI rises with benefit and falls with cost, so P(ROI < B_lo/C_hi − 1) ≤ P(B < B_lo) + P(C > C_hi):
  // with each component band at level (100 + L)/2 each tail of the ROI band holds at most (100 − L)/2 %,
  // whatever the dependence between the two forecast errors (Bonferroni). Costs are floored at the
  // last observed investment (> 0), so every ratio is finite.
  const intervals: BandInterval[] = levels.map((level) => {
    const bb = bandOf(benefit, bonferroniLevel(level))
    const cb = bandOf(cost, bonferroniLevel(level))
    return {
      level,
      lower: times.map((_, k) => roiPercent(bb.lower[k], cb.upper[k])),
      upper: times.map((_, k) => roiPercent(bb.upper[k], cb.lower[k]))
    }
  })
  const roi: Projection = { times, mean: roiMean, intervals }
  const horizonEnd = times[times.length - 1]
  const currentRoiPercent = roiPercent(bNow, cNow)
  const payback = datePayback(b, c, roi, { currentRoiPercent, lastObserved, horizonEnd, bNow, cNow, bEnd: bMean[horizon - 1], cEnd: cMean[horizon - 1] })
  const pick = (p: Projection): Projection => ({ ...p, intervals: p.intervals.filter((iv) => levels.includes(iv.level)) })
  return {
    now: input.now,
    lastObserved,
    currentBenefit: bNow,
    currentCost: cNow,
    currentRoiPercent,
    horizonEnd,
    roi,
    benefit: pick(benefit),
    cost: pick(cost),
    payback,
    models: { benefit: fb.model, cost: fc.model }
  }
}

interface PaybackContext {
  currentRoiPercent: number
  lastObserved: number
  horizonEnd: number
  bNow: number
  cNow: number
  bEnd: number
  cEnd: number
}

function datePayback(b: CheckedSeries, c: CheckedSeries, roi: Projection, ctx: PaybackContext): RoiPayback {
  if (ctx.bNow >= ctx.cNow) {
    const date = paidBackSince(b, c)
    return {
      status: 'reached',
      date,
      ranges: [],
      reason: `paid back since ${isoDay(date)}: benefit ${formatNumber(ctx.bNow)} ≥ investment ${formatNumber(ctx.cNow)}`
    }
  }
  const from = { t: ctx.lastObserved, v: ctx.currentRoiPercent }
  const round = (t: number | null) => (t === null ? null : Math.round(t))
  const date = round(firstCrossing(from, roi.times, roi.mean as number[], 0))
  const ranges: DateRange[] = roi.intervals.map((iv) => ({
    level: iv.level,
    earliest: round(firstCrossing(from, roi.times, iv.upper as number[], 0)),
    latest: round(firstCrossing(from, roi.times, iv.lower as number[], 0))
  }))
  const widest = ranges[ranges.length - 1]
  const rangeText = (r: DateRange) =>
    `${r.level} % range ${r.earliest === null ? 'after the horizon' : isoDay(r.earliest)} – ${r.latest === null ? `after ${isoDay(ctx.horizonEnd)}` : isoDay(r.latest)}`
  if (date !== null) {
    return { status: 'projected', date, ranges, reason: `payback projected for ${isoDay(date)} (${rangeText(widest)})` }
  }
  const gapNow = ctx.cNow - ctx.bNow
  const gapEnd = ctx.cEnd - ctx.bEnd
  const possible = widest.earliest !== null ? `; possible from ${isoDay(widest.earliest)} at the upper ${widest.level} % bound` : ''
  const reason =
    gapEnd >= gapNow
      ? `not within the horizon: benefit is not catching up with investment (gap ${formatNumber(gapNow)} now, ${formatNumber(gapEnd)} by ${isoDay(ctx.horizonEnd)})${possible}`
      : `not within the horizon: benefit projected at ${formatNumber((ctx.bEnd / ctx.cEnd) * 100)} % of investment by ${isoDay(ctx.horizonEnd)}${possible}`
  return { status: 'not_within_horizon', date: null, ranges, reason }
}
