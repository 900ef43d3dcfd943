// Chi-square goodness-of-fit of the current category counts against the reference
// proportions (what Evidently does with scipy.stats.chisquare).
import { countCategories } from './category-counts'
import { assertCategorySample } from './sample-checks'
import { chiSquareSurvival } from './special-functions'

export interface ChiSquareResult {
  /** Σ (observed − expected)² / expected; Infinity when a current category never occurs in the reference. */
  statistic: number
  pValue: number
  /** Categories in the union minus one. */
  dof: number
}

/** Pearson's chi-square test of observed against expected counts (scipy.stats.chisquare, ddof = 0). */
export function chiSquareGoodnessOfFit(observed: readonly number[], expected: readonly number[]): ChiSquareResult {
  if (observed.length !== expected.length) throw new Error(`chiSquareGoodnessOfFit: ${observed.length} observed vs ${expected.length} expected counts`)
  if (observed.length === 0) throw new Error('chiSquareGoodnessOfFit: no categories')
  let statistic = 0
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i]
    const e = expected[i]
    if (!(o >= 0) || !(e >= 0) || !Number.isFinite(o) || !Number.isFinite(e)) throw new Error(`chiSquareGoodnessOfFit: counts must be finite and ≥ 0 (category ${i}: observed ${o}, expected ${e})`)
    if (e === 0) {
      if (o > 0) statistic = Infinity // impossible under the expected distribution
      continue
    }
    statistic += (o - e) ** 2 / e
  }
  const dof = observed.length - 1
  // One category: nothing can differ (scipy returns NaN for 0 degrees of freedom).
  const pValue = dof === 0 ? 1 : chiSquareSurvival(statistic, dof)
  return { statistic, pValue, dof }
}

/**
 * Chi-square test of current categories against reference proportions: expected count of a
 * category = reference count × n_current / n_reference, over the union of categories. A
 * category never seen in the reference has expected 0, so the statistic is Infinity and
 * p = 0 (as scipy/Evidently): a value the reference never produced is drift.
 */
export function chiSquareTest(reference: readonly string[], current: readonly string[]): ChiSquareResult {
  assertCategorySample(reference, 'chiSquareTest', 'reference')
  assertCategorySample(current, 'chiSquareTest', 'current')
  const counts = countCategories(reference, current)
  const scale = current.length / reference.length
  return chiSquareGoodnessOfFit(counts.current, counts.reference.map(c => c * scale))
}
