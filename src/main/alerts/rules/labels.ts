// Label sets: matching, canonical keys, alert labels and the alert id.
import { createHash } from 'node:crypto'
import type { Labels, Severity } from '@shared/types'

/** True when every pair of `filter` is in `labels`. */
export function labelsInclude(labels: Labels, filter: Labels): boolean {
  for (const key of Object.keys(filter)) if (labels[key] !== filter[key]) return false
  return true
}

/** Labels sorted by name: a canonical form for keys and hashes. */
export function sortedPairs(labels: Labels): [string, string][] {
  return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

/** A string identifying a label set regardless of key order. */
export function labelsKey(labels: Labels): string {
  return JSON.stringify(sortedPairs(labels))
}

/** Series labels + rule labels (rule wins) + alertname + severity; __name__ is dropped as in Prometheus. */
export function alertLabels(seriesLabels: Labels, rule: { name: string; severity: Severity; labels: Labels }): Labels {
  const out: Labels = { ...seriesLabels, ...rule.labels, alertname: rule.name, severity: rule.severity }
  delete out.__name__
  return Object.fromEntries(sortedPairs(out))
}

/** Stable alert id: a hash of the rule name and the sorted labels (16 hex digits). */
export function alertId(rule: string, labels: Labels): string {
  return createHash('sha256').update(JSON.stringify([rule, sortedPairs(labels)])).digest('hex').slice(0, 16)
}

/** Labels as PromQL writes them: name{a="1",b="2"} (name alone without labels). */
export function seriesText(name: string, labels: Labels): string {
  const pairs = sortedPairs(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`)
  return pairs.length === 0 ? name : `${name}{${pairs.join(',')}}`
}
