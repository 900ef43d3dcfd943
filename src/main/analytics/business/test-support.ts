// Small deterministic forecasters for tests of code built on a Forecaster: the business
// logic is tested on its own, not through the forecasting engine.
import type { ForecastInterval, ForecastOptions, Forecaster } from '../forecast/types'
import type { RegularSeries } from './types'

/** Standard normal quantiles for the two-sided levels the tests use. */
const Z: Record<number, number> = { 80: 1.2815516, 90: 1.6448536, 95: 1.959964, 97.5: 2.2414027 }

function zOf(level: number): number {
  const z = Z[level]
  if (z === undefined) throw new Error(`test forecaster: no z for level ${level}`)
  return z
}

function lastKnown(values: readonly number[]): { index: number; value: number } {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i])) return { index: i, value: values[i] }
  throw new Error('test forecaster: no known value')
}

/**
 * Drift forecaster: continues the average step change of the known values; the band's
 * half-width is z·sd·√k (sd per step, given), like a random walk with drift.
 */
export function driftForecaster(sdPerStep: number, calls?: ForecastOptions[]): Forecaster {
  return (values, options) => {
    calls?.push(options)
    const first = values.findIndex((v) => Number.isFinite(v))
    const last = lastKnown(values)
    const slope = last.index > first ? (last.value - values[first]) / (last.index - first) : 0
    return band(`drift sd=${sdPerStep}`, options, (k) => last.value + slope * k, (k) => sdPerStep * Math.sqrt(k))
  }
}

/** Flat forecaster: repeats the last value with a band of fixed half-width z·sd. */
export function flatForecaster(sd: number): Forecaster {
  return (values, options) => {
    const last = lastKnown(values)
    return band(`flat sd=${sd}`, options, () => last.value, () => sd)
  }
}

/** A forecaster returning the given mean path (e.g. falling) with a fixed band. */
export function pathForecaster(path: (k: number) => number, sd: number): Forecaster {
  return (_values, options) => band('path', options, path, () => sd)
}

function band(model: string, options: ForecastOptions, mean: (k: number) => number, sd: (k: number) => number) {
  const ks = Array.from({ length: options.horizon }, (_, i) => i + 1)
  const intervals: ForecastInterval[] = (options.levels ?? [80, 95]).map((level) => ({
    level,
    lower: ks.map((k) => mean(k) - zOf(level) * sd(k)),
    upper: ks.map((k) => mean(k) + zOf(level) * sd(k))
  }))
  return { model, mean: ks.map(mean), intervals }
}

/** A daily series from a function of the day index. */
export function dailySeries(start: number, days: number, f: (day: number) => number | null): RegularSeries {
  return { start, step: 86_400_000, values: Array.from({ length: days }, (_, d) => f(d)) }
}
