// Binning of numeric samples: reference-quantile bins (PSI) and equal-width common bins
// (Jensen–Shannon), each reproducing numpy's edge arithmetic.

/** Quantile of an ascending sample with linear interpolation (numpy's default method). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length
  const position = (n - 1) * q // numpy's virtual index for method 'linear'
  const lo = Math.min(n - 1, Math.max(0, Math.floor(position)))
  const hi = Math.min(n - 1, lo + 1)
  const t = position - lo
  const a = sorted[lo]
  const b = sorted[hi]
  const diff = b - a
  // numpy's lerp: from the nearer end, so t = 1 gives b exactly.
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
}

/** Distinct interior cut points at the reference quantiles k/bins, k = 1..bins−1. */
export function quantileEdges(sortedReference: ArrayLike<number>, bins: number): number[] {
  const edges: number[] = []
  for (let k = 1; k < bins; k++) {
    const e = quantileSorted(sortedReference, k / bins)
    if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e)
  }
  return edges
}

/** Number of cut points strictly below v: the right-closed bin (e[k−1], e[k]] that holds v. */
function binBelow(edges: readonly number[], v: number): number {
  let lo = 0
  let hi = edges.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (edges[mid] < v) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Counts per right-closed bin (−∞, e1], (e1, e2], …, (e_last, ∞). */
export function countByCutPoints(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0)
  for (const v of values) counts[binBelow(edges, v)]++
  return counts
}

/** Bins by Sturges' rule for n values: ceil(log2 n + 1). */
export function sturgesBinCount(n: number): number {
  return Math.ceil(Math.log2(n) + 1)
}

/** Equal-width counts of both samples on `bins` bins spanning their combined range (np.histogram). */
export function commonHistogram(reference: readonly number[], current: readonly number[], bins: number): { reference: number[]; current: number[] } {
  let min = Infinity
  let max = -Infinity
  for (const v of reference) { if (v < min) min = v; if (v > max) max = v }
  for (const v of current) { if (v < min) min = v; if (v > max) max = v }
  if (min === max) return { reference: [reference.length], current: [current.length] }
  const step = (max - min) / bins
  const edges: number[] = []
  for (let i = 0; i < bins; i++) edges.push(i * step + min)
  edges.push(max) // numpy pins the last edge to the maximum
  const count = (values: readonly number[]): number[] => {
    const counts = new Array<number>(bins).fill(0)
    for (const v of values) {
      // Largest i with edges[i] ≤ v; the last bin is closed on the right.
      let lo = 0
      let hi = bins - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1
        if (edges[mid] <= v) lo = mid
        else hi = mid - 1
      }
      counts[lo]++
    }
    return counts
  }
  return { reference: count(reference), current: count(current) }
}
