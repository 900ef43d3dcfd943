import { describe, expect, it } from 'vitest'
import { resolveTimeExpression, type TimeContext } from './time-expression'

const DAY = 86_400_000
const now = Date.UTC(2026, 7, 15, 12, 30)
const programmeStart = Date.UTC(2026, 3, 1)
const ctx = { now, programmeStart }

function failure(text: string, c: TimeContext = ctx): string {
  try {
    resolveTimeExpression(text, c)
  } catch (err) {
    return (err as Error).message
  }
  throw new Error(`expected ${text} to fail`)
}

describe('resolveTimeExpression', () => {
  it.each([
    ['2026-08-01', Date.UTC(2026, 7, 1)],
    ['2026-08-01T09:00', Date.UTC(2026, 7, 1, 9)],
    ['2026-08-01 09:00:30', Date.UTC(2026, 7, 1, 9, 0, 30)],
    ['2026-08-01T09:00:30.25Z', Date.UTC(2026, 7, 1, 9, 0, 30, 250)],
    ['2026-08-01T09:00:00+02:00', Date.UTC(2026, 7, 1, 7)],
    ['2026-08-01T09:00-0130', Date.UTC(2026, 7, 1, 10, 30)],
    ['start', programmeStart],
    ['start+30d', programmeStart + 30 * DAY],
    ['start-2w', programmeStart - 14 * DAY],
    ['start+1w+2d-12h', programmeStart + 9 * DAY - 12 * 3_600_000],
    ['start+1.5d', programmeStart + 1.5 * DAY],
    ['now', now],
    ['now-90d', now - 90 * DAY],
    ['now-1y', now - 365 * DAY]
  ])('%s', (text, expected) => {
    expect(resolveTimeExpression(text, ctx)).toBe(expected)
  })

  it('says when the programme start is needed but not known', () => {
    expect(failure('start+30d', { now, programmeStart: null })).toBe('start+30d: the programme start is not known (set programme.start)')
    expect(resolveTimeExpression('now-1d', { now, programmeStart: null })).toBe(now - DAY)
  })

  it('refuses dates that do not exist and text that is not a time', () => {
    expect(failure('2026-02-30')).toBe('"2026-02-30" is not a valid date or time')
    expect(failure('2026-08-01T25:00')).toBe('"2026-08-01T25:00" is not a valid date or time')
    expect(failure('2026-08-01T09:00+25:00')).toBe('"2026-08-01T09:00+25:00" has an invalid time zone offset +25:00')
    expect(failure('yesterday')).toMatch(/^"yesterday" is not a time: expected a date/)
    expect(failure('start+30x')).toMatch(/^"start\+30x" is not a time/)
  })
})
