// What each rule needs from the store at one evaluation.
import type { AlertRuleConfig } from '@shared/config/alerting-schema'
import type { RuleHooks } from './hooks'
import type { RuleQuery } from './types'
import { windowAt } from './window-aggregate'

/**
 * The store queries a rule needs at `now` (none when disabled or when its hook is missing).
 * Never throws: a hook that fails here is asked again, and reported, by evaluateRule.
 */
export function ruleQueries(rule: AlertRuleConfig, now: number, hooks?: RuleHooks): RuleQuery[] {
  try {
    return queriesOf(rule, now, hooks)
  } catch {
    return []
  }
}

/** ruleQueries, letting a hook's error through. */
export function queriesOf(rule: AlertRuleConfig, now: number, hooks?: RuleHooks): RuleQuery[] {
  if (!rule.enabled) return []
  switch (rule.kind) {
    case 'threshold':
    case 'rate':
      return [{ kind: 'samples', series: rule.series, labels: rule.labels_match, ...windowAt(now, rule.window) }]
    case 'absence':
      return [{ kind: 'latest', series: rule.series, labels: rule.labels_match }]
    case 'kpi':
      return [{ kind: 'kpi', kpi: rule.kpi }]
    case 'anomaly':
      return hooks?.anomaly?.queries(rule, now) ?? []
    case 'forecast':
      return hooks?.forecast?.queries(rule, now) ?? []
    case 'drift':
      return hooks?.drift?.queries(rule, now) ?? []
  }
}
