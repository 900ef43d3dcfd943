// The forecasting engine's interface: values on a regular grid in, point forecasts and
// prediction intervals out. Callers resample store data onto the grid (NaN marks a gap).

export type ForecastModelName = 'auto' | 'naive' | 'snaive' | 'ets' | 'theta' | 'mstl'

export interface ForecastOptions {
  /** Steps ahead to forecast (≥ 1). */
  horizon: number
  /** Seasonal periods in steps, e.g. [24] for hourly data with a daily cycle, [24, 168] for daily + weekly; [] or omitted = none. */
  seasonalPeriods?: readonly number[]
  /** Prediction interval levels in percent (default [80, 95]). */
  levels?: readonly number[]
  /** Model family; 'auto' (default) selects by information criterion / holdout. */
  model?: ForecastModelName
}

export interface ForecastInterval {
  /** Coverage in percent, e.g. 80. */
  level: number
  lower: number[]
  upper: number[]
}

export interface ForecastResult {
  /** The model used, as shown to people, e.g. "ETS(A,Ad,M) m=24" or "Theta m=24". */
  model: string
  /** Point forecasts, `horizon` values. */
  mean: number[]
  /** One per requested level, in the order requested. */
  intervals: ForecastInterval[]
}

/** A forecasting function (the engine's, or a simple one in tests of code built on it). */
export type Forecaster = (values: readonly number[], options: ForecastOptions) => ForecastResult
