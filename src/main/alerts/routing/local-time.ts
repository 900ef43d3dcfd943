// Wall-clock weekday and minute of day in an IANA time zone, through Intl (no tz library).
const formatters = new Map<string, Intl.DateTimeFormat>()
const WEEKDAY_INDEX: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }

/** Throws a clear Error when `timezone` is not a zone Intl knows; `where` names the config entry. */
export function checkTimezone(timezone: string, where: string): void {
  formatterFor(timezone, where)
}

function formatterFor(timezone: string, where: string): Intl.DateTimeFormat {
  const cached = formatters.get(timezone)
  if (cached) return cached
  let f: Intl.DateTimeFormat
  try {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23'
    })
  } catch {
    throw new Error(`${where}: unknown time zone "${timezone}" (expected an IANA name such as "Europe/Berlin" or "UTC")`)
  }
  formatters.set(timezone, f)
  return f
}

/** Local weekday (0 = Sunday) and minute after midnight of the instant `ms` in `timezone`. */
export function localTime(ms: number, timezone: string): { weekday: number; minute: number } {
  const parts = formatterFor(timezone, 'time zone').formatToParts(new Date(ms))
  let weekday = -1
  let hour = 0
  let minute = 0
  for (const p of parts) {
    if (p.type === 'weekday') weekday = WEEKDAY_INDEX[p.value] ?? -1
    else if (p.type === 'hour') hour = Number(p.value) % 24
    else if (p.type === 'minute') minute = Number(p.value)
  }
  if (weekday < 0) throw new Error(`time zone "${timezone}": could not read the weekday of ${new Date(ms).toISOString()}`)
  return { weekday, minute: hour * 60 + minute }
}
