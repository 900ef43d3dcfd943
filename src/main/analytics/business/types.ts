// What the business forecasts take and return. Pure data: every result is JSON-safe
// (numbers are finite, "unknown/unbounded" is null, times are epoch ms).
import type { BandInterval, Projection, DateRange, ValueRange } from '@shared/analytics-business'
export type { BandInterval, Projection, DateRange, ValueRange }

/** Values on a regular time grid: values[i] is at start + i·step. NaN or null marks a gap. */
export interface RegularSeries {
  /** Epoch ms of values[0]. */
  start: number
  /** Grid step in ms (> 0). */
  step: number
  values: readonly (number | null)[]
}

