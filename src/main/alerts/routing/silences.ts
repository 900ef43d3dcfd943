// Silences: validation, whether one applies now, and which one silences an alert.
import type { Silence } from '@shared/alerts'
import type { Labels } from '@shared/types'
import { matchesAll, matchesOne, validateMatcher } from './matchers'

/** Checks a silence before the engine accepts it; throws a clear Error naming the silence. */
export function validateSilence(s: Silence): void {
  if (s === null || typeof s !== 'object') throw new Error('silence: expected an object')
  const where = `silence "${typeof s.id === 'string' ? s.id : '?'}"`
  if (typeof s.id !== 'string' || s.id === '') throw new Error('silence: id must be a non-empty string')
  if (!Array.isArray(s.matchers) || s.matchers.length === 0) throw new Error(`${where}: needs at least one matcher`)
  s.matchers.forEach((m, i) => validateMatcher(m, `${where} matchers[${i}]`))
  // Alertmanager's guard against silencing everything: some matcher must reject a missing label.
  if (s.matchers.every((m) => matchesOne(m, {}))) throw new Error(`${where}: every matcher also matches alerts without that label, so it would silence everything; add a matcher such as alertname="…"`)
  for (const field of ['startsAt', 'endsAt', 'createdAt'] as const) {
    if (typeof s[field] !== 'number' || !Number.isFinite(s[field])) throw new Error(`${where}: ${field} must be epoch milliseconds, got ${JSON.stringify(s[field])}`)
  }
  if (s.endsAt <= s.startsAt) throw new Error(`${where}: endsAt (${new Date(s.endsAt).toISOString()}) must be after startsAt (${new Date(s.startsAt).toISOString()})`)
  if (typeof s.createdBy !== 'string' || s.createdBy.trim() === '') throw new Error(`${where}: createdBy must name who created it`)
  if (typeof s.comment !== 'string') throw new Error(`${where}: comment must be a string`)
}

/** True while the silence applies: startsAt <= now < endsAt. */
export function isSilenceActive(s: Silence, now: number): boolean {
  return s.startsAt <= now && now < s.endsAt
}

/** Id of the first active silence (by id order) whose matchers all match the labels, or null. */
export function silencingId(silences: readonly Silence[], labels: Labels, now: number): string | null {
  for (const s of silences) if (isSilenceActive(s, now) && matchesAll(s.matchers, labels)) return s.id
  return null
}
