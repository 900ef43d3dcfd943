// Roll-up tiers: bucket sizes and the table each lives in (constants, never user input).

export type TierName = '1m' | '1h'

export interface Tier {
  name: TierName
  ms: number
  table: 'rollup_1m' | 'rollup_1h'
}

export const MINUTE_MS = 60_000
export const HOUR_MS = 3_600_000

/** Finest first. */
export const TIERS: readonly Tier[] = [
  { name: '1m', ms: MINUTE_MS, table: 'rollup_1m' },
  { name: '1h', ms: HOUR_MS, table: 'rollup_1h' }
]

/** The largest tier bucket; raw retention cuts on its boundaries (see retention.ts). */
export const COARSEST_TIER_MS = HOUR_MS

/** Start of the bucket of size `size` containing `t` (epoch-aligned). */
export function alignDown(t: number, size: number): number {
  return Math.floor(t / size) * size
}

/** First bucket boundary of size `size` at or after `t`. */
export function alignUp(t: number, size: number): number {
  return Math.ceil(t / size) * size
}
