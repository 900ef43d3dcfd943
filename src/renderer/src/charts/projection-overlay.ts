// A business projection (adoption, savings: times, mean and bands with nulls where a bound is
// unbounded) as a chart's forecast overlay, joined to the last observed point. Reuses the
// forecast drawing: a step without a mean, or a band step without both edges, is left out.
import type { Projection } from '@shared/analytics-business'
import type { Point } from '@shared/types'
import { forecastOverlay, type ForecastOverlay } from './forecast-series'

const orNaN = (v: number | null | undefined): number => (typeof v === 'number' ? v : Number.NaN)

/** The overlay of a projection after `anchor` (the last observation, or null), labelled with its model. */
export function projectionOverlay(projection: Projection, anchor: Point | null, model: string, note = ''): ForecastOverlay {
  return forecastOverlay({
    history: anchor ? [anchor] : [],
    ts: projection.times,
    mean: projection.mean.map(orNaN),
    bands: projection.intervals.map((b) => ({ level: b.level, lower: b.lower.map(orNaN), upper: b.upper.map(orNaN) })),
    model,
    note
  })
}
