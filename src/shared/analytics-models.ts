// ML model quality and drift as the analytics engine answers them: prediction records,
// classification metrics, feature drift, and a model's windows compared (engines in
// src/main/analytics/model-quality).

/** One model output as recorded by a `predictions` source. */
export interface PredictionRecord {
  /** Epoch ms. */
  ts: number
  model: string
  /** The predicted class (binary: 0 or 1). */
  prediction: number
  /** Score / probability of class 1 in [0, 1], when the model gives one. */
  score: number | null
  /** The true class when known (may arrive later), else null. */
  label: number | null
  /** Serving latency in ms, when reported. */
  latencyMs: number | null
  /** Feature values: numbers for numeric features, strings for categorical ones. */
  features: Record<string, number | string>
}

export interface CalibrationBin {
  /** Bin edges of the predicted probability. */
  from: number
  to: number
  count: number
  meanPredicted: number
  fractionPositive: number
}

export interface ClassificationMetrics {
  /** Records with a known label. */
  count: number
  accuracy: number | null
  precision: number | null
  recall: number | null
  f1: number | null
  rocAuc: number | null
  logLoss: number | null
  /** Brier score (mean squared error of the probability). */
  brier: number | null
  /** Expected calibration error over `calibration` bins. */
  ece: number | null
  calibration: CalibrationBin[]
  /** Labelled records that also have a score (the base of rocAuc, logLoss, brier, calibration). */
  scoredCount?: number
}

export type DriftMethod = 'ks' | 'chi2' | 'psi' | 'wasserstein' | 'jensen_shannon'

export interface FeatureDrift {
  feature: string
  kind: 'numeric' | 'categorical'
  /** The method whose verdict counts (the documented default for the kind and sample size, or the one asked for). */
  method: DriftMethod
  /** That method's statistic (p-value for ks/chi2, else the distance). */
  score: number
  threshold: number
  drifted: boolean
  /** Every statistic computed, for display. */
  statistics: Partial<Record<DriftMethod, number>>
  referenceCount: number
  currentCount: number
}

export interface DatasetDrift {
  features: FeatureDrift[]
  driftedCount: number
  /** Share of drifted features. */
  driftedShare: number
  /** Dataset-level verdict: driftedShare ≥ shareThreshold. */
  drifted: boolean
  shareThreshold: number
  /** Features present on only one side (not counted in the share), with the reason. */
  skipped?: SkippedFeature[]
}

export interface SkippedFeature {
  feature: string
  reason: string
}

export interface WindowQuality {
  from: number
  to: number
  /** Records in the window (exact). */
  count: number
  /** Of those, with a label (exact). */
  labelled: number
  /** True when more records than the cap fell in the window and the statistics use an even sample. */
  sampled: boolean
  /** Classification metrics of the labelled records read. */
  metrics: ClassificationMetrics
  latencyP50: number | null
  latencyP95: number | null
  /** Records per hour over the window. */
  throughputPerHour: number
}

export const COMPARED_METRICS = ['accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'logLoss', 'brier', 'ece', 'latencyP50', 'latencyP95', 'throughputPerHour'] as const

export type ComparedMetric = (typeof COMPARED_METRICS)[number]

export interface MetricChange {
  current: number | null
  reference: number | null
  /** current − reference (null when either is unknown). */
  delta: number | null
  /** delta / |reference| (null when unknown or the reference is 0). */
  relative: number | null
}

export interface ModelQuality {
  model: string
  current: WindowQuality
  reference: WindowQuality
  change: Record<ComparedMetric, MetricChange>
}

/** DatasetDrift of a model's features, with the windows compared. */
export interface ModelDrift extends DatasetDrift {
  model: string
  current: { from: number; to: number; count: number; used: number }
  reference: { from: number; to: number; count: number; used: number }
}

