// What the recommendation rules read (facts from the analytics) and what they say.
import type { AdoptionCurve } from '../business/adoption-curve'
import type { CapacityExhaustion } from '../business/capacity-exhaustion'
import type { RoiTrajectory } from '../business/roi-trajectory'
import type { SavingsForecast } from '../business/savings-forecast'
import type { Severity, RecommendationView, Figure, Recommendation } from '@shared/analytics-business'
export type { Severity, RecommendationView, Figure, Recommendation }

/** One model's quality vs its reference window, and its feature drift. */
export interface ModelQualityFact {
  model: string
  /** The headline metric, e.g. "F1", "accuracy", "ROC AUC" (higher is better). */
  metric: string
  current: number
  reference: number
  /** Names of the features whose drift test fired. */
  driftedFeatures: readonly string[]
  /** Features tested. */
  featureCount: number
}

/** A resource's recent daily p95 utilisation (%), oldest first, last = the latest full day. */
export interface UtilisationFact {
  /** e.g. "GPU 0 (inference-a)". */
  resource: string
  dailyP95: readonly number[]
}

/** A capacity forecast for a resource (from capacityExhaustion). */
export interface CapacityFact {
  /** e.g. "disk /var/lib/vigil". */
  resource: string
  /** disk: "full"; gpu/other: "saturated". */
  kind: 'disk' | 'gpu' | 'memory' | 'other'
  forecast: CapacityExhaustion
}

export interface AdoptionFact {
  curve: AdoptionCurve
  /** The adoption target in % (e.g. the adoption_rate KPI's target). */
  targetPercent?: number
  /** Share of eligible staff who finished the training, %. */
  trainingCompletionPercent?: number
}

export interface RoiFact {
  trajectory: RoiTrajectory
  /** ROI target in % (e.g. the roi KPI's target). */
  targetRoiPercent?: number
  /** The planned payback milestone, when there is one. */
  paybackMilestone?: { name: string; due: number }
}

export interface SavingsFact {
  forecast: SavingsForecast
  /** Savings the plan expects over the same horizon (excluding what is already saved). */
  plannedTotal?: number
  unit?: string
}

/** Everything the rules may look at; every part is optional. */
export interface RecommendationFacts {
  /** Epoch ms. */
  now: number
  models?: readonly ModelQualityFact[]
  utilisation?: readonly UtilisationFact[]
  capacity?: readonly CapacityFact[]
  adoption?: AdoptionFact
  roi?: RoiFact
  savings?: SavingsFact
}
