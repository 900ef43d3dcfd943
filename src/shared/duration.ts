// Durations as written in config ("15s", "5m", "1h30m", "90d") and time points as given to the API.

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 365 * 86_400_000
}

const DURATION_RE = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/

/** Parses "1h30m" style durations to milliseconds; returns null when not a duration. */
export function parseDuration(text: string): number | null {
  let rest = text.trim()
  if (rest === '' ) return null
  if (rest === '0') return 0
  let total = 0
  while (rest.length > 0) {
    const m = DURATION_RE.exec(rest)
    if (!m) return null
    total += Number(m[1]) * UNIT_MS[m[2]]
    rest = rest.slice(m[0].length)
  }
  return total
}

/** Formats milliseconds as a compact duration, e.g. 90000 → "1m30s". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s'
  const parts: string[] = []
  let rest = Math.round(ms)
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`)
      rest %= size
    }
  }
  return parts.join('')
}

/** Parses a time point: epoch ms (digits) or ISO 8601; relative "now-1h" also accepted. */
export function parseTimePoint(text: string, now: number): number | null {
  const t = text.trim()
  if (/^-?\d+$/.test(t)) return Number(t)
  if (t === 'now') return now
  const rel = /^now-(.+)$/.exec(t)
  if (rel) {
    const d = parseDuration(rel[1])
    return d === null ? null : now - d
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return null
  const ms = Date.parse(t)
  return Number.isFinite(ms) ? ms : null
}
