import { describe, expect, it } from 'vitest'
import { DEFAULT_STATE, PRESET_RANGES } from '../routing/hash-state'
import { customWindow, MAX_POINTS, RANGE_SPECS, stepFor, timeWindow, windowForState } from './time-window'

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
    for (const key of PRESET_RANGES) {
      const w = timeWindow(key, now)
      const points = (w.to - w.from) / (w.step * 1000)
      expect(points, key).toBeGreaterThanOrEqual(200)
      expect(points, key).toBeLessThanOrEqual(500)
      expect(RANGE_SPECS[key].label).not.toBe('')
    }
  })
})

describe('custom windows', () => {
  it('keep their exact bounds and pick the smallest nice step within the point budget', () => {
    const from = Date.UTC(2025, 0, 1)
    expect(customWindow(from, from + 3_600_000)).toEqual({ from, to: from + 3_600_000, step: 15 })
    expect(stepFor(from, from + 60_000)).toBe(1)
    expect(stepFor(from, from + 2 * 86_400_000)).toBe(600)
    for (const span of [1_000, 59_000, 3_600_000, 86_400_000, 40 * 86_400_000, 3 * 365 * 86_400_000]) {
      const step = stepFor(0, span)
      expect(span / 1000 / step, String(span)).toBeLessThanOrEqual(MAX_POINTS)
    }
  })

  it('windowForState uses the custom bounds, else the preset window ending now', () => {
    const now = Date.UTC(2025, 5, 1, 12)
    expect(windowForState({ range: 'custom', from: 1_000, to: 61_000 }, now)).toEqual({ from: 1_000, to: 61_000, step: 1 })
    expect(windowForState({ ...DEFAULT_STATE, range: '7d' }, now)).toEqual(timeWindow('7d', now))
    // "custom" without bounds cannot come out of parseHash, but must not crash either.
    expect(windowForState({ range: 'custom', from: null, to: null }, now)).toEqual(timeWindow('24h', now))
  })
})
