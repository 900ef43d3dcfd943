// Which storage answers which part of a range query. Pure: takes the tiers' progress, returns
// time segments. Step buckets are epoch-aligned (floor(ts / step) * step), and a tier can answer
// only whole tier buckets, so the range splits into raw head, roll-up middle, raw tail.
import type { TierName } from './tiers'

export interface TierCoverage {
  name: TierName
  ms: number
  /** Buckets before this are served by the tier (null: never rolled up). */
  servedUntil: number | null
}

export interface RangePlan {
  /** Half-open [from, to) segments read from raw samples (empty ones left out). */
  raw: Array<[number, number]>
  /** The tier and its half-open bucket range, or null when raw answers everything. */
  tier: { name: TierName; from: number; to: number } | null
  /**
   * Raw samples are reduced per (series, bucket of this size) before combining: the coarsest tier
   * dividing the step, else the step. Fixed per step, whichever storage answers.
   */
  grainMs: number
  /** What result.tier reports. */
  label: 'raw' | TierName | 'mixed'
}

/**
 * Plans [from, to) at `stepMs`: the coarsest tier whose bucket divides the step answers the whole
 * buckets before where it is served; raw samples the rest. Only that tier, never a finer one, so
 * the answer is the same sum of the same partials as from raw samples alone.
 */
export function planRange(from: number, to: number, stepMs: number, tiers: readonly TierCoverage[]): RangePlan {
  const coarsest = tiers.filter((t) => stepMs % t.ms === 0).sort((a, b) => b.ms - a.ms)[0]
  if (!coarsest) return { raw: [[from, to]], tier: null, grainMs: stepMs, label: 'raw' }
  const grainMs = coarsest.ms
  const start = Math.ceil(from / grainMs) * grainMs
  const end = Math.min(Math.floor(to / grainMs) * grainMs, coarsest.servedUntil ?? -Infinity)
  if (end <= start) return { raw: [[from, to]], tier: null, grainMs, label: 'raw' }
  const raw: Array<[number, number]> = []
  if (from < start) raw.push([from, start])
  if (end < to) raw.push([end, to])
  return { raw, tier: { name: coarsest.name, from: start, to: end }, grainMs, label: raw.length > 0 ? 'mixed' : coarsest.name }
}
