// Category frequencies of two samples over the union of their categories.

export interface CategoryCounts {
  /** Union of categories: reference order of first appearance, then categories only in current. */
  categories: string[]
  reference: number[]
  current: number[]
}

/** Counts each category of the union in both samples (0 where a side never has it). */
export function countCategories(reference: readonly string[], current: readonly string[]): CategoryCounts {
  const index = new Map<string, number>()
  const ref: number[] = []
  const cur: number[] = []
  const slot = (c: string): number => {
    let k = index.get(c)
    if (k === undefined) {
      k = index.size
      index.set(c, k)
      ref.push(0)
      cur.push(0)
    }
    return k
  }
  for (const c of reference) ref[slot(c)]++
  for (const c of current) cur[slot(c)]++
  return { categories: [...index.keys()], reference: ref, current: cur }
}
