// Helpers for mapping config text ("22:00", "monday:friday") onto MuteWindow fields.
const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']

/** Parses "HH:MM" (00:00 … 24:00) to minutes after midnight; throws a clear Error naming `where`. */
export function parseClockTime(text: string, where: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim())
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN
  if (!m || Number(m[2]) > 59 || minutes > 1440) throw new Error(`${where}: "${text}" is not a time of day, expected "HH:MM" between 00:00 and 24:00`)
  return minutes
}

function dayIndex(name: string, where: string): number {
  const n = name.trim().toLowerCase()
  const index = DAY_NAMES.findIndex((d) => d === n || d.slice(0, 3) === n)
  if (index < 0) throw new Error(`${where}: "${name}" is not a weekday (expected monday … sunday or mon … sun)`)
  return index
}

/** Parses weekday names and ranges ("monday", "sat", "monday:friday", "friday:monday") to sorted indexes, 0 = Sunday. */
export function parseWeekdays(items: readonly string[], where: string): number[] {
  const days = new Set<number>()
  for (const item of items) {
    const [from, to, extra] = item.split(':')
    if (extra !== undefined) throw new Error(`${where}: "${item}" is not a weekday or a range "monday:friday"`)
    const start = dayIndex(from, where)
    const end = to === undefined ? start : dayIndex(to, where)
    for (let d = start, steps = 0; steps < 7; d = (d + 1) % 7, steps++) {
      days.add(d)
      if (d === end) break
    }
  }
  return [...days].sort((a, b) => a - b)
}
