// Input checks and gap filling shared by every model: one place that says what is wrong.
import type { ForecastModelName, ForecastOptions } from './types'

export const MODEL_NAMES: readonly ForecastModelName[] = ['auto', 'naive', 'snaive', 'ets', 'theta', 'mstl']
export const MAX_HORIZON = 10_000
export const DEFAULT_LEVELS: readonly number[] = [80, 95]

export interface CheckedOptions {
  horizon: number
  periods: number[]
  levels: number[]
  model: ForecastModelName
}

/** Validates forecast options and returns them with defaults applied (periods sorted, deduplicated). */
export function checkOptions(options: ForecastOptions): CheckedOptions {
  const { horizon } = options
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON) {
    throw new Error(`forecast: horizon must be an integer from 1 to ${MAX_HORIZON}, got ${String(horizon)}`)
  }
  const periods = [...new Set(options.seasonalPeriods ?? [])]
  for (const p of periods) {
    if (!Number.isInteger(p) || p < 2) throw new Error(`forecast: seasonal periods must be integers ≥ 2, got ${String(p)}`)
  }
  periods.sort((a, b) => a - b)
  const levels = [...(options.levels ?? DEFAULT_LEVELS)]
  for (const l of levels) {
    if (typeof l !== 'number' || !(l > 0 && l < 100)) throw new Error(`forecast: interval levels must be percentages strictly between 0 and 100, got ${String(l)}`)
  }
  const model = options.model ?? 'auto'
  if (!MODEL_NAMES.includes(model)) throw new Error(`forecast: unknown model "${String(model)}" (known: ${MODEL_NAMES.join(', ')})`)
  return { horizon, periods, levels, model }
}

/**
 * Returns the values with NaN gaps filled by linear interpolation (leading/trailing gaps take the
 * nearest observed value). Throws when every value is missing or a value is ±Infinity / not a number.
 */
export function fillGaps(values: readonly number[]): number[] {
  const n = values.length
  if (n === 0) throw new Error('forecast: the series is empty')
  const out = new Array<number>(n)
  let observed = 0
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (typeof v !== 'number') throw new Error(`forecast: value ${i} is ${JSON.stringify(v)}, expected a number (NaN marks a gap)`)
    if (v === Infinity || v === -Infinity) throw new Error(`forecast: value ${i} is ${v}, expected a finite number (NaN marks a gap)`)
    out[i] = v
    if (!Number.isNaN(v)) observed++
  }
  if (observed === 0) throw new Error(`forecast: all ${n} values are missing (NaN)`)
  if (observed === n) return out
  let prev = -1
  for (let i = 0; i <= n; i++) {
    if (i < n && Number.isNaN(out[i])) continue
    // Fill the gap (prev, i) exclusive.
    if (i - prev > 1) {
      for (let j = prev + 1; j < i; j++) {
        if (prev < 0) out[j] = out[i]
        else if (i >= n) out[j] = out[prev]
        else out[j] = out[prev] + ((out[i] - out[prev]) * (j - prev)) / (i - prev)
      }
    }
    prev = i
  }
  return out
}
