// Wall-clock formatting for the wallboard clock, the stale banner and datetime inputs (local time).

const pad = (n: number) => String(n).padStart(2, '0')

/** "14:05" in local time. */
export function formatClock(ms: number): string {
  const d = new Date(ms)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** "14:05", or "2 Jun 14:05" when `ms` is not on the same local day as `now`. */
export function formatSince(ms: number, now: number): string {
  const d = new Date(ms)
  const n = new Date(now)
  const sameDay = d.getFullYear() === n.getFullYear() && d.getMonth() === n.getMonth() && d.getDate() === n.getDate()
  if (sameDay) return formatClock(ms)
  const month = d.toLocaleString('en-US', { month: 'short' })
  return `${d.getDate()} ${month} ${formatClock(ms)}`
}

/** The value of an <input type="datetime-local"> for an instant: "2025-06-01T14:05" (local). */
export function toLocalInputValue(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** The instant of a datetime-local value (local time); null when empty or unreadable. */
export function fromLocalInputValue(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim())
  if (!m) return null
  const [year, month, day, hour, minute, second] = m.slice(1).map((p) => (p === undefined ? 0 : Number(p)))
  const d = new Date(year, month - 1, day, hour, minute, second)
  // Reject rolled-over dates such as 2025-02-31.
  if (d.getMonth() !== month - 1 || d.getDate() !== day) return null
  return d.getTime()
}

/** Date and time for tables: "2025-06-01 14:05:07" (local). */
export function formatDateTime(ms: number): string {
  const d = new Date(ms)
  return `${toLocalInputValue(ms).replace('T', ' ')}:${pad(d.getSeconds())}`
}
