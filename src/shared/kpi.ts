// KPI values, statuses and milestone progress as the engine computes them and the views show them.
import type { Point } from './types'

export type KpiDirection = 'higher' | 'lower'
export type KpiDimension = 'business' | 'operational' | 'technical' | 'transformation'

/**
 * Status against the target (or the normal range when there is no target):
 * - on_track: the target is met (or the value is inside the normal range);
 * - at_risk: not met, but within the KPI's at-risk margin of it;
 * - off_track: further away than that;
 * - no_target: neither a target nor a normal range is configured;
 * - unknown: the value could not be computed (see `error`).
 */
export type KpiStatus = 'on_track' | 'at_risk' | 'off_track' | 'no_target' | 'unknown'

/** Why a KPI has no value: a clear state for the tile instead of NaN. */
export interface KpiError {
  kind: 'unknown_series' | 'no_data' | 'division_by_zero' | 'invalid_formula' | 'not_finite'
  message: string
}

export interface KpiValue {
  id: string
  name: string
  unit: string | null
  dimension: KpiDimension
  owner: string | null
  direction: KpiDirection
  description: string | null
  formula: string
  /** Series the formula reads (for drill-down). */
  series: string[]
  /** Latest value, or null with `error` set. */
  value: number | null
  /** Timestamp (epoch ms) of the oldest input of the latest value. */
  at: number | null
  error: KpiError | null
  baseline: number | null
  /** Where the baseline came from, e.g. "value at 2026-08-01" or "configured". */
  baselineSource: string | null
  baselineError: string | null
  /** (value − baseline) / |baseline| × 100; null without a baseline or when the baseline is 0. */
  changeVsBaselinePct: number | null
  /** True when the change is an improvement given the direction. */
  improvedVsBaseline: boolean | null
  target: number | null
  normalRange: [number, number] | null
  /** Fraction of the target distance counted as "at risk" (default 0.1). */
  atRiskMargin: number
  status: KpiStatus
  /** One sentence explaining the status, with the numbers used. */
  statusReason: string
  /** The KPI over the requested range, bucketed; buckets where an input is missing are left out. */
  trend: Point[]
  /** Change from the first to the last trend point, in %. */
  trendChangePct: number | null
}

export type MilestoneState = 'completed' | 'on_track' | 'at_risk' | 'delayed'

export interface MilestoneView {
  id: string
  name: string
  owner: string | null
  /** Epoch ms. */
  planned: number
  completed: number | null
  forecast: number | null
  state: MilestoneState
  /** Days until planned (negative when overdue); null when completed. */
  daysLeft: number | null
}

export interface MilestoneSummary {
  programme: { name: string; start: number | null }
  total: number
  /** Percentages of all milestones, summing to 100 (completed + on track + at risk + delayed). */
  completedPct: number
  onTrackPct: number
  atRiskPct: number
  delayedPct: number
  counts: Record<MilestoneState, number>
  next: MilestoneView | null
  milestones: MilestoneView[]
  /** Config problems (e.g. a date relative to an unknown programme start). */
  error: string | null
}
