// What a valid sample is, and the reason given when one is not.
import { clip, describe, labelsProblem } from './labels'

export const SERIES_NAME_RE = /^[A-Za-z_:][A-Za-z0-9_:.]*$/
export const MAX_NAME_LENGTH = 500
/** Oldest accepted timestamp: the Unix epoch. */
export const MIN_TS = 0
/** Newest accepted timestamp: 2200-01-01T00:00:00Z. */
export const MAX_TS = Date.UTC(2200, 0, 1)
export const MAX_UNIT_LENGTH = 100

/** Returns why a series name is unacceptable, or null. */
export function nameProblem(name: unknown): string | null {
  if (typeof name !== 'string') return `name is ${describe(name)}, expected a string`
  if (name === '') return 'name is empty'
  if (name.length > MAX_NAME_LENGTH) return `name "${clip(name)}" is longer than ${MAX_NAME_LENGTH} characters`
  if (!SERIES_NAME_RE.test(name)) {
    return `name "${clip(name)}" is not a valid series name (letters, digits, "_", ":" and "."; not starting with a digit or ".")`
  }
  return null
}

/** Returns why a timestamp is unacceptable, or null. */
export function tsProblem(ts: unknown): string | null {
  if (typeof ts !== 'number' || !Number.isFinite(ts)) return `ts is ${describe(ts)}, expected epoch milliseconds`
  if (ts < MIN_TS || ts >= MAX_TS) return `ts ${ts} is outside 1970-01-01..2200-01-01 (epoch milliseconds expected)`
  return null
}

/** Returns why a value is unacceptable, or null. */
export function valueProblem(value: unknown): string | null {
  if (typeof value !== 'number') return `value is ${describe(value)}, expected a finite number`
  if (Number.isNaN(value)) return 'value is NaN, expected a finite number'
  if (!Number.isFinite(value)) return `value is ${value}, expected a finite number`
  return null
}

/** Returns why a unit is unacceptable, or null (a unit is optional). */
export function unitProblem(unit: unknown): string | null {
  if (unit === undefined || unit === null) return null
  if (typeof unit !== 'string') return `unit is ${describe(unit)}, expected a string`
  if (unit.length > MAX_UNIT_LENGTH) return `unit is longer than ${MAX_UNIT_LENGTH} characters`
  return null
}

/** Full check of one sample (the slow path, used to explain a rejection); null when valid. */
export function sampleProblem(sample: unknown): string | null {
  if (typeof sample !== 'object' || sample === null || Array.isArray(sample)) {
    return `sample is ${describe(sample)}, expected an object with name, labels, ts and value`
  }
  const s = sample as Record<string, unknown>
  const problem = nameProblem(s.name) ?? labelsProblem(s.labels) ?? tsProblem(s.ts) ?? valueProblem(s.value) ?? unitProblem(s.unit)
  if (problem === null) return null
  return typeof s.name === 'string' && problem.indexOf('name') !== 0 ? `${clip(s.name)}: ${problem}` : problem
}
