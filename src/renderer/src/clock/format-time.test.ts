import { describe, expect, it } from 'vitest'
import { formatClock, formatDateTime, formatSince, fromLocalInputValue, toLocalInputValue } from './format-time'

describe('format-time', () => {
  const t = new Date(2025, 5, 1, 9, 5, 7).getTime() // local 09:05:07

  it('formats the clock as zero-padded 24 h local time', () => {
    expect(formatClock(t)).toBe('09:05')
    expect(formatClock(new Date(2025, 5, 1, 23, 59).getTime())).toBe('23:59')
  })

  it('adds the date when "since" is not today', () => {
    expect(formatSince(t, t + 3_600_000)).toBe('09:05')
    expect(formatSince(t, new Date(2025, 5, 2, 10, 0).getTime())).toBe('1 Jun 09:05')
  })

  it('round-trips datetime-local values', () => {
    expect(toLocalInputValue(t)).toBe('2025-06-01T09:05')
    expect(fromLocalInputValue('2025-06-01T09:05')).toBe(new Date(2025, 5, 1, 9, 5).getTime())
    expect(fromLocalInputValue('2025-06-01T09:05:07')).toBe(t)
    expect(formatDateTime(t)).toBe('2025-06-01 09:05:07')
  })

  it('refuses empty, malformed and impossible dates', () => {
    for (const v of ['', 'yesterday', '2025-06-01', '2025-02-31T10:00', '2025-13-01T10:00']) expect(fromLocalInputValue(v), v).toBeNull()
  })
})
