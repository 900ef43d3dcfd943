// What every model family hands back before selection/combination: point forecasts and a way to
// produce a central prediction interval at any level.
import { zForLevel } from './normal'

export interface Bounds {
  lower: number[]
  upper: number[]
}

export interface ModelFit {
  /** As shown to people, e.g. "ETS(A,Ad,M) m=24". */
  model: string
  mean: number[]
  /** Central prediction interval at `level` percent. */
  interval: (level: number) => Bounds
  /** Corrected AIC when the model has a likelihood (ETS). */
  aicc?: number
}

/** Interval function for Gaussian forecast errors with standard deviation sd[h] around mean[h]. */
export function normalInterval(mean: readonly number[], sd: readonly number[]): (level: number) => Bounds {
  return (level) => {
    const z = zForLevel(level)
    return { lower: mean.map((m, i) => m - z * sd[i]), upper: mean.map((m, i) => m + z * sd[i]) }
  }
}

/** Interval function from simulated future paths: draws[h] holds the sorted draws for step h. */
export function empiricalInterval(draws: readonly Float64Array[]): (level: number) => Bounds {
  const q = (a: Float64Array, p: number): number => {
    const pos = p * (a.length - 1)
    const i = Math.floor(pos)
    const frac = pos - i
    return i + 1 < a.length ? a[i] * (1 - frac) + a[i + 1] * frac : a[i]
  }
  return (level) => {
    const tail = (1 - level / 100) / 2
    return { lower: draws.map((d) => q(d, tail)), upper: draws.map((d) => q(d, 1 - tail)) }
  }
}

/** Root mean square of the finite values in `e` (0 when there are none). */
export function rms(e: readonly number[]): number {
  let s = 0
  let k = 0
  for (const v of e) {
    if (Number.isFinite(v)) {
      s += v * v
      k++
    }
  }
  return k > 0 ? Math.sqrt(s / k) : 0
}
