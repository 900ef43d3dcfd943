// Forecasts and anomaly periods as the analytics engine answers them and the views draw them.
import type { Labels, Point } from './types'

export interface ForecastBand {
  /** Coverage in percent (80, 95). */
  level: number
  lower: number[]
  upper: number[]
}

export type ForecastTarget = { kind: 'series'; series: string; labels: Labels } | { kind: 'kpi'; kpi: string }

/** When a forecast meets a condition (e.g. "> 90" for "disk over 90 %"). */
export interface ForecastCrossing {
  condition: string
  /** First future step where the mean forecast meets it; null when not within the horizon. */
  meanAt: number | null
  /** First future step where the outer (widest) band meets it: the earliest plausible time. */
  earliestAt: number | null
  /** True when the last observed value already meets it. */
  alreadyMet: boolean
}

export interface ForecastView {
  target: ForecastTarget
  /** The model used, e.g. "ETS(A,Ad,N)". */
  model: string
  /** Grid the model was fitted on. */
  stepMs: number
  /** The fitted history, one point per step (missing buckets left out). */
  history: Point[]
  /** Future step times (epoch ms), `mean.length` of them. */
  ts: number[]
  mean: number[]
  bands: ForecastBand[]
  crossing: ForecastCrossing | null
  generatedAt: number
  /** How it was made, e.g. "fitted on 336 hourly points, seasonal periods 24, 168". */
  note: string
}

export interface AnomalyPeriod {
  labels: Labels
  from: number
  /** End of the period (the last anomalous step; still open when it is the last step). */
  to: number
  /** Highest score in the period, in [0, 1]. */
  peakScore: number
  /** The detector's explanation at the peak. */
  explanation: string
}

export interface AnomalyLatest {
  labels: Labels
  ts: number
  value: number
  score: number
  explanation: string
}

export interface AnomalyView {
  series: string
  /** Grid the detector ran on. */
  stepMs: number
  /** Score from which a step counts as anomalous. */
  minScore: number
  periods: AnomalyPeriod[]
  /** The newest verdict per label set. */
  latest: AnomalyLatest[]
}
