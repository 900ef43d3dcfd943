// The time window a view shows: for a preset ("last N") range, snapped to its bucket width so
// that query keys stay the same between clock ticks and buckets line up from one refetch to the
// next; for a custom range, exactly the chosen [from, to) with a bucket width giving ~300 points.
import type { HashState, PresetRange } from '../routing/hash-state'

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

/** Window length and bucket width (seconds) per preset range: 240–360 points each. */
export const RANGE_SPECS: Record<PresetRange, { ms: number; step: number; label: string }> = {
  '1h': { ms: HOUR, step: 15, label: 'Last hour' },
  '24h': { ms: DAY, step: 300, label: 'Last 24 hours' },
  '7d': { ms: 7 * DAY, step: 1800, label: 'Last 7 days' },
  '30d': { ms: 30 * DAY, step: 7200, label: 'Last 30 days' },
  '90d': { ms: 90 * DAY, step: 21600, label: 'Last 90 days' }
}

/** Bucket widths (seconds) a custom window may use; each is a whole divisor of the next larger unit. */
export const NICE_STEPS = [1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800] as const

/** At most this many buckets for a custom window (the preset ranges use 240–360). */
export const MAX_POINTS = 400

/** The window for a preset range at a given time: ends at the next bucket boundary after `now`. */
export function timeWindow(range: PresetRange, now: number): TimeWindow {
  const { ms, step } = RANGE_SPECS[range]
  const stepMs = step * 1000
  const to = (Math.floor(now / stepMs) + 1) * stepMs
  return { from: to - ms, to, step }
}

/** The smallest nice bucket width (seconds) that keeps [from, to) within `maxPoints` buckets. */
export function stepFor(from: number, to: number, maxPoints = MAX_POINTS): number {
  const spanS = Math.max(0, to - from) / 1000
  for (const step of NICE_STEPS) if (spanS / step <= maxPoints) return step
  return Math.ceil(spanS / maxPoints / 86400) * 86400
}

/** A fixed window [from, to) with a bucket width chosen for it. */
export function customWindow(from: number, to: number): TimeWindow {
  return { from, to, step: stepFor(from, to) }
}

/** The window of a navigation state: its custom bounds, else its preset range ending now. */
export function windowForState(state: Pick<HashState, 'range' | 'from' | 'to'>, now: number): TimeWindow {
  if (state.range === 'custom' && state.from !== null && state.to !== null) return customWindow(state.from, state.to)
  return timeWindow(state.range === 'custom' ? '24h' : state.range, now)
}
