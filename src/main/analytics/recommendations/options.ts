// Rule thresholds, all overridable; the README documents each default and why.

export interface RecommendationOptions {
  /** Relative drop of a model's metric vs reference that needs action (0.05 = 5 %). */
  qualityDropWarning: number
  /** Relative drop that is critical. */
  qualityDropCritical: number
  /** Share of drifted features that alone (without a quality drop) is worth a look. */
  driftShareInfo: number
  /** Daily p95 utilisation (%) counted as saturated. */
  saturationPercent: number
  /** Daily p95 (%) from which a saturated run is critical. */
  saturationCriticalPercent: number
  /** Consecutive saturated days that make a trend, not a spike. */
  sustainedDays: number
  /** Daily p95 (%) under which a resource counts as idle. */
  idlePercent: number
  /** Consecutive idle days before suggesting consolidation. */
  idleDays: number
  /** Capacity projected to run out within this many days: critical. */
  capacityCriticalDays: number
  /** … within this many days: warning (later: info). */
  capacityWarningDays: number
  /** Adoption below target by at least this many percentage points at the plateau is worth a warning. */
  adoptionGapPoints: number
  /** Training completion (%) under which low adoption is blamed on training first. */
  trainingCompletionLow: number
  /** Payback later than the milestone by more than this many days: warning. */
  paybackToleranceDays: number
  /** … by more than this many days: critical. */
  paybackCriticalDays: number
  /** Projected savings below plan by this share: warning (0.1 = 10 %). */
  savingsShortfallWarning: number
}

export const DEFAULT_RECOMMENDATION_OPTIONS: Readonly<RecommendationOptions> = Object.freeze({
  qualityDropWarning: 0.05,
  qualityDropCritical: 0.1,
  driftShareInfo: 0.3,
  saturationPercent: 90,
  saturationCriticalPercent: 98,
  sustainedDays: 7,
  idlePercent: 20,
  idleDays: 14,
  capacityCriticalDays: 7,
  capacityWarningDays: 30,
  adoptionGapPoints: 10,
  trainingCompletionLow: 60,
  paybackToleranceDays: 14,
  paybackCriticalDays: 90,
  savingsShortfallWarning: 0.1
})

/** Merges overrides onto the defaults, rejecting values that are not finite non-negative numbers. */
export function resolveOptions(overrides: Partial<RecommendationOptions> = {}): RecommendationOptions {
  const out: RecommendationOptions = { ...DEFAULT_RECOMMENDATION_OPTIONS }
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in DEFAULT_RECOMMENDATION_OPTIONS)) throw new Error(`recommendation options: unknown option "${key}"`)
    if (value === undefined) continue
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`recommendation options: ${key} is ${String(value)}, expected a non-negative number`)
    out[key as keyof RecommendationOptions] = value
  }
  if (out.qualityDropCritical < out.qualityDropWarning) throw new Error('recommendation options: qualityDropCritical is below qualityDropWarning')
  if (out.capacityWarningDays < out.capacityCriticalDays) throw new Error('recommendation options: capacityWarningDays is below capacityCriticalDays')
  if (out.paybackCriticalDays < out.paybackToleranceDays) throw new Error('recommendation options: paybackCriticalDays is below paybackToleranceDays')
  if (out.sustainedDays < 1 || out.idleDays < 1) throw new Error('recommendation options: sustainedDays and idleDays must be at least 1')
  return out
}
