// Alert rules: config types, the queries a rule needs, the pure evaluator (Prometheus's state
// machine) and the hooks the analytics engine fills in. See README.md in this folder.
export type {
  AlertingConfig,
  AlertRuleConfig,
  AlertRuleKind,
  AlertRuleOf,
  ThresholdRuleConfig,
  RateRuleConfig,
  AbsenceRuleConfig,
  KpiRuleConfig,
  AnomalyRuleConfig,
  ForecastRuleConfig,
  DriftRuleConfig,
  Aggregate,
  Condition,
  ConditionOp,
  RouteConfig,
  EscalationLevelConfig,
  ReceiverConfig,
  ReceiverKind,
  ReceiverOf,
  InhibitRuleConfig,
  MuteWindowConfig
} from '@shared/config/alerting-schema'
export { alertingSchema, alertRuleSchema, alertingKpiIssues } from '@shared/config/alerting-schema'
export type { RuleQuery, RuleData, RuleInput, SeriesSamples, AlertTransition, RuleHealth, RuleEvaluation } from './types'
export type { RuleHooks, RuleHook, HookSignal, HookKind } from './hooks'
export { hookMissingMessage } from './hooks'
export { ruleQueries } from './queries'
export { evaluateRule } from './evaluate-rule'
export { fetchRuleInput, type RuleDataSource, type SamplesQuery } from './fetch-rule-data'
export { alertId, alertLabels, labelsInclude } from './labels'
export { meets } from './condition'
export { aggregatePoints, derivPerSecond, deltaPerSecond, quantile } from './window-aggregate'
export { renderTemplate, parseTemplate, TemplateError, type TemplateContext } from '@shared/alert-template'
