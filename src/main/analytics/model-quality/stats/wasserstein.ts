// First Wasserstein (earth mover's) distance between two 1-D samples, and Evidently's
// normalised form: divided by the reference's population standard deviation.
import { assertFiniteSample, sortedCopy } from './sample-checks'

/** Floor of the normalising std, as Evidently's wasserstein_distance_norm (avoids ÷0 on a constant reference). */
export const WASSERSTEIN_MIN_STD = 0.001

/** ∫|F_ref − F_cur| dx (scipy.stats.wasserstein_distance with unit weights). */
export function wassersteinDistance(reference: readonly number[], current: readonly number[]): number {
  assertFiniteSample(reference, 'wassersteinDistance', 'reference')
  assertFiniteSample(current, 'wassersteinDistance', 'current')
  const a = sortedCopy(reference)
  const b = sortedCopy(current)
  let i = 0
  let j = 0
  let sum = 0
  let x = Math.min(a[0], b[0])
  // Walk the merged sorted values; between consecutive values both ECDFs are constant.
  while (i < a.length || j < b.length) {
    while (i < a.length && a[i] <= x) i++
    while (j < b.length && b[j] <= x) j++
    if (i === a.length && j === b.length) break
    const next = Math.min(i < a.length ? a[i] : Infinity, j < b.length ? b[j] : Infinity)
    sum += Math.abs(i / a.length - j / b.length) * (next - x)
    x = next
  }
  return sum
}

/** Population standard deviation (numpy's np.std, ddof = 0). */
export function populationStd(values: readonly number[]): number {
  let mean = 0
  for (const v of values) mean += v
  mean /= values.length
  let ss = 0
  for (const v of values) ss += (v - mean) ** 2
  return Math.sqrt(ss / values.length)
}

/** Wasserstein distance divided by max(std(reference), 0.001): Evidently's drift score. */
export function normalizedWassersteinDistance(reference: readonly number[], current: readonly number[]): number {
  const distance = wassersteinDistance(reference, current)
  return distance / Math.max(populationStd(reference), WASSERSTEIN_MIN_STD)
}
