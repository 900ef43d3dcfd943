// What goes into the alert history: the evaluator's state changes and routing's decisions, as
// store rows. Routing's own `fired`/`resolved` entries repeat the evaluator's, so they are left out
// (each firing episode is recorded exactly once, which alert quality counts on).
import type { AlertHistoryInput, AlertHistoryKind, AlertInstance } from '@shared/alerts'
import type { Labels } from '@shared/types'
import type { RoutingHistoryEntry } from './routing'
import type { AlertTransition } from './rules'

const TRANSITION_KIND: Record<AlertInstance['state'], AlertHistoryKind> = {
  pending: 'pending',
  firing: 'fired',
  resolved: 'resolved',
  inactive: 'inactive'
}

function summaryOf(a: AlertInstance): string {
  return a.annotations.summary?.trim() || a.rule
}

/** The history row of one evaluator transition (`fired` rows carry at = firedAt: the episode). */
export function transitionEntry(t: AlertTransition): AlertHistoryInput {
  const a = t.instance
  const kind = TRANSITION_KIND[t.to]
  const detail =
    kind === 'fired'
      ? `firing: ${summaryOf(a)}`
      : kind === 'resolved'
        ? `resolved (firing since ${new Date(a.firedAt ?? t.at).toISOString()})`
        : kind === 'pending'
          ? `pending: ${summaryOf(a)}`
          : 'condition cleared before the alert fired (pending lapsed)'
  return {
    at: t.at,
    kind,
    alertId: a.id,
    rule: a.rule,
    severity: a.severity,
    groupKey: null,
    receivers: [],
    level: null,
    by: null,
    value: a.value,
    labels: a.labels,
    detail
  }
}

/** Looks up what routing entries refer to: alerts by id, group labels by key. */
export interface HistoryContext {
  alert(id: string): AlertInstance | undefined
  groupLabels(key: string): Labels | undefined
}

const ROUTING_KINDS = new Set<string>([
  'notified',
  'escalated',
  'acknowledged',
  'ack-expired',
  'silenced',
  'unsilenced',
  'inhibited',
  'uninhibited',
  'muted',
  'unmuted',
  'unrouted',
  'rerouted',
  'closed'
])

/** History rows for routing's entries (its fired/resolved duplicates dropped). */
export function routingEntries(entries: readonly RoutingHistoryEntry[], ctx: HistoryContext): AlertHistoryInput[] {
  const out: AlertHistoryInput[] = []
  for (const e of entries) {
    if (!ROUTING_KINDS.has(e.kind)) continue
    const a = e.alertId ? ctx.alert(e.alertId) : undefined
    out.push({
      at: e.at,
      kind: e.kind as AlertHistoryKind,
      alertId: e.alertId,
      rule: a?.rule ?? null,
      severity: a?.severity ?? null,
      groupKey: e.groupKey,
      receivers: [...e.receivers],
      level: e.level,
      by: e.by,
      value: a?.value ?? null,
      labels: a?.labels ?? (e.groupKey ? (ctx.groupLabels(e.groupKey) ?? {}) : {}),
      detail: e.route && e.groupKey ? `${e.detail} (route "${e.route}")` : e.detail
    })
  }
  return out
}
