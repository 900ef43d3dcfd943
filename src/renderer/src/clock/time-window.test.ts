import { describe, expect, it } from 'vitest'
import { RANGE_KEYS } from '../routing/hash-state'
import { RANGE_SPECS, timeWindow } from './time-window'

describe('timeWindow', () => {
  const now = Date.UTC(2025, 5, 1, 12, 0, 7) // 12:00:07

  it('ends at the bucket boundary after now and spans the range', () => {
    const w = timeWindow('1h', now)
    expect(w.to).toBe(Date.UTC(2025, 5, 1, 12, 0, 15))
    expect(w.to - w.from).toBe(3_600_000)
    expect(w.step).toBe(15)
    expect(w.to).toBeGreaterThan(now)
  })

  it('stays the same within one bucket, so query keys do not churn', () => {
    expect(timeWindow('24h', now)).toEqual(timeWindow('24h', now + 60_000))
    expect(timeWindow('24h', now)).not.toEqual(timeWindow('24h', now + 300_000))
  })

  it('asks for a bounded number of points for every range', () => {
    for (const key of RANGE_KEYS) {
      const w = timeWindow(key, now)
      const points = (w.to - w.from) / (w.step * 1000)
      expect(points, key).toBeGreaterThanOrEqual(200)
      expect(points, key).toBeLessThanOrEqual(500)
      expect(RANGE_SPECS[key].label).not.toBe('')
    }
  })
})
