// The M4 accuracy measures (Makridakis, Spiliotis & Assimakopoulos 2020): sMAPE, MASE and OWA
// relative to Naive2, averaged over series first, then combined at dataset level.

/** sMAPE in percent: mean of 200·|y−f|/(|y|+|f|) over the horizon. */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  checkLengths(actual, forecast)
  let s = 0
  for (let i = 0; i < actual.length; i++) {
    const den = Math.abs(actual[i]) + Math.abs(forecast[i])
    s += den === 0 ? 0 : (200 * Math.abs(actual[i] - forecast[i])) / den
  }
  return s / actual.length
}

/** MASE scale: the in-sample mean absolute seasonal difference of the training history at lag m. */
export function maseScale(history: readonly number[], m: number): number {
  if (history.length <= m) throw new Error(`MASE: the history has ${history.length} values, needs more than m=${m}`)
  let s = 0
  for (let t = m; t < history.length; t++) s += Math.abs(history[t] - history[t - m])
  return s / (history.length - m)
}

/** MASE: mean absolute error over the horizon divided by the seasonal-naive in-sample scale. */
export function mase(history: readonly number[], actual: readonly number[], forecast: readonly number[], m: number): number {
  checkLengths(actual, forecast)
  let s = 0
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - forecast[i])
  return s / actual.length / maseScale(history, m)
}

export interface M4Score {
  smape: number
  mase: number
}

/** Dataset-level sMAPE and MASE: per-series measures averaged over all series. */
export function scoreM4(series: ReadonlyArray<{ history: readonly number[]; actual: readonly number[]; forecast: readonly number[] }>, m: number): M4Score {
  if (series.length === 0) throw new Error('scoreM4: no series')
  let s = 0
  let k = 0
  for (const x of series) {
    s += smape(x.actual, x.forecast)
    k += mase(x.history, x.actual, x.forecast, m)
  }
  return { smape: s / series.length, mase: k / series.length }
}

/** OWA: the mean of sMAPE and MASE, each relative to Naive2's dataset-level value. */
export function owa(score: M4Score, naive2: M4Score): number {
  return 0.5 * (score.smape / naive2.smape + score.mase / naive2.mase)
}

function checkLengths(a: readonly number[], f: readonly number[]): void {
  if (a.length !== f.length || a.length === 0) throw new Error(`M4 measures: ${a.length} actual values vs ${f.length} forecasts`)
}
