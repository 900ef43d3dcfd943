// Rules whose evaluation the analytics engine provides (anomaly, forecast, drift). Until a hook
// is registered, such a rule reports a health error saying so: it never silently stays quiet.
import type { AnomalyRuleConfig, DriftRuleConfig, ForecastRuleConfig } from '@shared/config/alerting-schema'
import type { Labels } from '@shared/types'
import type { RuleData, RuleQuery } from './types'

/** One label set's verdict from a hook. */
export interface HookSignal {
  labels: Labels
  /** The condition holds now (anomalous, predicted to cross, drifted). */
  active: boolean
  /** Shown as $value (score, predicted value, drift statistic). */
  value: number | null
  /** Extra annotations, e.g. { explanation: "expected 120–180, got 412 since 10:05" }; configured annotations win. */
  annotations?: Record<string, string>
}

export interface RuleHook<R> {
  /** Store data this rule needs at `now`. */
  queries(rule: R, now: number): RuleQuery[]
  /** Verdicts per label set from the answers (same order as queries); throw an Error to report a problem. */
  evaluate(rule: R, data: RuleData[], now: number): HookSignal[]
}

/** Hooks the analytics engine registers; a missing one makes its rules report "not available". */
export interface RuleHooks {
  anomaly?: RuleHook<AnomalyRuleConfig>
  forecast?: RuleHook<ForecastRuleConfig>
  drift?: RuleHook<DriftRuleConfig>
}

export type HookKind = keyof RuleHooks

/** The health error of a rule whose hook is missing. */
export function hookMissingMessage(kind: HookKind, rule: string): string {
  return `${kind} rule "${rule}": ${kind} rules are not available until the analytics engine is enabled`
}
