// Jensen–Shannon distance (the square root of the JS divergence), natural logarithm as in
// scipy.spatial.distance.jensenshannon's default: it ranges over [0, √ln 2 ≈ 0.833].
import { countCategories } from './category-counts'
import { commonHistogram, sturgesBinCount } from './histogram'
import { assertCategorySample, assertFiniteSample } from './sample-checks'

/** JS distance between two non-negative weight vectors, each normalised to sum 1 (scipy's jensenshannon). */
export function jensenShannonFromCounts(p: readonly number[], q: readonly number[]): number {
  if (p.length !== q.length) throw new Error(`jensenShannonFromCounts: ${p.length} vs ${q.length} bins`)
  const pTotal = p.reduce((s, c) => s + c, 0)
  const qTotal = q.reduce((s, c) => s + c, 0)
  if (!(pTotal > 0) || !(qTotal > 0)) throw new Error('jensenShannonFromCounts: a side has no weight')
  let divergence = 0
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] / pTotal
    const qi = q[i] / qTotal
    const m = (pi + qi) / 2
    if (pi > 0) divergence += pi * Math.log(pi / m)
    if (qi > 0) divergence += qi * Math.log(qi / m)
  }
  return Math.sqrt(Math.max(0, divergence / 2))
}

/** JS distance of two numeric samples on common equal-width bins over their combined range (Sturges' count by default, as Evidently). */
export function jensenShannonDistance(reference: readonly number[], current: readonly number[], bins?: number): number {
  assertFiniteSample(reference, 'jensenShannonDistance', 'reference')
  assertFiniteSample(current, 'jensenShannonDistance', 'current')
  const binCount = bins ?? sturgesBinCount(reference.length + current.length)
  if (!Number.isInteger(binCount) || binCount < 1) throw new Error(`jensenShannonDistance: bins must be a positive integer, got ${binCount}`)
  const h = commonHistogram(reference, current, binCount)
  return jensenShannonFromCounts(h.reference, h.current)
}

/** JS distance of the category frequencies of two samples. */
export function categoricalJensenShannonDistance(reference: readonly string[], current: readonly string[]): number {
  assertCategorySample(reference, 'categoricalJensenShannonDistance', 'reference')
  assertCategorySample(current, 'categoricalJensenShannonDistance', 'current')
  const counts = countCategories(reference, current)
  return jensenShannonFromCounts(counts.reference, counts.current)
}
