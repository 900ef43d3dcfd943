// Two-sample Kolmogorov–Smirnov test, two-sided, with scipy.stats.ks_2samp's method='auto':
// the exact p-value when both samples have ≤ 10 000 values, else the one-sample Kolmogorov
// distribution at n = round(n1·n2/(n1+n2)).
import { kolmogorovSurvival } from './kolmogorov-distribution'
import { assertFiniteSample, sortedCopy } from './sample-checks'

export interface KsResult {
  /** sup |F_ref − F_cur|. */
  statistic: number
  pValue: number
  method: 'exact' | 'asymp'
}

/** Above this sample size scipy (and we) stop computing the exact distribution. */
export const KS_MAX_EXACT_N = 10_000

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b]
  return a
}

/** numpy's round: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x)
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r
}

/** The largest ECDF gap, computed as scipy does (max of both one-sided gaps). */
function ksStatistic(a: Float64Array, b: Float64Array): number {
  const n1 = a.length
  const n2 = b.length
  let i = 0
  let j = 0
  let maxDiff = -Infinity
  let minDiff = Infinity
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j]
    while (i < n1 && a[i] <= v) i++
    while (j < n2 && b[j] <= v) j++
    const diff = i / n1 - j / n2
    if (diff > maxDiff) maxDiff = diff
    if (diff < minDiff) minDiff = diff
  }
  const minS = Math.min(1, Math.max(0, -minDiff))
  return minS > maxDiff ? minS : maxDiff
}

/**
 * Exact P(D ≥ h/lcm) for samples of sizes n1, n2: the share of monotone lattice paths from
 * (0,0) to (n1,n2) that touch |i/n1 − j/n2| ≥ h/lcm. We push probability mass along the
 * paths that stay strictly inside the band and add up the mass that steps out, so the
 * p-value is a sum of positive terms (no 1 − P cancellation for tiny p-values).
 */
export function ksExactPValue(n1: number, n2: number, h: number): number {
  if (h <= 0) return 1
  const g = gcd(n1, n2)
  const a = n2 / g // |i·a − j·b| ≥ h  ⇔  |i/n1 − j/n2| ≥ h/lcm
  const b = n1 / g
  const total = n1 + n2
  const inside = (i: number, j: number): boolean => Math.abs(i * a - j * b) < h
  let prevLo = 0
  let prev = new Float64Array(0)
  let outside = 0
  for (let i = 0; i <= n1; i++) {
    const lo = Math.max(0, Math.floor((i * a - h) / b) + 1)
    const hi = Math.min(n2, Math.ceil((i * a + h) / b) - 1)
    if (hi < lo) return 1 // no path can stay inside
    const row = new Float64Array(hi - lo + 1)
    for (let j = lo; j <= hi; j++) {
      let mass = i === 0 && j === 0 ? 1 : 0
      // From (i−1, j): a step in the first sample.
      if (i > 0 && j >= prevLo && j < prevLo + prev.length) mass += (prev[j - prevLo] * (n1 - i + 1)) / (total - i + 1 - j)
      // From (i, j−1): a step in the second sample.
      if (j > lo) mass += (row[j - 1 - lo] * (n2 - j + 1)) / (total - i - j + 1)
      row[j - lo] = mass
      if (mass === 0) continue
      const remaining = total - i - j
      if (i < n1 && !inside(i + 1, j)) outside += (mass * (n1 - i)) / remaining
      if (j < n2 && !inside(i, j + 1)) outside += (mass * (n2 - j)) / remaining
    }
    prev = row
    prevLo = lo
  }
  return Math.min(1, Math.max(0, outside))
}

/** Two-sample two-sided KS test (scipy.stats.ks_2samp, method='auto'). */
export function ksTest(reference: readonly number[], current: readonly number[]): KsResult {
  assertFiniteSample(reference, 'ksTest', 'reference')
  assertFiniteSample(current, 'ksTest', 'current')
  const a = sortedCopy(reference)
  const b = sortedCopy(current)
  const n1 = a.length
  const n2 = b.length
  const d = ksStatistic(a, b)
  if (Math.max(n1, n2) <= KS_MAX_EXACT_N) {
    const lcm = (n1 / gcd(n1, n2)) * n2
    const h = roundHalfEven(d * lcm)
    return { statistic: h / lcm, pValue: ksExactPValue(n1, n2, h), method: 'exact' }
  }
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1]
  const en = (m * n) / (m + n)
  return { statistic: d, pValue: kolmogorovSurvival(roundHalfEven(en), d), method: 'asymp' }
}
