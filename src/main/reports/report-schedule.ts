// When scheduled reports run and what period each run covers. Pure: the clock comes in as an
// argument, time zones through zoned-time.ts, so tests step time (across DST changes too).
import { REPORT_RANGES, WEEKDAYS, type ReportScheduleConfig } from '@shared/config/reports-schema'
import { addDays, isoDateOf, wallTime, weekdayOf, zonedInstant, type WallDate } from './zoned-time'

export type ReportSchedule = Pick<ReportScheduleConfig, 'every' | 'at' | 'timezone' | 'day' | 'range'>

/** The machine's time zone (the default for schedules without one). */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

function timeOfDay(at: string): { hour: number; minute: number } {
  const [hour, minute] = at.split(':').map(Number)
  return { hour, minute }
}

/** Days to look ahead: a weekly run is at most 7 days away, a monthly one at most 31. */
const MAX_DAYS_AHEAD = 40

/** Whether a calendar date is a run day of the schedule. */
function isRunDay(s: ReportSchedule, date: WallDate): boolean {
  if (s.every === 'daily') return true
  if (s.every === 'weekly') return weekdayOf(date) === WEEKDAYS.indexOf((s.day as (typeof WEEKDAYS)[number] | undefined) ?? 'monday')
  return date.day === ((s.day as number | undefined) ?? 1)
}

/** The first run strictly after `after` (epoch ms), in the schedule's zone (default `defaultZone`). */
export function nextRunAt(s: ReportSchedule, after: number, defaultZone: string = systemTimeZone()): number {
  const zone = s.timezone ?? defaultZone
  const { hour, minute } = timeOfDay(s.at)
  const today = wallTime(zone, after)
  // Start a day early: near midnight a zone's date may be behind the instant's.
  for (let i = -1; i <= MAX_DAYS_AHEAD; i++) {
    const date = addDays(today, i)
    if (!isRunDay(s, date)) continue
    const at = zonedInstant(zone, date, hour, minute)
    if (at > after) return at
  }
  throw new Error(`no run of the ${s.every} schedule at ${s.at} within ${MAX_DAYS_AHEAD} days of ${new Date(after).toISOString()}`)
}

/**
 * The period a run at `runAt` covers: the `range` in calendar days before it, ending at the run
 * (the same wall time N days earlier, so a day across a DST change is 23 or 25 hours).
 */
export function reportPeriod(s: ReportSchedule, runAt: number, defaultZone: string = systemTimeZone()): { from: number; to: number } {
  const zone = s.timezone ?? defaultZone
  const w = wallTime(zone, runAt)
  const from = zonedInstant(zone, addDays(w, -REPORT_RANGES[s.range]), w.hour, w.minute)
  return { from, to: runAt }
}

/** The run's date in its zone, "YYYY-MM-DD" (it names the PDF: <id>-<date>.pdf). */
export function runDate(s: Pick<ReportSchedule, 'timezone'>, runAt: number, defaultZone: string = systemTimeZone()): string {
  return isoDateOf(wallTime(s.timezone ?? defaultZone, runAt))
}
