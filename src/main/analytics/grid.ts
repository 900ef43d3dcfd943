// Regular grids for the analytics engines: the store answers bucketed points where buckets
// without data are missing; the models want one value per step, NaN for a gap.
import type { Point } from '@shared/types'

/** Values on the grid start, start+step, … (count of them); buckets without a point are NaN. */
export function pointsToGrid(points: readonly Point[], start: number, stepMs: number, count: number): number[] {
  const out = new Array<number>(count).fill(Number.NaN)
  for (const [ts, value] of points) {
    const i = Math.round((ts - start) / stepMs)
    if (i >= 0 && i < count && Number.isFinite(value)) out[i] = value
  }
  return out
}

/** The first grid time at or after `from` for a step (steps align to the epoch, as store buckets do). */
export function gridStart(from: number, stepMs: number): number {
  return Math.ceil(from / stepMs) * stepMs
}

const DAY_MS = 86_400_000
const WEEK_MS = 7 * DAY_MS

/**
 * The seasonal periods (in steps) worth modelling for a grid: daily when the step divides a day
 * and at least two days are observed; weekly too when at least two weeks are.
 */
export function seasonalPeriodsFor(stepMs: number, observedSteps: number): number[] {
  const periods: number[] = []
  for (const cycle of [DAY_MS, WEEK_MS]) {
    const period = cycle / stepMs
    if (Number.isInteger(period) && period >= 2 && observedSteps >= 2 * period) periods.push(period)
  }
  return periods
}

const GRID_STEPS_MS = [60_000, 300_000, 900_000, 3_600_000, 6 * 3_600_000, DAY_MS]

/** A step giving at most `maxPoints` over the span, from 1 minute to 1 day. */
export function pickGridStep(spanMs: number, maxPoints = 700): number {
  return GRID_STEPS_MS.find((s) => spanMs / s <= maxPoints) ?? DAY_MS
}
