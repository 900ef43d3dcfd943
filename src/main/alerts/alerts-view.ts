// The alerts view (listAlerts): the evaluator's pending and firing alerts with their routing
// status, the alert groups with their escalation level, and every rule's health.
import type { ActiveAlert, ActiveAlertStatus, AlertGroupSummary, AlertInstance, AlertNoiseMark, AlertRuleHealth, AlertsView } from '@shared/alerts'
import type { AlertingConfig } from '@shared/config/alerting-schema'
import type { RouteSpec, RoutingView } from './routing'
import type { RuleHealth } from './rules'

export interface AlertsViewInput {
  now: number
  enabled: boolean
  config: AlertingConfig
  /** Pending and firing instances by rule. */
  instances: ReadonlyMap<string, ReadonlyMap<string, AlertInstance>>
  health: ReadonlyMap<string, RuleHealth>
  routing: RoutingView
  routes: readonly RouteSpec[]
  /** Noise marks of the firing alerts' current episodes. */
  marks: readonly AlertNoiseMark[]
}

const STATUS_ORDER: Record<ActiveAlertStatus, number> = { firing: 0, acknowledged: 1, inhibited: 2, silenced: 3, muted: 4, pending: 5 }
const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const

/** Builds the view; alerts sorted firing first, then by severity, then newest first. */
export function buildAlertsView(input: AlertsViewInput): AlertsView {
  const routed = new Map(input.routing.alerts.map((a) => [a.alert.id, a]))
  const groups = new Map(input.routing.groups.map((g) => [g.key, g]))
  const markOf = new Map(input.marks.map((m) => [`${m.alertId}@${m.episode}`, m.noise]))
  const alerts: ActiveAlert[] = []
  for (const perRule of input.instances.values()) {
    for (const a of perRule.values()) {
      if (a.state !== 'pending' && a.state !== 'firing') continue
      const r = routed.get(a.id)
      const status: ActiveAlertStatus = a.state === 'pending' ? 'pending' : routedStatus(r?.status)
      const alertGroups = r?.groups ?? []
      const levels = alertGroups.map((k) => groups.get(k)?.levelReached ?? -1)
      const level = levels.length === 0 ? -1 : Math.max(...levels)
      alerts.push({
        id: a.id,
        rule: a.rule,
        severity: a.severity,
        status,
        value: a.value,
        labels: { ...a.labels },
        annotations: { ...a.annotations },
        since: (a.state === 'firing' ? a.firedAt : a.activeAt) ?? a.lastEvalAt,
        activeAt: a.activeAt,
        firedAt: a.firedAt,
        ack: r?.ack ?? null,
        groups: [...alertGroups],
        escalationLevel: level < 0 ? null : level,
        silencedBy: r?.silencedBy ?? null,
        inhibitedBy: r?.inhibitedBy ?? null,
        mutedBy: r?.mutedBy ?? null,
        noise: a.firedAt === null ? null : (markOf.get(`${a.id}@${a.firedAt}`) ?? null)
      })
    }
  }
  alerts.sort(
    (x, y) =>
      STATUS_ORDER[x.status] - STATUS_ORDER[y.status] || SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity] || y.since - x.since || (x.id < y.id ? -1 : 1)
  )
  const levelsOf = new Map(input.routes.map((r) => [r.id, r.escalation.length]))
  const groupList: AlertGroupSummary[] = input.routing.groups.map((g) => ({
    key: g.key,
    route: g.route,
    labels: { ...g.labels },
    firingSince: g.firingSince,
    alertIds: [...g.alertIds],
    levelReached: g.levelReached,
    levels: levelsOf.get(g.route) ?? 0,
    ack: g.ack,
    mutedBy: g.mutedBy,
    receivers: g.receivers.map((r) => ({ ...r }))
  }))
  const rules: AlertRuleHealth[] = input.config.rules.map((rule) => {
    const h = input.health.get(rule.name)
    const mine = [...(input.instances.get(rule.name)?.values() ?? [])]
    return {
      rule: rule.name,
      kind: rule.kind,
      severity: rule.severity,
      state: h?.state ?? (rule.enabled ? 'unknown' : 'disabled'),
      error: h?.error ?? null,
      evaluatedAt: h?.evaluatedAt ?? null,
      firing: mine.filter((a) => a.state === 'firing').length,
      pending: mine.filter((a) => a.state === 'pending').length
    }
  })
  const activeSilences = input.routing.silences.filter((s) => s.startsAt <= input.now && input.now < s.endsAt).length
  return {
    now: input.now,
    enabled: input.enabled,
    evaluationIntervalMs: input.config.evaluation_interval,
    alerts,
    groups: groupList,
    rules,
    activeSilences
  }
}

/** A firing alert's status from routing (routing has not seen it yet: plain firing). */
function routedStatus(status: string | undefined): ActiveAlertStatus {
  switch (status) {
    case 'acknowledged':
    case 'silenced':
    case 'inhibited':
    case 'muted':
      return status
    default:
      return 'firing'
  }
}
