// Timestamps as sources deliver them: epoch seconds or milliseconds, ISO 8601, "YYYY-MM-DD HH:MM:SS".

/** Numbers below this are epoch seconds, above it epoch milliseconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const SECONDS_LIMIT = 1e11
/** Year 10000 in epoch ms: anything later is garbage, not a time. */
const MAX_MS = 253_402_300_800_000
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
// Date, optional time (T or space), optional fraction, optional zone (Z, ±HH, ±HHMM, ±HH:MM, ±HH:MM:SS).
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2})(?::?(\d{2}))?)?)?$/

/** What parseTimestamp accepts, for messages. */
export const TIMESTAMP_FORMATS = 'epoch seconds/milliseconds, ISO 8601 or "YYYY-MM-DD HH:MM:SS" (UTC)'

/** Epoch ms from a number, numeric string, Date or date-time string (no zone = UTC); null when it is not a valid time. */
export function parseTimestamp(raw: unknown): number | null {
  if (raw instanceof Date) return inRange(raw.getTime())
  if (typeof raw === 'bigint') return fromEpoch(Number(raw))
  if (typeof raw === 'number') return fromEpoch(raw)
  if (typeof raw !== 'string') return null
  const text = raw.trim()
  if (NUMERIC.test(text)) return fromEpoch(Number(text))
  return fromDateTime(text)
}

function fromEpoch(n: number): number | null {
  if (!Number.isFinite(n)) return null
  return inRange(Math.round(Math.abs(n) < SECONDS_LIMIT ? n * 1000 : n))
}

function inRange(ms: number): number | null {
  return Number.isFinite(ms) && ms >= 0 && ms < MAX_MS ? ms : null
}

function fromDateTime(text: string): number | null {
  const m = DATE_TIME.exec(text)
  if (!m) return null
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((p) => Number(p ?? 0))
  const millis = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis)
  // Date.UTC rolls 2024-02-30 over to March; a real date must come back unchanged.
  const check = new Date(utc)
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null
  let offsetMs = 0
  if (m[9]) {
    const sign = m[9] === '-' ? -1 : 1
    offsetMs = sign * ((Number(m[10]) * 60 + Number(m[11] ?? 0)) * 60 + Number(m[12] ?? 0)) * 1000
  }
  return inRange(utc - offsetMs)
}
