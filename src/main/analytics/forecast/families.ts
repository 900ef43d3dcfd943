// One entry point per model family, with the short-series fallbacks in one place.
import { etsForecast, fitAutoEts } from './ets'
import { type ModelFit } from './model-fit'
import { fitMstl, usablePeriods } from './mstl'
import { fitNaive, fitSeasonalNaive } from './simple'
import { fitTheta } from './theta'

export type FamilyName = 'naive' | 'snaive' | 'ets' | 'theta' | 'mstl'

/** The shortest period with at least two full cycles of data, if any (single-season models use it). */
export function primaryPeriod(n: number, periods: readonly number[]): number | undefined {
  return usablePeriods(n, periods)[0]
}

/** Fits one model family to gap-free values. */
export function fitFamily(family: FamilyName, y: readonly number[], horizon: number, periods: readonly number[]): ModelFit {
  const n = y.length
  if (n < 3 || family === 'naive') return fitNaive(y, horizon)
  switch (family) {
    case 'snaive': {
      // The longest period with one full cycle of data; the last value otherwise.
      const fit = [...periods].reverse().find((p) => n >= p)
      return fit === undefined ? fitNaive(y, horizon) : fitSeasonalNaive(y, horizon, fit)
    }
    case 'ets': {
      const f = fitAutoEts(y, primaryPeriod(n, periods))
      return f ? etsForecast(f, horizon) : fitNaive(y, horizon)
    }
    case 'theta':
      return fitTheta(y, horizon, primaryPeriod(n, periods))
    case 'mstl':
      return fitMstl(y, horizon, periods)
  }
}
