// `drift` alert rules: a model's input drift over the rule's window against the model's
// reference window (the model-quality service computes it), per feature or for the dataset.
import type { DriftRuleConfig } from '@shared/config/alerting-schema'
import type { HookSignal, RuleHook } from '../../alerts/rules/hooks'
import type { RuleData, RuleQuery } from '../../alerts/rules/types'

export class DriftRuleHook implements RuleHook<DriftRuleConfig> {
  queries(rule: DriftRuleConfig): RuleQuery[] {
    return [{ kind: 'drift', model: rule.model, windowMs: rule.window, method: rule.method, threshold: rule.threshold ?? null }]
  }

  evaluate(rule: DriftRuleConfig, data: RuleData[]): HookSignal[] {
    const answer = data[0]
    if (answer?.kind !== 'drift') throw new Error('expected the drift of the model')
    const drift = answer.drift
    if (!drift) throw new Error(`model "${rule.model}" has no predictions to compare`)
    if (rule.feature !== undefined) {
      const f = drift.features.find((x) => x.feature === rule.feature)
      if (!f) throw new Error(`model "${rule.model}" has no feature "${rule.feature}" (known: ${drift.features.map((x) => x.feature).join(', ') || 'none'})`)
      return [
        {
          labels: { model: rule.model, feature: f.feature },
          active: f.drifted,
          value: f.score,
          annotations: { summary: `${rule.model}: feature ${f.feature} ${f.drifted ? 'drifted' : 'stable'} (${f.method} ${f.score.toPrecision(3)}, threshold ${f.threshold})` }
        }
      ]
    }
    const drifted = drift.features.filter((f) => f.drifted).map((f) => f.feature)
    return [
      {
        labels: { model: rule.model },
        active: drift.drifted,
        value: drift.driftedShare,
        annotations: {
          summary: `${rule.model}: ${drifted.length} of ${drift.features.length} features drifted${drifted.length > 0 ? ` (${drifted.join(', ')})` : ''}`,
          drifted_features: drifted.join(', ')
        }
      }
    ]
  }
}
