import { describe, expect, it } from 'vitest'
import { isMuteWindowOpen } from './mute-window'
import { parseClockTime, parseWeekdays } from './mute-window-parse'
import type { MuteWindow } from './types'
import { validateRoutingConfig } from './validate-config'

// Europe/Berlin is UTC+1 in January and UTC+2 in July.
const night: MuteWindow = {
  name: 'night',
  matchers: null,
  weekdays: parseWeekdays(['monday'], 'test'),
  times: [{ startMinute: parseClockTime('22:00', 'test'), endMinute: parseClockTime('06:00', 'test') }],
  timezone: 'Europe/Berlin'
}

describe('mute windows', () => {
  it('covers a range crossing midnight in the zone, the morning belonging to the day it started', () => {
    expect(isMuteWindowOpen(night, Date.UTC(2025, 0, 6, 20, 59))).toBe(false) // Mon 21:59 Berlin
    expect(isMuteWindowOpen(night, Date.UTC(2025, 0, 6, 21, 0))).toBe(true) // Mon 22:00 Berlin
    expect(isMuteWindowOpen(night, Date.UTC(2025, 0, 6, 23, 30))).toBe(true) // Tue 00:30 Berlin
    expect(isMuteWindowOpen(night, Date.UTC(2025, 0, 7, 4, 59))).toBe(true) // Tue 05:59 Berlin
    expect(isMuteWindowOpen(night, Date.UTC(2025, 0, 7, 5, 0))).toBe(false) // Tue 06:00 Berlin
    // Tuesday evening is not listed, and Monday morning belongs to Sunday's (unlisted) window.
    expect(isMuteWindowOpen(night, Date.UTC(2025, 0, 7, 21, 30))).toBe(false)
    expect(isMuteWindowOpen(night, Date.UTC(2025, 0, 6, 3, 0))).toBe(false)
  })

  it('follows the zone through daylight saving time, unlike UTC', () => {
    const july = Date.UTC(2025, 6, 7, 20, 30) // Monday 22:30 in Berlin (UTC+2), 20:30 UTC
    expect(isMuteWindowOpen(night, july)).toBe(true)
    expect(isMuteWindowOpen({ ...night, timezone: 'UTC' }, july)).toBe(false)
    expect(isMuteWindowOpen(night, Date.UTC(2025, 6, 7, 19, 30))).toBe(false) // 21:30 Berlin
  })

  it('treats empty weekdays as every day and empty times as the whole day', () => {
    const weekend: MuteWindow = { name: 'weekend', matchers: null, weekdays: parseWeekdays(['saturday:sunday'], 't'), times: [], timezone: 'America/New_York' }
    expect(isMuteWindowOpen(weekend, Date.UTC(2025, 0, 11, 12))).toBe(true) // Saturday
    expect(isMuteWindowOpen(weekend, Date.UTC(2025, 0, 13, 4, 59))).toBe(true) // Sunday 23:59 New York
    expect(isMuteWindowOpen(weekend, Date.UTC(2025, 0, 13, 5, 0))).toBe(false) // Monday 00:00 New York
    const daily: MuteWindow = { name: 'lunch', matchers: null, weekdays: [], times: [{ startMinute: 720, endMinute: 780 }], timezone: 'UTC' }
    expect(isMuteWindowOpen(daily, Date.UTC(2025, 0, 8, 12, 30))).toBe(true)
    expect(isMuteWindowOpen(daily, Date.UTC(2025, 0, 8, 13, 0))).toBe(false)
  })

  it('parses weekday names and ranges, including ranges that wrap past Sunday', () => {
    expect(parseWeekdays(['monday:friday'], 't')).toEqual([1, 2, 3, 4, 5])
    expect(parseWeekdays(['fri:mon'], 't')).toEqual([0, 1, 5, 6])
    expect(parseWeekdays(['Sun', 'wednesday'], 't')).toEqual([0, 3])
    expect(() => parseWeekdays(['funday'], 'alerting.mute_windows[0]')).toThrow(/alerting.mute_windows\[0\]: "funday" is not a weekday/)
    expect(parseClockTime('24:00', 't')).toBe(1440)
    expect(() => parseClockTime('25:00', 'times[0].start')).toThrow(/times\[0\].start: "25:00" is not a time of day/)
    expect(() => parseClockTime('7pm', 'x')).toThrow(/"7pm"/)
  })

  it('rejects unknown zones and empty ranges when the config is validated', () => {
    const base = { routes: [], fallback: null, inhibitRules: [] }
    expect(() => validateRoutingConfig({ ...base, muteWindows: [{ ...night, timezone: 'Mars/Olympus' }] })).toThrow(/mute_windows\[0\] "night": unknown time zone "Mars\/Olympus"/)
    expect(() => validateRoutingConfig({ ...base, muteWindows: [{ ...night, times: [{ startMinute: 60, endMinute: 60 }] }] })).toThrow(/times\[0\] starts and ends at the same time/)
  })
})
