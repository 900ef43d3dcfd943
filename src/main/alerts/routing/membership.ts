// Putting alerts into groups: creating a group for a new episode, joining and leaving groups,
// and re-routing every firing alert after a config change or restore.
import { groupKey, groupLabels } from './group-key'
import { routeById, routesFor } from './route-match'
import type { GroupState, RouteSpec, RoutingConfig, RoutingHistoryEntry, RoutingResult, RoutingState, TrackedAlert } from './types'

function newGroup(key: string, route: RouteSpec, t: TrackedAlert, now: number): GroupState {
  return {
    key,
    route: route.id,
    labels: groupLabels(route, t.alert.labels),
    firingSince: now,
    alertIds: [],
    firstFlushAt: now + route.groupWaitMs,
    nextFlushAt: now + route.groupWaitMs,
    levelReached: -1,
    ack: null,
    ackedMs: 0,
    renotify: false,
    receivers: [],
    mutedBy: null
  }
}

function entry(now: number, e: Partial<RoutingHistoryEntry> & Pick<RoutingHistoryEntry, 'kind' | 'detail'>): RoutingHistoryEntry {
  return { at: now, alertId: null, groupKey: null, route: null, level: null, receivers: [], by: null, ...e }
}

/** Group keys a firing alert belongs to under the config, with their routes. */
export function desiredGroups(config: RoutingConfig, t: TrackedAlert): { key: string; route: RouteSpec }[] {
  return routesFor(config, t.alert.labels).map((route) => ({ key: groupKey(route.id, groupLabels(route, t.alert.labels)), route }))
}

/** Adds a firing alert to every group its routes give it, creating groups (new episodes) as needed. */
export function joinGroups(s: RoutingState, config: RoutingConfig, t: TrackedAlert, now: number, out: RoutingResult): void {
  for (const { key, route } of desiredGroups(config, t)) {
    let g = s.groups[key]
    if (!g) {
      g = newGroup(key, route, t, now)
      s.groups[key] = g
      if (route.escalation.length === 0)
        out.history.push(entry(now, { kind: 'unrouted', groupKey: key, route: route.id, detail: `route "${route.id}" has no receivers; the group is visible but nobody is notified` }))
    }
    if (!g.alertIds.includes(t.alert.id)) g.alertIds.push(t.alert.id)
    if (!t.groups.includes(key)) t.groups.push(key)
  }
}

/**
 * Re-routes every firing alert under the current config: alerts leave groups they no longer
 * belong to (without a resolved notice) and join new ones; groups whose route is gone or that
 * are left empty are dropped.
 */
export function reconcileGroups(s: RoutingState, config: RoutingConfig, now: number, out: RoutingResult): void {
  for (const id of Object.keys(s.alerts).sort()) {
    const t = s.alerts[id]
    if (!t.firing) continue
    const wanted = desiredGroups(config, t)
    const wantedKeys = new Set(wanted.map((w) => w.key))
    for (const key of t.groups.filter((k) => !wantedKeys.has(k))) {
      const g = s.groups[key]
      if (g) g.alertIds = g.alertIds.filter((a) => a !== id)
    }
    t.groups = t.groups.filter((k) => wantedKeys.has(k))
    const missing = wanted.filter((w) => !t.groups.includes(w.key) || !s.groups[w.key])
    if (missing.length > 0) {
      t.groups = t.groups.filter((k) => s.groups[k] !== undefined)
      joinGroups(s, config, t, now, out)
    }
  }
  for (const key of Object.keys(s.groups).sort()) {
    const g = s.groups[key]
    const routeGone = routeById(config, g.route) === null
    if (!routeGone && g.alertIds.length > 0) continue
    for (const id of g.alertIds) {
      const t = s.alerts[id]
      if (t) t.groups = t.groups.filter((k) => k !== key)
    }
    delete s.groups[key]
    out.history.push(entry(now, { kind: 'rerouted', groupKey: key, route: g.route, detail: routeGone ? `route "${g.route}" is no longer configured; group dropped` : 'no alert routes here any more; group dropped' }))
  }
}
