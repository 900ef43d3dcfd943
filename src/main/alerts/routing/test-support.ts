// Helpers for the routing tests: alert instances, configs and a stepped clock.
import type { AlertInstance } from '@shared/alerts'
import type { Labels, Severity } from '@shared/types'
import { routeWithDefaults } from './defaults'
import type { RoutingEngine } from './engine'
import type { Notification, RouteSpec, RoutingConfig, RoutingHistoryEntry } from './types'

export const SEC = 1000
export const MIN = 60 * SEC
export const HOUR = 60 * MIN
/** Monday 2025-01-06 12:00:00 UTC. */
export const T0 = Date.UTC(2025, 0, 6, 12, 0, 0)

/** An alert instance for `alertname` with extra labels; id = name + sorted labels. */
export function alert(alertname: string, labels: Labels = {}, state: AlertInstance['state'] = 'firing', severity: Severity = 'critical'): AlertInstance {
  const all: Labels = { alertname, severity, ...labels }
  const id = `${alertname}${JSON.stringify(Object.fromEntries(Object.entries(labels).sort()))}`
  return {
    id,
    rule: alertname,
    severity,
    state,
    labels: all,
    annotations: { summary: `${alertname} is ${state}` },
    value: 1,
    activeAt: T0,
    firedAt: state === 'firing' ? T0 : null,
    resolvedAt: null,
    lastEvalAt: T0,
    keepFiringSince: null
  }
}

/** The same alert, now resolved. */
export function resolved(a: AlertInstance): AlertInstance {
  return { ...a, state: 'resolved', resolvedAt: a.lastEvalAt }
}

/** A config with the given routes (defaults for the rest) and no fallback/inhibition/windows. */
export function config(routes: (Partial<RouteSpec> & { id: string })[], extra: Partial<RoutingConfig> = {}): RoutingConfig {
  return { routes: routes.map(routeWithDefaults), fallback: null, inhibitRules: [], muteWindows: [], ...extra }
}

/** The critical route: group by alertname, group_wait 10s, escalation 0s / 15m / 1h. */
export function criticalRoute(extra: Partial<RouteSpec> = {}): Partial<RouteSpec> & { id: string } {
  return {
    id: 'critical',
    matchers: [{ name: 'severity', op: '=', value: 'critical' }],
    groupBy: ['alertname'],
    groupWaitMs: 10 * SEC,
    escalation: [
      { afterMs: 0, receivers: ['desktop', 'noc-webhook'] },
      { afterMs: 15 * MIN, receivers: ['exec-email', 'slack-leads'] },
      { afterMs: HOUR, receivers: ['pagerduty-cto'] }
    ],
    ...extra
  }
}

export interface Run {
  notifications: Notification[]
  history: RoutingHistoryEntry[]
}

/** Ticks the engine at every time it reports due up to `until` (inclusive), then at `until`. */
export function advance(engine: RoutingEngine, until: number): Run {
  const run: Run = { notifications: [], history: [] }
  for (let i = 0; i < 100_000; i++) {
    const due = engine.nextDueAt()
    if (due === null || due > until) break
    const r = engine.tick(due)
    run.notifications.push(...r.notifications)
    run.history.push(...r.history)
  }
  const r = engine.tick(until)
  run.notifications.push(...r.notifications)
  run.history.push(...r.history)
  return run
}

/** "receiver kind @offset" lines, easy to compare in tests (offset from T0 in s/m/h). */
export function summary(notes: readonly Notification[]): string[] {
  return notes.map((n) => `${n.receiver} ${n.kind} @${offset(n.at)}`)
}

function offset(at: number): string {
  const d = at - T0
  if (d % HOUR === 0 && d !== 0) return `${d / HOUR}h`
  if (d % MIN === 0 && d !== 0) return `${d / MIN}m`
  return `${d / SEC}s`
}
