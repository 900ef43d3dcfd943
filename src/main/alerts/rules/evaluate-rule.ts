// One evaluation of one rule: its data → per-label-set signals → the state machine. Pure: the
// clock and the data come in as arguments; nothing here reads the store or sends anything.
import type { AlertInstance } from '@shared/alerts'
import type { AlertRuleConfig } from '@shared/config/alerting-schema'
import { renderAnnotations } from './annotations'
import type { RuleHooks } from './hooks'
import { alertId, alertLabels } from './labels'
import { queriesOf } from './queries'
import { ruleSignals, type Signal } from './signals'
import { stepInstances, type InstanceSignal } from './state-machine'
import type { RuleData, RuleEvaluation, RuleInput, RuleQuery } from './types'

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** The rule's own instances from the engine's map, unchanged (what a failed evaluation leaves). */
function keep(rule: AlertRuleConfig, previous: ReadonlyMap<string, AlertInstance>): Map<string, AlertInstance> {
  const out = new Map<string, AlertInstance>()
  for (const [id, a] of previous) if (a.rule === rule.name && (a.state === 'pending' || a.state === 'firing')) out.set(id, a)
  return out
}

/** Checks the engine answered every query with data of the matching kind. */
function checkAnswers(queries: RuleQuery[], data: RuleData[]): void {
  if (data.length !== queries.length) throw new Error(`the engine answered ${data.length} of the rule's ${queries.length} queries`)
  queries.forEach((q, i) => {
    if (data[i].kind !== q.kind) throw new Error(`query ${i + 1} asked for "${q.kind}" data, the engine answered "${data[i].kind}"`)
  })
}

function instanceSignal(rule: AlertRuleConfig, s: Signal): InstanceSignal {
  const labels = alertLabels(s.labels, rule)
  return {
    id: alertId(rule.name, labels),
    labels,
    value: s.value,
    met: s.met,
    cleared: s.cleared,
    annotations: () => renderAnnotations(rule.annotations, s.annotations, s.value, labels)
  }
}

/**
 * Evaluates a rule at `now` against the data fetched for ruleQueries(rule, now, hooks) and the
 * previous pending/firing instances. Never throws: bad data or a missing hook becomes health
 * `error` with a message, and the rule's alerts then keep their state.
 */
export function evaluateRule(
  rule: AlertRuleConfig,
  previous: ReadonlyMap<string, AlertInstance>,
  input: RuleInput,
  now: number,
  hooks?: RuleHooks
): RuleEvaluation {
  const step = { name: rule.name, severity: rule.severity, forMs: rule.for, keepFiringForMs: rule.keep_firing_for }
  if (!rule.enabled) {
    // A disabled rule's alerts end now: firing ones resolve, pending ones lapse.
    const { instances, transitions } = stepInstances({ ...step, keepFiringForMs: 0 }, previous, [], now)
    return { instances, transitions, health: { rule: rule.name, state: 'disabled', error: null, evaluatedAt: now } }
  }
  const failed = (message: string): RuleEvaluation => ({
    instances: keep(rule, previous),
    transitions: [],
    health: { rule: rule.name, state: 'error', error: message, evaluatedAt: now }
  })
  if (input.error !== undefined) return failed(`rule "${rule.name}": reading its data failed: ${input.error}`)
  let signals: Signal[]
  try {
    checkAnswers(queriesOf(rule, now, hooks), input.data)
    signals = ruleSignals(rule, input.data, now, hooks)
  } catch (err) {
    const message = errorMessage(err)
    return failed(message.startsWith(`${rule.kind} rule "${rule.name}"`) ? message : `rule "${rule.name}": ${message}`)
  }
  const { instances, transitions } = stepInstances(step, previous, signals.map((s) => instanceSignal(rule, s)), now)
  return { instances, transitions, health: { rule: rule.name, state: 'ok', error: null, evaluatedAt: now } }
}
