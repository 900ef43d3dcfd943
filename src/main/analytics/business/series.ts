// Checks and reads regular-grid series and the common options of the business forecasts.
import type { RegularSeries } from './types'

export const DAY_MS = 86_400_000
/** Six months, the default business horizon (183 days). */
export const SIX_MONTHS_MS = 183 * DAY_MS
/** Most future steps a business forecast computes (keeps every loop bounded). */
export const MAX_HORIZON_STEPS = 20_000
/** The default prediction interval levels, in percent. */
export const DEFAULT_LEVELS: readonly number[] = [80, 95]

/** A validated series: gaps as NaN, with the index of its last known value. */
export interface CheckedSeries {
  start: number
  step: number
  values: number[]
  /** Index of the last finite value. */
  last: number
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'number') return String(value)
  return value === undefined ? 'undefined' : typeof value
}

/** Validates a series (what = its name in messages); throws a clear error naming the bad field. */
export function checkSeries(series: RegularSeries, what: string): CheckedSeries {
  if (series === null || typeof series !== 'object') throw new Error(`${what}: expected { start, step, values }, got ${describe(series)}`)
  const { start, step, values } = series
  if (typeof start !== 'number' || !Number.isFinite(start)) throw new Error(`${what}: start is ${describe(start)}, expected epoch ms`)
  if (typeof step !== 'number' || !Number.isFinite(step) || step <= 0) throw new Error(`${what}: step is ${describe(step)}, expected a positive number of ms`)
  if (!Array.isArray(values)) throw new Error(`${what}: values is ${describe(values)}, expected an array`)
  const out = new Array<number>(values.length)
  let last = -1
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) {
      out[i] = Number.NaN
    } else if (typeof v === 'number' && Number.isFinite(v)) {
      out[i] = v
      last = i
    } else {
      throw new Error(`${what}: values[${i}] is ${describe(v)}, expected a finite number (NaN or null for a gap)`)
    }
  }
  if (last < 0) throw new Error(`${what}: no values (${values.length} points, all gaps)`)
  return { start, step, values: out, last }
}

/** Epoch ms of grid index i. */
export function timeAt(s: { start: number; step: number }, i: number): number {
  return s.start + i * s.step
}

/** Checks `now` and that the series does not end after it. */
export function checkNow(now: number, series: CheckedSeries, what: string): void {
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new Error(`now is ${describe(now)}, expected epoch ms`)
  const end = timeAt(series, series.last)
  if (end > now) throw new Error(`${what}: last value at ${isoMinute(end)} is after now (${isoMinute(now)})`)
}

/** Number of grid steps covering horizonMs (at least 1), bounded by MAX_HORIZON_STEPS. */
export function horizonSteps(horizonMs: number, step: number): number {
  if (typeof horizonMs !== 'number' || !Number.isFinite(horizonMs) || horizonMs <= 0) throw new Error(`horizonMs is ${describe(horizonMs)}, expected a positive number of ms`)
  const steps = Math.ceil(horizonMs / step - 1e-9)
  if (steps > MAX_HORIZON_STEPS) throw new Error(`horizonMs covers ${steps} steps of ${step} ms, more than ${MAX_HORIZON_STEPS}: use a coarser grid`)
  return Math.max(1, steps)
}

/** Checks interval levels: each in (0, 100), no duplicates. */
export function checkLevels(levels: readonly number[]): number[] {
  if (!Array.isArray(levels) || levels.length === 0) throw new Error('levels: expected a non-empty array of percentages, e.g. [80, 95]')
  levels.forEach((l, i) => {
    if (typeof l !== 'number' || !(l > 0 && l < 100)) throw new Error(`levels[${i}] is ${describe(l)}, expected a percentage between 0 and 100`)
    if (levels.indexOf(l) !== i) throw new Error(`levels[${i}]: ${l} is listed twice`)
  })
  return [...levels]
}

/** Checks an optional positive finite number option. */
export function checkPositive(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new Error(`${what} is ${describe(value)}, expected a positive number`)
  return value
}

/** Checks an optional finite number option. */
export function checkFinite(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${what} is ${describe(value)}, expected a finite number`)
  return value
}

/** "2026-08-01 09:30 UTC", for messages. */
export function isoMinute(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'
}

/** "2026-08-01", for messages about dates. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** Whole and fractional days between two times (b − a). */
export function daysBetween(a: number, b: number): number {
  return (b - a) / DAY_MS
}
