// Alert quality: per rule, how many firing episodes an operator marked as noise (false positives).
// The seed's goal is a false-positive rate under 2 % for critical alerts.
import type { AlertQuality, AlertRuleQuality } from '@shared/alerts'
import type { AlertRuleConfig } from '@shared/config/alerting-schema'
import type { Severity } from '@shared/types'
import type { RuleFiringCounts } from '../store/alert-store'

/** Goal (false-positive rate under this many %) per severity; severities without one have no goal. */
export const FALSE_POSITIVE_GOAL_PCT: Partial<Record<Severity, number>> = { critical: 2 }

function rate(noise: number, firings: number): number | null {
  return firings === 0 ? null : (noise / firings) * 100
}

/** Quality per rule (configured rules first, in config order, then rules only the history knows) and for critical alerts together. */
export function alertQuality(from: number, to: number, counts: readonly RuleFiringCounts[], rules: readonly AlertRuleConfig[]): AlertQuality {
  const byRule = new Map(counts.map((c) => [c.rule, c]))
  const names = [...rules.map((r) => r.name), ...counts.map((c) => c.rule).filter((name) => !rules.some((r) => r.name === name)).sort()]
  const severityOf = new Map(rules.map((r) => [r.name, r.severity]))
  const out: AlertRuleQuality[] = names.map((rule) => {
    const c = byRule.get(rule)
    const firings = c?.firings ?? 0
    const noise = c?.noise ?? 0
    // The configured severity wins: the goal follows what the rule is now.
    const severity = severityOf.get(rule) ?? c?.severity ?? null
    const goalPct = severity === null ? null : (FALSE_POSITIVE_GOAL_PCT[severity] ?? null)
    const fp = rate(noise, firings)
    return { rule, severity, firings, noise, falsePositiveRatePct: fp, goalPct, meetsGoal: fp === null || goalPct === null ? null : fp < goalPct }
  })
  const critical = out.filter((r) => r.severity === 'critical')
  const firings = critical.reduce((n, r) => n + r.firings, 0)
  const noise = critical.reduce((n, r) => n + r.noise, 0)
  const fp = rate(noise, firings)
  const goalPct = FALSE_POSITIVE_GOAL_PCT.critical ?? 2
  return { from, to, rules: out, critical: { firings, noise, falsePositiveRatePct: fp, goalPct, meetsGoal: fp === null ? null : fp < goalPct } }
}
