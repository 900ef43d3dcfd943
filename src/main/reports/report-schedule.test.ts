// Scheduled report times with stepped time: daily/weekly/monthly, in zones, across DST changes.
import { describe, expect, it } from 'vitest'
import { reportScheduleSchema } from '@shared/config/reports-schema'
import { nextRunAt, reportPeriod, runDate } from './report-schedule'
import { zonedInstant } from './zoned-time'

const sched = (over: Record<string, unknown>) => reportScheduleSchema.parse({ id: 'r', folder: '/tmp/x', ...over })
const iso = (ms: number): string => new Date(ms).toISOString()

/** Every run from `start`, `n` of them (the clock steps to each run in turn). */
function runs(s: ReturnType<typeof sched>, start: string, n: number, zone = 'UTC'): string[] {
  const out: string[] = []
  let t = Date.parse(start)
  for (let i = 0; i < n; i++) {
    t = nextRunAt(s, t, zone)
    out.push(iso(t))
  }
  return out
}

describe('nextRunAt', () => {
  it('runs daily at the time of day, strictly after now', () => {
    const s = sched({ every: 'daily', at: '07:00', timezone: 'UTC' })
    expect(runs(s, '2026-05-01T06:59:00Z', 3)).toEqual(['2026-05-01T07:00:00.000Z', '2026-05-02T07:00:00.000Z', '2026-05-03T07:00:00.000Z'])
    expect(iso(nextRunAt(s, Date.parse('2026-05-01T07:00:00Z')))).toBe('2026-05-02T07:00:00.000Z')
  })

  it('keeps 07:00 local across both DST changes (Europe/Berlin)', () => {
    const s = sched({ every: 'daily', at: '07:00', timezone: 'Europe/Berlin' })
    // 29 March 2026: clocks go 02:00 → 03:00 (UTC+1 → UTC+2).
    expect(runs(s, '2026-03-27T12:00:00Z', 3)).toEqual(['2026-03-28T06:00:00.000Z', '2026-03-29T05:00:00.000Z', '2026-03-30T05:00:00.000Z'])
    // 25 October 2026: clocks go 03:00 → 02:00.
    expect(runs(s, '2026-10-23T12:00:00Z', 3)).toEqual(['2026-10-24T05:00:00.000Z', '2026-10-25T06:00:00.000Z', '2026-10-26T06:00:00.000Z'])
  })

  it('runs a time the clocks jump over after the jump, and a repeated time once (its first occurrence)', () => {
    const gap = sched({ every: 'daily', at: '02:30', timezone: 'Europe/Berlin' })
    expect(runs(gap, '2026-03-28T12:00:00Z', 2)).toEqual(['2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z'])
    const twice = sched({ every: 'daily', at: '02:30', timezone: 'Europe/Berlin' })
    expect(runs(twice, '2026-10-24T12:00:00Z', 2)).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'])
  })

  it('runs weekly on the weekday (monday by default) and monthly on the day (1st by default)', () => {
    const weekly = sched({ every: 'weekly', at: '08:15', timezone: 'America/New_York' })
    // 2026-11-01 is a Sunday (US DST ends that day): Mondays 2 and 9 November, UTC−5.
    expect(runs(weekly, '2026-10-31T00:00:00Z', 2)).toEqual(['2026-11-02T13:15:00.000Z', '2026-11-09T13:15:00.000Z'])
    const friday = sched({ every: 'weekly', day: 'friday', timezone: 'UTC' })
    expect(runs(friday, '2026-05-01T07:00:00Z', 1)).toEqual(['2026-05-08T07:00:00.000Z'])
    const monthly = sched({ every: 'monthly', at: '06:00', timezone: 'Asia/Tokyo' })
    expect(runs(monthly, '2026-01-15T00:00:00Z', 3)).toEqual(['2026-01-31T21:00:00.000Z', '2026-02-28T21:00:00.000Z', '2026-03-31T21:00:00.000Z'])
    expect(runs(sched({ every: 'monthly', day: 28, timezone: 'UTC' }), '2026-02-28T08:00:00Z', 1)).toEqual(['2026-03-28T07:00:00.000Z'])
  })

  it("uses the default zone when the schedule names none, near the zone's midnight too", () => {
    const s = sched({ every: 'daily', at: '00:30' })
    // 23:50 UTC on 1 May is 08:50 on 2 May in Tokyo: the next 00:30 there is 3 May; 12:00 UTC is midnight in Auckland (UTC+12), so 00:30 is 30 min later.
    expect(iso(nextRunAt(s, Date.parse('2026-05-01T23:50:00Z'), 'Asia/Tokyo'))).toBe('2026-05-02T15:30:00.000Z')
    expect(iso(nextRunAt(s, Date.parse('2026-05-01T12:00:00Z'), 'Pacific/Auckland'))).toBe('2026-05-01T12:30:00.000Z')
  })
})

