// Per-feature and dataset-level drift of a current window against a reference window.
import { chooseMethod, DEFAULT_SHARE_THRESHOLD, DEFAULT_THRESHOLDS, isDrifted } from './drift-defaults'
import { featureSamples, type FeatureSample } from './feature-values'
import { chiSquareTest } from './stats/chi-square-test'
import { categoricalJensenShannonDistance, jensenShannonDistance } from './stats/jensen-shannon'
import { ksTest } from './stats/ks-test'
import { categoricalPsi, psi } from './stats/psi'
import { normalizedWassersteinDistance } from './stats/wasserstein'
import type { DatasetDriftFn, DriftMethod, DriftOptions, FeatureDrift } from './types'

const METHODS: readonly (DriftMethod | 'auto')[] = ['auto', 'ks', 'chi2', 'psi', 'wasserstein', 'jensen_shannon']

type Statistics = Partial<Record<DriftMethod, number>>

/** Every statistic that applies to the feature's kind (p-values for ks/chi2, normalised Wasserstein). */
function allStatistics(sample: FeatureSample): Statistics {
  if (sample.kind === 'numeric') {
    const { reference, current } = sample
    return {
      ks: ksTest(reference, current).pValue,
      wasserstein: normalizedWassersteinDistance(reference, current),
      psi: psi(reference, current),
      jensen_shannon: jensenShannonDistance(reference, current)
    }
  }
  const { reference, current } = sample
  return {
    chi2: chiSquareTest(reference, current).pValue,
    psi: categoricalPsi(reference, current),
    jensen_shannon: categoricalJensenShannonDistance(reference, current)
  }
}

function checkOptions(options: DriftOptions | undefined): void {
  if (options?.method !== undefined && !METHODS.includes(options.method)) throw new Error(`datasetDrift: method "${String(options.method)}" is not one of ${METHODS.join(', ')}`)
  if (options?.threshold !== undefined && !(typeof options.threshold === 'number' && Number.isFinite(options.threshold))) throw new Error(`datasetDrift: threshold is ${String(options.threshold)}, expected a finite number`)
  const share = options?.shareThreshold
  if (share !== undefined && !(typeof share === 'number' && share > 0 && share <= 1)) throw new Error(`datasetDrift: shareThreshold is ${String(share)}, expected a number in (0, 1]`)
}

/** Drift of one feature: all statistics, and the verdict of the deciding method. */
function featureDrift(sample: FeatureSample, options: DriftOptions | undefined): FeatureDrift {
  const statistics = allStatistics(sample)
  const method = chooseMethod(options?.method ?? 'auto', sample.kind, sample.reference.length)
  const score = statistics[method] as number
  const threshold = options?.threshold ?? DEFAULT_THRESHOLDS[method]
  return {
    feature: sample.feature,
    kind: sample.kind,
    method,
    score,
    threshold,
    drifted: isDrifted(method, score, threshold),
    statistics,
    referenceCount: sample.reference.length,
    currentCount: sample.current.length
  }
}

/**
 * Drift of every feature of `current` against `reference` (defaults after Evidently: KS /
 * chi-square p < 0.05 for reference windows ≤ 1000 values, else normalised Wasserstein /
 * Jensen–Shannon ≥ 0.1), and the dataset verdict: drifted share ≥ shareThreshold (0.5).
 */
export const datasetDrift: DatasetDriftFn = (reference, current, options) => {
  checkOptions(options)
  if (reference.length === 0) throw new Error('datasetDrift: the reference window has no records')
  if (current.length === 0) throw new Error('datasetDrift: the current window has no records')
  const { samples, skipped } = featureSamples(reference, current)
  const features = samples.map(s => featureDrift(s, options))
  const driftedCount = features.filter(f => f.drifted).length
  const driftedShare = features.length === 0 ? 0 : driftedCount / features.length
  const shareThreshold = options?.shareThreshold ?? DEFAULT_SHARE_THRESHOLD
  return {
    features,
    driftedCount,
    driftedShare,
    drifted: features.length > 0 && driftedShare >= shareThreshold,
    shareThreshold,
    ...(skipped.length > 0 ? { skipped } : {})
  }
}
