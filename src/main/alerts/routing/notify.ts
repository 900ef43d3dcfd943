// Building notification intents and alert snapshots for one group.
import type { AlertInstance } from '@shared/alerts'
import { dedupKey, notificationId } from './group-key'
import type { GroupState, Notification, NotificationKind, ReceiverState, RouteSpec, RoutingResult, TrackedAlert } from './types'

/** A copy of the alert as routing sees it (state firing or resolved), safe to hand to notifiers. */
export function alertSnapshot(t: TrackedAlert): AlertInstance {
  const copy = structuredClone(t.alert)
  if (t.firing) copy.state = 'firing'
  else {
    copy.state = 'resolved'
    copy.resolvedAt = copy.resolvedAt ?? t.resolvedAt
  }
  return copy
}

/** Everything one group needs to produce intents at `now`. */
export interface GroupContext {
  route: RouteSpec
  alerts: Record<string, TrackedAlert>
  now: number
  out: RoutingResult
}

/** Appends one intent for `receiver` and advances its sequence number. */
export function emit(g: GroupState, r: ReceiverState, kind: NotificationKind, alertIds: readonly string[], reason: string, ctx: GroupContext): void {
  r.seq += 1
  const dk = dedupKey(g.key, r.receiver, g.firingSince)
  const alerts = alertIds.map((id) => ctx.alerts[id]).filter((t): t is TrackedAlert => t !== undefined)
  const n: Notification = {
    id: notificationId(dk, r.seq),
    dedupKey: dk,
    receiver: r.receiver,
    groupKey: g.key,
    route: ctx.route.id,
    groupLabels: { ...g.labels },
    level: r.level,
    kind,
    alerts: alerts.map(alertSnapshot),
    reason,
    at: ctx.now,
    episodeStart: g.firingSince,
    ack: g.ack ? { ...g.ack } : null
  }
  ctx.out.notifications.push(n)
}