describe('reportPeriod and runDate', () => {
  it('covers the default range of the schedule, in calendar days (23 h over a spring-forward night)', () => {
    const daily = sched({ every: 'daily', timezone: 'Europe/Berlin' })
    const run = Date.parse('2026-03-29T05:00:00Z')
    const p = reportPeriod(daily, run)
    expect(iso(p.from)).toBe('2026-03-28T06:00:00.000Z')
    expect(p.to - p.from).toBe(23 * 3_600_000)
    expect(runDate(daily, run)).toBe('2026-03-29')
    const weekly = sched({ every: 'weekly', timezone: 'UTC' })
    expect(reportPeriod(weekly, Date.parse('2026-05-04T07:00:00Z'))).toEqual({ from: Date.parse('2026-04-27T07:00:00Z'), to: Date.parse('2026-05-04T07:00:00Z') })
    const monthly = sched({ every: 'monthly', range: '7d', timezone: 'UTC' })
    expect(reportPeriod(monthly, Date.parse('2026-05-01T07:00:00Z')).from).toBe(Date.parse('2026-04-24T07:00:00Z'))
    expect(runDate({ timezone: 'Asia/Tokyo' }, Date.parse('2026-05-01T20:00:00Z'))).toBe('2026-05-02')
  })

  it('converts wall times exactly', () => {
    expect(iso(zonedInstant('America/New_York', { year: 2026, month: 7, day: 4 }, 12, 0))).toBe('2026-07-04T16:00:00.000Z')
  })
})

describe('reports config', () => {
  const problems = (over: Record<string, unknown>): string[] => {
    const r = reportScheduleSchema.safeParse({ id: 'r', every: 'daily', folder: '/x', ...over })
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
  }
  it('fills the defaults', () => {
    expect(sched({ every: 'weekly' })).toMatchObject({ view: 'executive', at: '07:00', range: '7d', day: 'monday', orientation: 'landscape' })
    expect(sched({ every: 'monthly' })).toMatchObject({ range: '30d', day: 1 })
  })
  it('says what is wrong and where', () => {
    expect(problems({ at: '7am' })).toEqual(['at: expected a time of day such as "07:00" (24 h, HH:MM)'])
    expect(problems({ timezone: 'Mars/Olympus' })).toEqual(['timezone: unknown time zone "Mars/Olympus" (expected an IANA name such as "Europe/Berlin" or "UTC")'])
    expect(problems({ folder: undefined })).toEqual(['folder: a scheduled report needs a folder, an email, or both (else it goes nowhere)'])
    expect(problems({ every: 'weekly', day: 3 })[0]).toMatch(/^day: a weekly report's day is a weekday/)
    expect(problems({ every: 'monthly', day: 31 })).toHaveLength(1)
    expect(problems({ view: 'technical' })[0]).toMatch(/^view: /)
    expect(problems({ email: { receiver: 'x', to: ['not-an-address'] } })).toEqual(['email.to.0: expected an e-mail address such as cto@example.com'])
  })
})
