import { describe, expect, it } from 'vitest'
import { checkBackoff, DEFAULT_BACKOFF, MAX_RETRY_AFTER_MS, retryDelay } from './backoff'
import { retryAfter } from './http-post'

describe('retry backoff', () => {
  it('doubles from 5 s and stops growing at 10 min (middle of the jitter range)', () => {
    const mid = (): number => 0.5
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((n) => retryDelay(n, mid))).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000, 600_000
    ])
  })

  it('spreads each delay by ±20 % and never beyond the cap', () => {
    expect(retryDelay(1, () => 0)).toBe(4_000)
    expect(retryDelay(1, () => 0.999999)).toBe(6_000)
    expect(retryDelay(3, () => 0.25)).toBe(18_000)
    expect(retryDelay(9, () => 0)).toBe(480_000)
    expect(retryDelay(9, () => 0.999999)).toBe(600_000)
  })

  it("honours a receiver's Retry-After as a lower bound, up to an hour", () => {
    expect(retryDelay(1, () => 0.5, DEFAULT_BACKOFF, 120_000)).toBe(120_000)
    expect(retryDelay(4, () => 0.5, DEFAULT_BACKOFF, 1_000)).toBe(40_000)
    expect(retryDelay(1, () => 0.5, DEFAULT_BACKOFF, 86_400_000)).toBe(MAX_RETRY_AFTER_MS)
  })

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.UTC(2025, 0, 1)
    expect(retryAfter('30', now)).toBe(30_000)
    expect(retryAfter(new Date(now + 90_000).toUTCString(), now)).toBe(90_000)
    expect(retryAfter('soon', now)).toBeNull()
    expect(retryAfter(null, now)).toBeNull()
  })

  it('refuses a nonsensical policy', () => {
    expect(() => checkBackoff({ ...DEFAULT_BACKOFF, maxMs: 1000 })).toThrow('backoff maxMs must be at least initialMs (5000), got 1000')
    expect(() => checkBackoff({ ...DEFAULT_BACKOFF, jitter: 1 })).toThrow('backoff jitter must be from 0 to below 1, got 1')
  })
})
