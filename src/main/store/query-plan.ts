// Which storage answers which part of a range query. Pure: takes the tiers' progress, returns
// time segments. Step buckets are epoch-aligned (floor(ts / step) * step), and a tier can answer
// only whole tier buckets, so the range splits into the coarsest usable tier in the middle, finer
// tiers at its edges and raw samples for what no tier covers (the unaligned ends, the live tail).
import type { TierName } from './tiers'

export interface TierCoverage {
  name: TierName
  ms: number
  /** Buckets before this are served by the tier (null: never rolled up). */
  servedUntil: number | null
}

/** Where one half-open time segment [from, to) is read: raw samples or a roll-up tier. */
export interface PlanSegment {
  source: 'raw' | TierName
  from: number
  to: number
}

export interface RangePlan {
  /** Non-empty, non-overlapping segments covering [from, to), in time order. */
  segments: PlanSegment[]
  /** What result.tier reports. */
  label: 'raw' | TierName | 'mixed'
}

/**
 * Plans [from, to) at `stepMs` over the tiers whose bucket divides the step (only those can add
 * up to whole step buckets): the coarsest answers the whole buckets it serves, the next finer one
 * the edges around them, and so on; raw samples answer the rest. Roll-up sums then add the same
 * samples as raw ones, grouped differently, so they agree to floating-point rounding.
 */
export function planRange(from: number, to: number, stepMs: number, tiers: readonly TierCoverage[]): RangePlan {
  const usable = tiers.filter((t) => stepMs % t.ms === 0).sort((a, b) => b.ms - a.ms)
  const segments: PlanSegment[] = []
  cover(from, to, usable, segments)
  const sources = new Set(segments.map((s) => s.source))
  const label = sources.size === 1 ? segments[0].source : sources.size === 0 ? 'raw' : 'mixed'
  return { segments, label }
}

/** Appends the segments covering [from, to) with `tiers` (coarsest first), in time order. */
function cover(from: number, to: number, tiers: readonly TierCoverage[], out: PlanSegment[]): void {
  if (to <= from) return
  const [tier, ...finer] = tiers
  if (!tier) {
    out.push({ source: 'raw', from, to })
    return
  }
  const start = Math.ceil(from / tier.ms) * tier.ms
  const end = Math.min(Math.floor(to / tier.ms) * tier.ms, tier.servedUntil ?? -Infinity)
  if (end <= start) {
    cover(from, to, finer, out)
    return
  }
  cover(from, start, finer, out)
  out.push({ source: tier.name, from: start, to: end })
  cover(end, to, finer, out)
}
