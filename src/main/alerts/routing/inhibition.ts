// Inhibition with Alertmanager's meaning: a firing source alert suppresses targets with equal
// values for the `equal` labels (a label missing on both sides counts as equal).
import type { Labels } from '@shared/types'
import { matchesAll } from './matchers'
import type { InhibitRule } from './types'

export interface InhibitCandidate {
  id: string
  labels: Labels
}

function equalKey(rule: InhibitRule, labels: Labels): string {
  return JSON.stringify(rule.equal.map((name) => labels[name] ?? ''))
}

/**
 * Indexes each rule's firing sources by their `equal` label values once, then answers, per
 * target, the id of an alert inhibiting it (or null). An alert never inhibits itself, and when a
 * target also matches a rule's source side, only sources that do not also match its target side
 * count, so two alerts cannot inhibit each other.
 */
export function inhibitionChecker(firing: readonly InhibitCandidate[], rules: readonly InhibitRule[]): (target: InhibitCandidate) => string | null {
  const prepared = rules
    .map((rule) => {
      const byEqual = new Map<string, InhibitCandidate[]>()
      for (const a of firing) {
        if (!matchesAll(rule.sourceMatchers, a.labels)) continue
        const key = equalKey(rule, a.labels)
        const list = byEqual.get(key)
        if (list) list.push(a)
        else byEqual.set(key, [a])
      }
      return { rule, byEqual }
    })
    .filter((p) => p.byEqual.size > 0)
  return (target) => {
    for (const { rule, byEqual } of prepared) {
      if (!matchesAll(rule.targetMatchers, target.labels)) continue
      const sources = byEqual.get(equalKey(rule, target.labels))
      if (!sources) continue
      const targetIsAlsoSource = matchesAll(rule.sourceMatchers, target.labels)
      for (const source of sources) {
        if (source.id === target.id) continue
        if (targetIsAlsoSource && matchesAll(rule.targetMatchers, source.labels)) continue
        return source.id
      }
    }
    return null
  }
}

/** Id of a firing alert that inhibits `target` under `rules`, or null (see inhibitionChecker). */
export function inhibitingAlert(target: InhibitCandidate, firing: readonly InhibitCandidate[], rules: readonly InhibitRule[]): string | null {
  return inhibitionChecker(firing, rules)(target)
}
