// The forecasting engine: validated input, gap filling, one of the model families or the automatic
// choice, and prediction intervals at the requested levels.
import { fitAuto } from './auto'
import { fitFamily } from './families'
import type { ForecastOptions, ForecastResult, Forecaster } from './types'
import { checkOptions, fillGaps } from './validate'

export { fitAuto } from './auto'
export type { ForecastModelName, ForecastOptions, ForecastResult, Forecaster, ForecastInterval } from './types'

/** Forecasts a regular series (NaN = missing) `horizon` steps ahead with prediction intervals. */
export const forecastSeries: Forecaster = (values: readonly number[], options: ForecastOptions): ForecastResult => {
  const opts = checkOptions(options)
  const y = fillGaps(values)
  const fit = opts.model === 'auto' ? fitAuto(y, opts.horizon, opts.periods) : fitFamily(opts.model, y, opts.horizon, opts.periods)
  const intervals = opts.levels.map((level) => {
    const b = fit.interval(level)
    return { level, lower: b.lower, upper: b.upper }
  })
  return { model: fit.model, mean: fit.mean, intervals }
}
