// Benchmarks: naive (last value) and seasonal naive (last cycle), with the usual random-walk intervals.
import { type ModelFit, normalInterval, rms } from './model-fit'

/** Naive forecast: the last value; sd grows with √h (random walk). */
export function fitNaive(y: readonly number[], horizon: number): ModelFit {
  const n = y.length
  const last = y[n - 1]
  const diffs: number[] = []
  for (let t = 1; t < n; t++) diffs.push(y[t] - y[t - 1])
  const sigma = rms(diffs)
  const mean = new Array<number>(horizon).fill(last)
  const sd = mean.map((_, i) => sigma * Math.sqrt(i + 1))
  return { model: 'Naive', mean, interval: normalInterval(mean, sd) }
}

/** Seasonal naive: repeats the last full cycle of period m; sd grows with √(completed cycles). */
export function fitSeasonalNaive(y: readonly number[], horizon: number, m: number): ModelFit {
  const n = y.length
  if (n < m) return fitNaive(y, horizon)
  const diffs: number[] = []
  for (let t = m; t < n; t++) diffs.push(y[t] - y[t - m])
  const sigma = rms(diffs)
  const mean: number[] = []
  const sd: number[] = []
  for (let h = 1; h <= horizon; h++) {
    mean.push(y[n - m + ((h - 1) % m)])
    sd.push(sigma * Math.sqrt(Math.floor((h - 1) / m) + 1))
  }
  return { model: `sNaive m=${m}`, mean, interval: normalInterval(mean, sd) }
}
