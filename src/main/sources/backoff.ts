// How long to wait before the next poll of a source, given how many polls in a row failed.

/** Longest back-off for sources polled more often than this. */
export const MAX_BACKOFF_MS = 5 * 60_000

/**
 * Delay before the next poll. After a success (failures = 0) it is the interval. After n
 * consecutive failures it is interval·2^n (2×, 4×, 8× …), capped at max(interval, 5 min): a
 * broken source is retried less and less often, but never less than every 5 minutes, and a
 * source with an interval longer than 5 minutes is never polled more slowly than its interval.
 * The first success resets the count, so the normal interval resumes at once.
 */
export function nextPollDelay(intervalMs: number, failures: number, capMs: number = MAX_BACKOFF_MS): number {
  if (failures <= 0) return intervalMs
  const cap = Math.max(intervalMs, capMs)
  // 2^40 × any positive interval is far beyond any cap; stop doubling there to stay finite.
  return Math.min(intervalMs * 2 ** Math.min(failures, 40), cap)
}
