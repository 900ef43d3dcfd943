// Multiple seasonality (MSTL-style, after Bandara, Hyndman & Bergmeir 2021): remove each seasonal
// component in turn, forecast the seasonally adjusted series with non-seasonal ETS (AICc), and add
// back the last cycle of every seasonal component.
import { decomposeMultiSeasonal } from './decompose'
import { etsForecast, fitAutoEts } from './ets'
import type { ModelFit } from './model-fit'
import { fitNaive } from './simple'

/** The periods an MSTL decomposition can use: at least two full cycles of data each. */
export function usablePeriods(n: number, periods: readonly number[]): number[] {
  return periods.filter((p) => n >= 2 * p)
}

/** MSTL forecast; with no usable period it is plain non-seasonal ETS. */
export function fitMstl(y: readonly number[], horizon: number, periods: readonly number[]): ModelFit {
  const n = y.length
  const use = usablePeriods(n, periods)
  const dec = decomposeMultiSeasonal(y, use)
  const ets = fitAutoEts(dec.adjusted, undefined)
  const inner = ets ? etsForecast(ets, horizon) : fitNaive(dec.adjusted, horizon)
  const seasonal: number[] = []
  for (let h = 1; h <= horizon; h++) {
    let s = 0
    use.forEach((p, k) => {
      s += dec.seasonals[k][n - p + ((h - 1) % p)]
    })
    seasonal.push(s)
  }
  const mean = inner.mean.map((v, i) => v + seasonal[i])
  const label = use.length > 0 ? `MSTL(${use.join(',')}) + ${inner.model}` : inner.model
  return {
    model: label,
    mean,
    interval: (level) => {
      const b = inner.interval(level)
      return { lower: b.lower.map((v, i) => v + seasonal[i]), upper: b.upper.map((v, i) => v + seasonal[i]) }
    }
  }
}
