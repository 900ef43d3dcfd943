// Calls an injected Forecaster on a checked series and validates what it returns, so a
// faulty forecaster yields a clear error instead of NaN figures downstream.
import type { ForecastOptions, Forecaster } from '../forecast/types'
import type { CheckedSeries } from './series'

/** A forecaster's answer, checked: `horizon` finite means, and the bands of each level asked for. */
export interface CheckedForecast {
  model: string
  mean: number[]
  /** level → [lower, upper], in the order asked for. */
  bands: Map<number, { lower: number[]; upper: number[] }>
}

/** Options passed through to the forecaster (horizon and levels are set by the caller). */
export interface ForecastPassThrough {
  seasonalPeriods?: readonly number[]
  model?: ForecastOptions['model']
}

function checkArray(a: unknown, horizon: number, what: string): number[] {
  if (!Array.isArray(a) || a.length !== horizon) throw new Error(`${what}: expected ${horizon} values, got ${Array.isArray(a) ? a.length : typeof a}`)
  a.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${what}[${i}] is ${String(v)}, expected a finite number`)
  })
  return a as number[]
}

/** Forecasts the series' values up to its last known one, `horizon` steps ahead, at the given levels. */
export function callForecaster(
  forecaster: Forecaster,
  series: CheckedSeries,
  horizon: number,
  levels: readonly number[],
  pass: ForecastPassThrough,
  what: string
): CheckedForecast {
  if (typeof forecaster !== 'function') throw new Error(`${what}: forecaster is ${typeof forecaster}, expected a function`)
  // Trailing gaps are dropped so the forecast starts right after the last known value.
  const values = series.values.slice(0, series.last + 1)
  const options: ForecastOptions = { horizon, levels: [...levels] }
  if (pass.seasonalPeriods) options.seasonalPeriods = pass.seasonalPeriods
  if (pass.model) options.model = pass.model
  let result
  try {
    result = forecaster(values, options)
  } catch (err) {
    throw new Error(`${what}: the forecaster failed: ${(err as Error).message}`)
  }
  if (result === null || typeof result !== 'object') throw new Error(`${what}: the forecaster returned ${String(result)}, expected a ForecastResult`)
  const mean = checkArray(result.mean, horizon, `${what}: forecast mean`)
  const bands = new Map<number, { lower: number[]; upper: number[] }>()
  for (const level of levels) {
    const interval = Array.isArray(result.intervals) ? result.intervals.find((iv) => Math.abs(iv.level - level) < 1e-9) : undefined
    if (!interval) throw new Error(`${what}: the forecaster returned no ${level} % interval`)
    const lower = checkArray(interval.lower, horizon, `${what}: forecast ${level} % lower`)
    const upper = checkArray(interval.upper, horizon, `${what}: forecast ${level} % upper`)
    for (let k = 0; k < horizon; k++) {
      if (lower[k] > upper[k]) throw new Error(`${what}: forecast ${level} % interval at step ${k + 1} has lower ${lower[k]} above upper ${upper[k]}`)
    }
    bands.set(level, { lower, upper })
  }
  return { model: typeof result.model === 'string' ? result.model : 'unknown', mean, bands }
}
