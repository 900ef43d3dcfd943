// The `alerts` push event: what changed, and the counts the wallboard banner and tab need.
import type { AlertInstance, AlertsEvent } from '@shared/alerts'
import type { RoutingView } from './routing'

/** Counts the active instances; `routing` is read only when a critical alert fires (for its status). */
export function alertsEvent(
  reason: AlertsEvent['reason'],
  at: number,
  instances: Iterable<ReadonlyMap<string, AlertInstance>>,
  routing: () => RoutingView
): AlertsEvent {
  let firing = 0
  let pending = 0
  const criticalFiring: string[] = []
  for (const m of instances) {
    for (const a of m.values()) {
      if (a.state === 'pending') pending++
      else if (a.state === 'firing') {
        firing++
        if (a.severity === 'critical') criticalFiring.push(a.id)
      }
    }
  }
  let criticalUnacknowledged = 0
  if (criticalFiring.length > 0) {
    const status = new Map(routing().alerts.map((a) => [a.alert.id, a.status]))
    // Not routed yet counts as plain firing: nobody has acknowledged it.
    criticalUnacknowledged = criticalFiring.filter((id) => (status.get(id) ?? 'firing') === 'firing').length
  }
  return { at, reason, firing, pending, criticalUnacknowledged }
}
