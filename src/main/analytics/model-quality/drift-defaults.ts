// Which drift method decides a feature's verdict, and at what threshold (Evidently's defaults).
import type { DriftMethod } from './types'

export type FeatureKind = 'numeric' | 'categorical'

/** Reference sizes up to this use the tests (KS / chi-square); above it the distances, as Evidently. */
export const SMALL_REFERENCE_MAX = 1000
export const DEFAULT_SHARE_THRESHOLD = 0.5

export const DEFAULT_THRESHOLDS: Record<DriftMethod, number> = {
  ks: 0.05,
  chi2: 0.05,
  psi: 0.1,
  wasserstein: 0.1,
  jensen_shannon: 0.1
}

/** Methods whose score is a p-value: drift when the score is below the threshold (else at or above it). */
export const P_VALUE_METHODS: ReadonlySet<DriftMethod> = new Set<DriftMethod>(['ks', 'chi2'])

const APPLICABLE: Record<FeatureKind, ReadonlySet<DriftMethod>> = {
  numeric: new Set<DriftMethod>(['ks', 'wasserstein', 'psi', 'jensen_shannon']),
  categorical: new Set<DriftMethod>(['chi2', 'psi', 'jensen_shannon'])
}

/** True when `method` is defined for features of `kind`. */
export function isApplicable(method: DriftMethod, kind: FeatureKind): boolean {
  return APPLICABLE[kind].has(method)
}

/** The method that decides: the one asked for when it applies to the kind, else the default by kind and reference size. */
export function chooseMethod(asked: DriftMethod | 'auto', kind: FeatureKind, referenceCount: number): DriftMethod {
  if (asked !== 'auto' && isApplicable(asked, kind)) return asked
  if (referenceCount <= SMALL_REFERENCE_MAX) return kind === 'numeric' ? 'ks' : 'chi2'
  return kind === 'numeric' ? 'wasserstein' : 'jensen_shannon'
}

/** Drift verdict of a score against a threshold, in the method's direction. */
export function isDrifted(method: DriftMethod, score: number, threshold: number): boolean {
  return P_VALUE_METHODS.has(method) ? score < threshold : score >= threshold
}
