// What the rule evaluator needs (queries the engine answers) and what it returns.
import type { AlertInstance, AlertState } from '@shared/alerts'
import type { KpiValue } from '@shared/kpi'
import type { Labels, LatestValue, Point } from '@shared/types'
import type { DatasetDrift } from '../../analytics/model-quality/types'

/**
 * Data a rule needs at one evaluation, declared by ruleQueries() and fetched by the engine:
 * - samples: the raw samples of EVERY series named `series` whose labels include `labels`, with
 *   from < ts ≤ to (left-open, right-closed: Prometheus's range-selector window), one entry per
 *   label set, points ascending by time;
 * - latest: the newest sample of every such series, whatever its age (MetricStore.latest);
 * - kpi: the KPI's current value and status.
 */
export type RuleQuery =
  | { kind: 'samples'; series: string; labels: Labels; from: number; to: number }
  | { kind: 'latest'; series: string; labels: Labels }
  | { kind: 'kpi'; kpi: string }
  /** Analytics hooks: the matching series averaged into `stepMs` buckets over [from, to). */
  | { kind: 'range'; series: string; labels: Labels; from: number; to: number; stepMs: number }
  /** Analytics hooks: a KPI's values in `stepMs` buckets over [from, to). */
  | { kind: 'kpiTrend'; kpi: string; from: number; to: number; stepMs: number }
  /** Analytics hooks: a model's input drift over the `windowMs` before now against its reference. */
  | { kind: 'drift'; model: string; windowMs: number; method: string; threshold: number | null }

/** One series' samples in a window. */
export interface SeriesSamples {
  labels: Labels
  /** [epoch ms, value], ascending. */
  points: Point[]
}

/** The answer to one RuleQuery, same kind. */
export type RuleData =
  | { kind: 'samples'; series: SeriesSamples[] }
  | { kind: 'latest'; series: LatestValue[] }
  /** null: no KPI has that id. */
  | { kind: 'kpi'; kpi: KpiValue | null }
  | { kind: 'range'; points: Point[] }
  /** null: no KPI has that id. */
  | { kind: 'kpiTrend'; kpi: KpiValue | null }
  /** null: the model has no predictions. */
  | { kind: 'drift'; drift: DatasetDrift | null }

export interface RuleInput {
  /** Answers to ruleQueries(rule, now), in the same order. */
  data: RuleData[]
  /** Set when fetching failed: the rule reports it and its alerts keep their state (as Prometheus does on a query error). */
  error?: string
}

/** A state change of one alert instance at one evaluation. */
export interface AlertTransition {
  id: string
  rule: string
  from: AlertState
  /** 'inactive' only from pending (no notification); 'resolved' only from firing. */
  to: AlertState
  at: number
  /** The instance after the change. */
  instance: AlertInstance
}

export interface RuleHealth {
  rule: string
  state: 'ok' | 'error' | 'disabled'
  /** What is wrong, in words a user can act on. */
  error: string | null
  evaluatedAt: number
}

export interface RuleEvaluation {
  /** Pending and firing instances after this evaluation (resolved/inactive ones are dropped). */
  instances: Map<string, AlertInstance>
  transitions: AlertTransition[]
  health: RuleHealth
}
