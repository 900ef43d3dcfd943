// Cost savings forecast: projected cumulative savings over the horizon from a savings-rate series.
import type { Forecaster } from '../forecast/types'
import { callForecaster, type ForecastPassThrough } from './forecast-call'
import { checkFinite, checkLevels, checkNow, checkSeries, DEFAULT_LEVELS, horizonSteps, SIX_MONTHS_MS, timeAt } from './series'
import type { Projection, RegularSeries, ValueRange } from './types'
import type { SavingsForecast } from '@shared/analytics-business'
export type { SavingsForecast }

export interface SavingsInput {
  /** Savings per grid step (e.g. USD saved each day on a daily grid), or a rate per `rateUnitMs`. */
  rate: RegularSeries
  /** Savings already made up to the last observed point (default 0): the cumulative path starts from it. */
  savedSoFar?: number
  now: number
  forecaster: Forecaster
}

export interface SavingsOptions extends ForecastPassThrough {
  /** How far ahead (default six months, 183 days). */
  horizonMs?: number
  /** Band levels in percent (default [80, 95]). */
  levels?: readonly number[]
  /** The time unit of the rate in ms (default: the grid step, i.e. values are amounts per step). */
  rateUnitMs?: number
}

/** Projects cumulative savings with bands from a savings-rate series. */
export function savingsForecast(input: SavingsInput, options: SavingsOptions = {}): SavingsForecast {
  const levels = checkLevels(options.levels ?? DEFAULT_LEVELS)
  const rate = checkSeries(input.rate, 'savings rate series')
  checkNow(input.now, rate, 'savings rate series')
  const savedSoFar = input.savedSoFar === undefined ? 0 : checkFinite(input.savedSoFar, 'savedSoFar')
  const unit = options.rateUnitMs === undefined ? rate.step : checkFinite(options.rateUnitMs, 'rateUnitMs')
  if (unit <= 0) throw new Error(`rateUnitMs is ${unit}, expected a positive number of ms`)
  const perStep = rate.step / unit
  const horizon = horizonSteps(options.horizonMs ?? SIX_MONTHS_MS, rate.step)
  const f = callForecaster(input.forecaster, rate, horizon, levels, options, 'savings rate forecast')
  const lastObserved = timeAt(rate, rate.last)
  const times = Array.from({ length: horizon }, (_, k) => lastObserved + (k + 1) * rate.step)
  const accumulate = (path: readonly number[]) => {
    const out = new Array<number>(horizon)
    let sum = savedSoFar
    for (let k = 0; k < horizon; k++) {
      sum += path[k] * perStep
      out[k] = sum
    }
    return out
  }
  // The band of a sum is the sum of the per-step bounds (errors moving together). For normal
  // errors the sd of a sum is at most the sum of the sds whatever their correlation, so this
  // band has at least the nominal coverage; it is exact when the errors are one shared level
  // error, which is what level/trend models' multi-step errors mostly are.
  const mean = accumulate(f.mean)
  const intervals = levels.map((level) => ({ level, lower: accumulate(f.bands.get(level)!.lower), upper: accumulate(f.bands.get(level)!.upper) }))
  return {
    now: input.now,
    lastObserved,
    savedSoFar,
    currentRate: rate.values[rate.last],
    cumulative: { times, mean, intervals },
    total: {
      mean: mean[horizon - 1] - savedSoFar,
      ranges: intervals.map((iv) => ({ level: iv.level, lower: iv.lower[horizon - 1] - savedSoFar, upper: iv.upper[horizon - 1] - savedSoFar }))
    },
    horizonEnd: times[horizon - 1],
    model: f.model
  }
}
