// Capacity exhaustion: when a usage series is forecast to reach its capacity ("disk full in
// 9 days", "GPU saturated by 2026-08-01"), with the earliest date the upper band allows.
import type { Forecaster } from '../forecast/types'
import { firstCrossing } from './crossing'
import { callForecaster, type ForecastPassThrough } from './forecast-call'
import { formatNumber } from './format'
import { checkFinite, checkLevels, checkNow, checkSeries, DAY_MS, daysBetween, DEFAULT_LEVELS, horizonSteps, isoDay, timeAt } from './series'
import type { DateRange, Projection, RegularSeries } from './types'
import type { CapacityExhaustion } from '@shared/analytics-business'
export type { CapacityExhaustion }

export interface CapacityInput {
  /** Usage on a regular grid (bytes used, utilisation %, …). For bursty metrics such as GPU utilisation pass a daily p95 or peak series. */
  usage: RegularSeries
  /** The level that counts as exhausted (disk size in bytes, 100 %, a saturation level such as 90 %). */
  capacity: number
  now: number
  forecaster: Forecaster
}

export interface CapacityOptions extends ForecastPassThrough {
  /** How far ahead (default 90 days). */
  horizonMs?: number
  /** Band levels in percent (default [80, 95]); the last one gives `earliest`/`latest`. */
  levels?: readonly number[]
  /** Unit of usage and capacity, only for the summary text (e.g. "%", "bytes"). */
  unit?: string
}

/** Default look-ahead for capacity planning. */
export const CAPACITY_HORIZON_MS = 90 * DAY_MS

/** Forecasts usage and dates when it reaches capacity (mean, and the band's earliest/latest). */
export function capacityExhaustion(input: CapacityInput, options: CapacityOptions = {}): CapacityExhaustion {
  const levels = checkLevels(options.levels ?? DEFAULT_LEVELS)
  const capacity = checkFinite(input.capacity, 'capacity')
  if (capacity <= 0) throw new Error(`capacity is ${capacity}, expected a positive number`)
  const usage = checkSeries(input.usage, 'usage series')
  checkNow(input.now, usage, 'usage series')
  const unit = options.unit ? ` ${options.unit}` : ''
  const horizon = horizonSteps(options.horizonMs ?? CAPACITY_HORIZON_MS, usage.step)
  const current = usage.values[usage.last]
  const lastObserved = timeAt(usage, usage.last)
  const f = callForecaster(input.forecaster, usage, horizon, levels, options, 'usage forecast')
  const times = Array.from({ length: horizon }, (_, k) => lastObserved + (k + 1) * usage.step)
  const forecast: Projection = {
    times,
    mean: f.mean,
    intervals: levels.map((level) => ({ level, lower: f.bands.get(level)!.lower, upper: f.bands.get(level)!.upper }))
  }
  const horizonEnd = times[horizon - 1]
  const trendPerDay = (f.mean[horizon - 1] - current) / daysBetween(lastObserved, horizonEnd)
  const base = { capacity, now: input.now, lastObserved, current, currentPercentOfCapacity: (current / capacity) * 100, trendPerDay, horizonEnd, forecast, model: f.model }

  if (current >= capacity) {
    // Start of the current run at or over capacity (gaps do not break it).
    let since = usage.last
    for (let i = usage.last - 1; i >= 0; i--) {
      const v = usage.values[i]
      if (!Number.isFinite(v)) continue
      if (v >= capacity) since = i
      else break
    }
    const date = timeAt(usage, since)
    return {
      ...base,
      status: 'exceeded',
      date,
      daysFromNow: daysBetween(input.now, date),
      ranges: [],
      summary: `at capacity since ${isoDay(date)}: ${formatNumber(current)}${unit} of ${formatNumber(capacity)}${unit}`
    }
  }
  const from = { t: lastObserved, v: current }
  const round = (t: number | null) => (t === null ? null : Math.round(t))
  const date = round(firstCrossing(from, times, f.mean, capacity))
  const ranges: DateRange[] = levels.map((level) => ({
    level,
    earliest: round(firstCrossing(from, times, f.bands.get(level)!.upper, capacity)),
    latest: round(firstCrossing(from, times, f.bands.get(level)!.lower, capacity))
  }))
  const widest = ranges[ranges.length - 1]
  if (date !== null) {
    const days = daysBetween(input.now, date)
    const early = widest.earliest !== null && widest.earliest < date ? `, possibly from ${isoDay(widest.earliest)} (upper ${widest.level} % bound)` : ''
    return { ...base, status: 'projected', date, daysFromNow: days, ranges, summary: `capacity reached in ${formatNumber(days)} days, on ${isoDay(date)}${early}` }
  }
  const possible = widest.earliest !== null ? `; the upper ${widest.level} % bound reaches it on ${isoDay(widest.earliest)}` : ''
  const peak = Math.max(...f.mean)
  const why =
    trendPerDay <= 0 && peak <= current
      ? `usage is flat or falling (${formatNumber(trendPerDay)}${unit}/day)`
      : `usage projected to peak at ${formatNumber((peak / capacity) * 100)} % of capacity`
  return { ...base, status: 'not_within_horizon', date: null, daysFromNow: null, ranges, summary: `not within the horizon (to ${isoDay(horizonEnd)}): ${why}${possible}` }
}
