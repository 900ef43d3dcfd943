import { describe, expect, it } from 'vitest'
import { parseTimestamp } from './parse-timestamp'

const T = Date.UTC(2024, 4, 1, 10, 0, 0)

describe('parseTimestamp', () => {
  it('tells epoch seconds from milliseconds by magnitude', () => {
    expect(parseTimestamp(T / 1000)).toBe(T)
    expect(parseTimestamp(T)).toBe(T)
    expect(parseTimestamp(`${T / 1000}`)).toBe(T)
    expect(parseTimestamp(`${T / 1000}.25`)).toBe(T + 250)
    expect(parseTimestamp(BigInt(T))).toBe(T)
  })

  it('reads ISO 8601 and "YYYY-MM-DD HH:MM:SS" (no zone = UTC)', () => {
    expect(parseTimestamp('2024-05-01T10:00:00Z')).toBe(T)
    expect(parseTimestamp('2024-05-01T10:00:00.5Z')).toBe(T + 500)
    expect(parseTimestamp('2024-05-01 10:00:00')).toBe(T)
    expect(parseTimestamp('2024-05-01T12:00:00+02:00')).toBe(T)
    expect(parseTimestamp('2024-05-01 12:00:00+02')).toBe(T)
    expect(parseTimestamp('2024-05-01T05:30:00-0430')).toBe(T)
    expect(parseTimestamp('2024-05-01 10:00:00.123456+00')).toBe(T + 123)
    expect(parseTimestamp('2024-05-01')).toBe(Date.UTC(2024, 4, 1))
    expect(parseTimestamp(new Date(T))).toBe(T)
  })

  it('rejects what is not a time', () => {
    for (const bad of ['yesterday', '', '2024-02-30 00:00:00', '2024-13-01', '2024-05-01T25:00:00Z', 'infinity', NaN, Infinity, -5, null, true, {}, 1e20]) {
      expect(parseTimestamp(bad), String(bad)).toBeNull()
    }
  })
})
