// One number for a tile from the latest value of each matching label set.
import type { LatestValue } from '@shared/types'

export interface CombinedLatest {
  value: number
  /** Newest sample time among the combined values. */
  ts: number
  /** How many label sets were combined (1 = a single series). */
  count: number
}

/** The single value, or the mean of several label sets; null when there is none. */
export function combineLatest(values: LatestValue[]): CombinedLatest | null {
  const finite = values.filter((v) => Number.isFinite(v.value))
  if (finite.length === 0) return null
  const sum = finite.reduce((acc, v) => acc + v.value, 0)
  return { value: sum / finite.length, ts: Math.max(...finite.map((v) => v.ts)), count: finite.length }
}
