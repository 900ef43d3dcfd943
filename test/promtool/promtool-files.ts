// Writes a Prometheus rules file and a `promtool test rules` unit-test file whose expected
// alerts are what Vigil's evaluator says is firing at every evaluation time.
import { stringify } from 'yaml'
import type { AlertInstance } from '@shared/alerts'
import type { Labels } from '@shared/types'
import type { Scenario } from './scenarios'

export interface ExpectedAt {
  t: number
  firing: AlertInstance[]
}

export interface TestGroup {
  name: string
  intervalMs: number
  series: { selector: string; values: (number | null)[] }[]
  alertname: string
  expected: ExpectedAt[]
}

export interface PromRule {
  alert: string
  expr: string
  forMs: number
  keepFiringForMs: number
  labels: Labels
  annotations: Record<string, string>
}

const seconds = (ms: number): string => `${ms / 1000}s`

/** name{a="1"} */
export function selector(metric: string, labels: Labels): string {
  return `${metric}{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',')}}`
}

/** The alerting rule Prometheus runs for a scenario. */
export function promRule(s: Scenario): PromRule {
  return {
    alert: s.name,
    expr: s.expr,
    forMs: s.rule.for,
    keepFiringForMs: s.rule.keep_firing_for,
    labels: { severity: s.rule.severity },
    annotations: s.rule.annotations
  }
}

export function rulesYaml(rules: PromRule[]): string {
  return stringify({
    groups: [
      {
        name: 'vigil-differential',
        rules: rules.map((r) => ({
          alert: r.alert,
          expr: r.expr,
          ...(r.forMs > 0 ? { for: seconds(r.forMs) } : {}),
          ...(r.keepFiringForMs > 0 ? { keep_firing_for: seconds(r.keepFiringForMs) } : {}),
          labels: r.labels,
          annotations: r.annotations
        }))
      }
    ]
  })
}

function expAlert(a: AlertInstance): { exp_labels: Labels; exp_annotations: Record<string, string> } {
  const { alertname: _drop, ...labels } = a.labels
  return { exp_labels: labels, exp_annotations: a.annotations }
}

/** A promtool unit-test file: one test group per scenario, an alert_rule_test at every evaluation time. */
export function testYaml(rulesFile: string, evalIntervalMs: number, groups: TestGroup[]): string {
  return stringify({
    rule_files: [rulesFile],
    evaluation_interval: seconds(evalIntervalMs),
    tests: groups.map((g) => ({
      name: g.name,
      interval: seconds(g.intervalMs),
      input_series: g.series.map((s) => ({ series: s.selector, values: s.values.map((v) => (v === null ? '_' : String(v))).join(' ') })),
      alert_rule_test: g.expected.map((e) => ({ eval_time: seconds(e.t), alertname: g.alertname, exp_alerts: e.firing.map(expAlert) }))
    }))
  })
}
