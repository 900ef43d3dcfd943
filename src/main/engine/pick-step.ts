// Chooses a query bucket width when the caller gives none: a "nice" step giving at most ~maxPoints.
import { tierAlignedStep } from '@shared/views/pixel-step'

const NICE_STEPS_S = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 604800]

/** Smallest nice step (seconds) for which the range holds at most maxPoints buckets; whole hours over spans longer than 3 days (see tierAlignedStep). */
export function pickStep(fromMs: number, toMs: number, maxPoints = 500): number {
  const rangeS = Math.max(1, (toMs - fromMs) / 1000)
  const min = rangeS / maxPoints
  return tierAlignedStep(fromMs, toMs, NICE_STEPS_S.find((s) => s >= min) ?? Math.ceil(min / 86400) * 86400)
}

/** Most buckets one query may ask for; guards the store against a 1 s step over a year. */
export const MAX_BUCKETS = 20_000
