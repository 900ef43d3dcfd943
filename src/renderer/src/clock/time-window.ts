// The "last N" time window of a range, snapped to its bucket width so that query keys stay
// the same between clock ticks and buckets line up from one refetch to the next.
import type { RangeKey } from '../routing/hash-state'

export interface TimeWindow {
  /** Epoch ms, inclusive. */
  from: number
  /** Epoch ms, exclusive; at most one step in the future so the newest samples are included. */
  to: number
  /** Bucket width in seconds. */
  step: number
}

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** Window length and bucket width (seconds) per range: 240–360 points each. */
export const RANGE_SPECS: Record<RangeKey, { ms: number; step: number; label: string }> = {
  '1h': { ms: HOUR, step: 15, label: 'Last hour' },
  '24h': { ms: DAY, step: 300, label: 'Last 24 hours' },
  '7d': { ms: 7 * DAY, step: 1800, label: 'Last 7 days' },
  '30d': { ms: 30 * DAY, step: 7200, label: 'Last 30 days' },
  '90d': { ms: 90 * DAY, step: 21600, label: 'Last 90 days' }
}

/** The window for a range at a given time: ends at the next bucket boundary after `now`. */
export function timeWindow(range: RangeKey, now: number): TimeWindow {
  const { ms, step } = RANGE_SPECS[range]
  const stepMs = step * 1000
  const to = (Math.floor(now / stepMs) + 1) * stepMs
  return { from: to - ms, to, step }
}
