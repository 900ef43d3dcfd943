// Exponential backoff with jitter for failed deliveries: 5 s, 10 s, 20 s, … capped at 10 min,
// each spread ±20 % so receivers recovering from an outage are not hit by every retry at once.

export interface BackoffPolicy {
  /** Delay after the first failed attempt. */
  initialMs: number
  /** Largest delay. */
  maxMs: number
  factor: number
  /** Spread as a fraction of the delay (0.2 = ±20 %). */
  jitter: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 5_000, maxMs: 600_000, factor: 2, jitter: 0.2 }

/** Longest Retry-After honoured; a receiver asking for more is retried after this. */
export const MAX_RETRY_AFTER_MS = 3_600_000

/** Milliseconds to wait after `attempts` failed attempts (1 = the first); `random` returns [0, 1). Retry-After, when given, is a lower bound. */
export function retryDelay(attempts: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF, retryAfterMs: number | null = null): number {
  const n = Math.max(1, Math.floor(attempts))
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** (n - 1))
  const spread = 1 - policy.jitter + 2 * policy.jitter * Math.min(Math.max(random(), 0), 1)
  const delay = Math.min(policy.maxMs, Math.round(base * spread))
  if (retryAfterMs === null || !(retryAfterMs > 0)) return delay
  return Math.max(delay, Math.min(Math.round(retryAfterMs), MAX_RETRY_AFTER_MS))
}

/** Checks a policy from options; throws naming the bad field. */
export function checkBackoff(policy: BackoffPolicy): BackoffPolicy {
  const { initialMs, maxMs, factor, jitter } = policy
  if (!(initialMs > 0) || !Number.isFinite(initialMs)) throw new Error(`backoff initialMs must be a positive number, got ${String(initialMs)}`)
  if (!(maxMs >= initialMs) || !Number.isFinite(maxMs)) throw new Error(`backoff maxMs must be at least initialMs (${initialMs}), got ${String(maxMs)}`)
  if (!(factor >= 1) || !Number.isFinite(factor)) throw new Error(`backoff factor must be at least 1, got ${String(factor)}`)
  if (!(jitter >= 0 && jitter < 1)) throw new Error(`backoff jitter must be from 0 to below 1, got ${String(jitter)}`)
  return policy
}
