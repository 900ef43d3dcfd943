// Points in time as written in vigil.yaml (see timeExpression in src/shared/config/kpi-schema.ts):
//   "2026-08-01", "2026-08-01T09:00", "2026-08-01T09:00:00+02:00"  absolute (UTC when no zone is given)
//   "start", "start+30d", "start-2w", "start+1w+2d"                  relative to the programme start
//   "now", "now-90d"                                                relative to the current time
import { parseDuration } from '@shared/duration'

export interface TimeContext {
  /** Epoch ms. */
  now: number
  /** Epoch ms of the programme start, or null when it is not known. */
  programmeStart: number | null
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?)?$/
const RELATIVE = /^(start|now)((?:[+-]\d+(?:\.\d+)?(?:ms|s|m|h|d|w|y))*)$/
const OFFSET = /([+-])(\d+(?:\.\d+)?(?:ms|s|m|h|d|w|y))/g

/** Resolves a time expression to epoch ms; throws an Error that quotes the expression and says what is wrong. */
export function resolveTimeExpression(text: string, ctx: TimeContext): number {
  const expr = String(text).trim()
  const relative = RELATIVE.exec(expr)
  if (relative) {
    const base = relative[1] === 'now' ? ctx.now : ctx.programmeStart
    if (base === null) throw new Error(`${expr}: the programme start is not known (set programme.start)`)
    let offset = 0
    for (const m of relative[2].matchAll(OFFSET)) {
      const ms = parseDuration(m[2]) as number
      offset += m[1] === '-' ? -ms : ms
    }
    return base + offset
  }
  const date = DATE.exec(expr)
  if (date) return absolute(expr, date)
  throw new Error(
    `${JSON.stringify(expr)} is not a time: expected a date ("2026-08-01" or "2026-08-01T09:00Z"), "start+30d" (relative to the programme start) or "now-90d"`
  )
}

/** True when the expression depends on the programme start. */
export function isStartRelative(text: string): boolean {
  return /^start\b/.test(String(text).trim())
}

function absolute(expr: string, m: RegExpExecArray): number {
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => (m[i] === undefined ? 0 : Number(m[i])))
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'))
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms)
  // Date.UTC rolls 2026-02-30 over into March; a date that does not round-trip does not exist.
  const check = new Date(utc)
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new Error(`${JSON.stringify(expr)} is not a valid date or time`)
  }
  const zone = m[8]
  if (zone === undefined || zone === 'Z') return utc
  const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone) as RegExpExecArray
  const offsetMin = Number(z[2]) * 60 + Number(z[3])
  if (Number(z[2]) > 23 || Number(z[3]) > 59) throw new Error(`${JSON.stringify(expr)} has an invalid time zone offset ${zone}`)
  // 09:00+02:00 is 07:00 UTC.
  return utc - (z[1] === '+' ? 1 : -1) * offsetMin * 60_000
}
