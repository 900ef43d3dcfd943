// Business forecasts and recommendations as the analytics engine answers them (the engines are
// in src/main/analytics/business and src/main/analytics/recommendations; the views draw these).

/** A two-sided band at one coverage level; null where a bound is unbounded or undefined. */
export interface BandInterval {
  /** Coverage in percent, e.g. 80. */
  level: number
  lower: (number | null)[]
  upper: (number | null)[]
}

/** A projection over future grid steps: times, point values and bands. */
export interface Projection {
  /** Epoch ms of each future step. */
  times: number[]
  mean: (number | null)[]
  /** One per level, in the order of the levels (default 80 then 95). */
  intervals: BandInterval[]
}

/** A projected date with its range at one coverage level. */
export interface DateRange {
  level: number
  /** Earliest plausible date (epoch ms), null when not within the horizon. */
  earliest: number | null
  /** Latest plausible date (epoch ms), null when later than the horizon end. */
  latest: number | null
}

/** A number with its range at each coverage level. */
export interface ValueRange {
  level: number
  lower: number
  upper: number
}

export interface RoiPayback {
  /** reached: benefit ≥ cost now; projected: on the mean path within the horizon; not_within_horizon: neither. */
  status: 'reached' | 'projected' | 'not_within_horizon'
  /** The historical date (reached), the date on the mean path (projected), else null. */
  date: number | null
  /** Per band level: earliest date (upper ROI bound reaches 0) and latest (lower bound reaches 0); empty when reached. */
  ranges: DateRange[]
  /** One sentence for people. */
  reason: string
}

export interface RoiTrajectory {
  now: number
  /** Time of the last point where both series are known (the forecasts start after it). */
  lastObserved: number
  currentBenefit: number
  currentCost: number
  currentRoiPercent: number
  horizonEnd: number
  /** ROI % per future step with bands. */
  roi: Projection
  /** The cumulative forecasts behind it (non-decreasing), for charts. */
  benefit: Projection
  cost: Projection
  payback: RoiPayback
  models: { benefit: string; cost: string }
}

export interface AdoptionBase {
  now: number
  /** Known (non-gap) points used. */
  points: number
}

export interface AdoptionFitted extends AdoptionBase {
  status: 'fitted'
  lastObserved: number
  current: number
  /** Fitted plateau K with bootstrap ranges. */
  plateau: { value: number; ranges: ValueRange[] }
  /** Logistic growth rate r per day. */
  growthRatePerDay: number
  /** When the curve is at half its plateau (epoch ms). */
  midpoint: number
  /** When the curve reaches plateauFraction × K: date, whether it is in the past, and bootstrap ranges. */
  plateauReach: { fraction: number; value: number; date: number; reached: boolean; ranges: DateRange[] }
  r2: number
  /** Root mean squared residual, in the series' unit. */
  rmse: number
  /** The fitted curve at the known points. */
  fitted: { times: number[]; values: number[] }
  /** The curve after the last point, with prediction bands. */
  projection: Projection
  /** False when the plateau is not determined by the data (it sits on the upper bound, or the midpoint is not yet observed). */
  plateauIdentified: boolean
  warnings: string[]
  summary: string
}

export interface AdoptionUnfitted extends AdoptionBase {
  /** insufficient_data: too few points; not_logistic: no growth, or a poor logistic fit. */
  status: 'insufficient_data' | 'not_logistic'
  r2: number | null
  reason: string
}

export type AdoptionCurve = AdoptionFitted | AdoptionUnfitted

export interface CapacityExhaustion {
  /** exceeded: the last value is at or over capacity; projected: the mean forecast reaches it; not_within_horizon: it does not. */
  status: 'exceeded' | 'projected' | 'not_within_horizon'
  capacity: number
  now: number
  lastObserved: number
  current: number
  /** current / capacity × 100. */
  currentPercentOfCapacity: number
  /** When the mean forecast reaches capacity (exceeded: when the current run over capacity began). */
  date: number | null
  /** (date − now) in days; negative or 0 when exceeded. */
  daysFromNow: number | null
  /** Per band level: earliest (upper bound reaches capacity) and latest (lower bound reaches it). */
  ranges: DateRange[]
  /** Mean change per day over the horizon (negative: usage falling). */
  trendPerDay: number
  horizonEnd: number
  forecast: Projection
  model: string
  /** One sentence for people. */
  summary: string
}

export interface SavingsForecast {
  now: number
  lastObserved: number
  savedSoFar: number
  /** The last observed rate, per rateUnitMs. */
  currentRate: number
  /** Cumulative savings per future step (savedSoFar + the sum of the projected amounts), with bands. */
  cumulative: Projection
  /** Savings added over the whole horizon (excluding savedSoFar), with its range per level. */
  total: { mean: number; ranges: ValueRange[] }
  horizonEnd: number
  model: string
}

export type Severity = 'critical' | 'warning' | 'info'

export type RecommendationView = 'executive' | 'operational' | 'technical'

/** A number (or date) the recommendation is based on, shown beside it. */
export interface Figure {
  label: string
  /** A number, or an ISO date "YYYY-MM-DD" when unit is "date". */
  value: number | string
  unit: string | null
}

export interface Recommendation {
  /** Stable across runs for the same finding, e.g. "model-retrain:fraud-detector". */
  id: string
  severity: Severity
  view: RecommendationView
  title: string
  detail: string
  figures: Figure[]
  action: string
}


/** One business forecast's answer: the result, or why there is none (missing data, a poor fit). */
export interface Outcome<T> {
  result: T | null
  error: string | null
}

export interface CapacityItem extends Outcome<CapacityExhaustion> {
  /** e.g. "disk /data", "GPU 2". */
  resource: string
  kind: 'disk' | 'gpu' | 'memory' | 'other'
  series: string
  labels: Record<string, string>
}

/** Every business forecast of the `analytics:` config, as of `generatedAt`. */
export interface BusinessForecastsView {
  generatedAt: number
  roi: Outcome<RoiTrajectory> & { targetPercent: number | null }
  adoption: Outcome<AdoptionCurve> & { targetPercent: number | null; trainingCompletionPercent: number | null }
  savings: Outcome<SavingsForecast>
  capacity: CapacityItem[]
}
