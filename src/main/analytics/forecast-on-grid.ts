// One forecast from bucketed points: the points on the grid [start, end), leading gaps dropped
// (the series started later), seasonal periods from the step, the forecaster run, the future
// step times and the widest band. Shared by the getForecast request and forecast alert rules.
import type { Point } from '@shared/types'
import type { ForecastInterval, ForecastResult, Forecaster } from './forecast/types'
import { pointsToGrid, seasonalPeriodsFor } from './grid'

/** Fewest observed points a forecast is made from. */
export const MIN_FORECAST_POINTS = 8

export interface GridForecast {
  result: ForecastResult
  /** Future step times, from `end`. */
  ts: number[]
  /** Observed (non-gap) points fitted. */
  observed: number
  periods: number[]
  /** The newest observed value (NaN when none). */
  lastObserved: number
  /** The widest band, for the earliest plausible crossing. */
  outer: ForecastInterval | null
}

/** Forecasts `horizon` steps after `end`; `{ observed }` alone when there are too few points. */
export function forecastOnGrid(
  forecaster: Forecaster,
  points: readonly Point[],
  grid: { start: number; end: number; stepMs: number },
  horizon: number,
  levels: readonly number[]
): GridForecast | { observed: number; result?: undefined } {
  const { start, end, stepMs } = grid
  const values = pointsToGrid(points, start, stepMs, Math.round((end - start) / stepMs))
  const firstSeen = values.findIndex((v) => Number.isFinite(v))
  const observed = values.filter((v) => Number.isFinite(v)).length
  if (firstSeen === -1 || observed < MIN_FORECAST_POINTS) return { observed }
  const fitted = values.slice(firstSeen)
  const periods = seasonalPeriodsFor(stepMs, fitted.length)
  const result = forecaster(fitted, { horizon, seasonalPeriods: periods, levels })
  const outer = result.intervals.reduce<ForecastInterval | null>((w, b) => (w === null || b.level > w.level ? b : w), null)
  return {
    result,
    ts: Array.from({ length: horizon }, (_, i) => end + i * stepMs),
    observed,
    periods,
    lastObserved: [...fitted].reverse().find((v) => Number.isFinite(v)) ?? Number.NaN,
    outer
  }
}
