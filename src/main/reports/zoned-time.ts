// Wall-clock time in an IANA time zone without a library: Intl gives the zone's offset at an
// instant; a wall time becomes an instant by trying the offsets around it. DST: a wall time
// that occurs twice (clocks go back) is its first occurrence; one that does not exist (clocks
// jump over it) is taken with the offset before the jump, i.e. as far after the jump as it was
// into the gap (02:30 on a spring-forward night at 02:00 → 03:30).

export interface WallDate {
  year: number
  /** 1–12. */
  month: number
  day: number
}

export interface WallTime extends WallDate {
  hour: number
  minute: number
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' })
    formatters.set(timeZone, f)
  }
  return f
}

const WEEKDAY: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }

function parts(timeZone: string, instant: number): WallTime & { second: number } {
  const p: Record<string, string> = {}
  for (const { type, value } of formatter(timeZone).formatToParts(new Date(instant))) p[type] = value
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second), weekday: WEEKDAY[p.weekday] }
}

/** The wall-clock time at an instant in a zone. */
export function wallTime(timeZone: string, instant: number): WallTime {
  const { second: _s, ...w } = parts(timeZone, instant)
  return w
}

/** The zone's offset from UTC at an instant, in ms (wall time minus UTC). */
export function zoneOffsetMs(timeZone: string, instant: number): number {
  const p = parts(timeZone, instant)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return asUtc - Math.floor(instant / 1000) * 1000
}

const DAY_MS = 86_400_000

/** The instant of a wall time in a zone (see the DST rules above). */
export function zonedInstant(timeZone: string, date: WallDate, hour: number, minute: number): number {
  const wallAsUtc = Date.UTC(date.year, date.month - 1, date.day, hour, minute)
  const offsets = [...new Set([zoneOffsetMs(timeZone, wallAsUtc - DAY_MS), zoneOffsetMs(timeZone, wallAsUtc), zoneOffsetMs(timeZone, wallAsUtc + DAY_MS)])]
  const exact = offsets.map((o) => wallAsUtc - o).filter((t) => zoneOffsetMs(timeZone, t) === wallAsUtc - t)
  if (exact.length > 0) return Math.min(...exact)
  // In the gap: the offset in force before it.
  return wallAsUtc - zoneOffsetMs(timeZone, wallAsUtc - DAY_MS)
}

/** The calendar date `days` after `date` (negative: before). */
export function addDays(date: WallDate, days: number): WallDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days))
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

/** The weekday of a calendar date (0 = Sunday). */
export function weekdayOf(date: WallDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()
}

/** "YYYY-MM-DD". */
export function isoDateOf(date: WallDate): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`
}
