// Population Stability Index: Σ (q − p)·ln(q/p) over bins, p the reference share and q the
// current share. Numeric features use reference-decile bins (the credit-scoring
// convention); categorical features use their categories.
import { countCategories } from './category-counts'
import { countByCutPoints, quantileEdges } from './histogram'
import { assertCategorySample, assertFiniteSample, sortedCopy } from './sample-checks'

/** Share that stands in for an empty bin, so ln(q/p) stays finite (Evidently uses the same 1e-4). */
export const PSI_EMPTY_BIN_SHARE = 1e-4
export const PSI_DEFAULT_BINS = 10

/** PSI of two count vectors over the same bins (empty shares replaced by 1e-4, not renormalised). */
export function psiFromCounts(referenceCounts: readonly number[], currentCounts: readonly number[]): number {
  if (referenceCounts.length !== currentCounts.length) throw new Error(`psiFromCounts: ${referenceCounts.length} reference bins vs ${currentCounts.length} current bins`)
  const refTotal = referenceCounts.reduce((s, c) => s + c, 0)
  const curTotal = currentCounts.reduce((s, c) => s + c, 0)
  if (refTotal <= 0 || curTotal <= 0) throw new Error('psiFromCounts: a side has no observations')
  let sum = 0
  for (let i = 0; i < referenceCounts.length; i++) {
    const p = referenceCounts[i] / refTotal || PSI_EMPTY_BIN_SHARE
    const q = currentCounts[i] / curTotal || PSI_EMPTY_BIN_SHARE
    sum += (q - p) * Math.log(q / p)
  }
  return sum
}

/** PSI of a numeric feature on `bins` reference-quantile bins (ties merge bins; current values beyond the reference range fall in the outer bins). */
export function psi(reference: readonly number[], current: readonly number[], bins: number = PSI_DEFAULT_BINS): number {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`psi: bins must be a positive integer, got ${bins}`)
  assertFiniteSample(reference, 'psi', 'reference')
  assertFiniteSample(current, 'psi', 'current')
  const edges = quantileEdges(sortedCopy(reference), bins)
  return psiFromCounts(countByCutPoints(reference, edges), countByCutPoints(current, edges))
}

/** PSI of a categorical feature over the union of categories. */
export function categoricalPsi(reference: readonly string[], current: readonly string[]): number {
  assertCategorySample(reference, 'categoricalPsi', 'reference')
  assertCategorySample(current, 'categoricalPsi', 'current')
  const counts = countCategories(reference, current)
  return psiFromCounts(counts.reference, counts.current)
}
