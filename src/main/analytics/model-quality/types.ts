// ML model quality and drift: what the statistics take and return. Pure data; the
// predictions store and the model-quality service build on it.
import type { PredictionRecord, CalibrationBin, ClassificationMetrics, DriftMethod, FeatureDrift, DatasetDrift, SkippedFeature } from '@shared/analytics-models'
export type { PredictionRecord, CalibrationBin, ClassificationMetrics, DriftMethod, FeatureDrift, DatasetDrift, SkippedFeature }

export interface DriftOptions {
  /** 'auto' (default) uses the documented default method per feature kind and sample size. */
  method?: DriftMethod | 'auto'
  /** Overrides the chosen method's default threshold. */
  threshold?: number
  /** Share of drifted features at which the dataset counts as drifted (default 0.5). */
  shareThreshold?: number
}

/** Windowed quality metrics of labelled records (src/main/analytics/model-quality/classification-metrics.ts). */
export type ClassificationMetricsFn = (records: readonly Pick<PredictionRecord, 'prediction' | 'score' | 'label'>[], options?: { bins?: number }) => ClassificationMetrics

/** Drift of every feature of `current` against `reference` (src/main/analytics/model-quality/drift.ts). */
export type DatasetDriftFn = (
  reference: readonly Record<string, number | string>[],
  current: readonly Record<string, number | string>[],
  options?: DriftOptions
) => DatasetDrift
