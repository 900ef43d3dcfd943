// The UI's picture of routing: per alert status, groups and silences.
import type { Acknowledgement } from '@shared/alerts'
import { isSilenceActive } from './silences'
import type { AlertRoutingStatus, GroupState, RoutingState, RoutingView, TrackedAlert } from './types'

/** Status shown for one alert; precedence silenced > muted (window matching it) > inhibited > acknowledged > muted (routes) > firing. */
export function alertStatus(t: TrackedAlert, groups: readonly GroupState[]): AlertRoutingStatus {
  if (!t.firing) return t.alert.state === 'pending' ? 'pending' : 'resolved'
  if (t.silencedBy !== null) return 'silenced'
  if (t.mutedBy !== null) return 'muted'
  if (t.inhibitedBy !== null) return 'inhibited'
  if (groups.length > 0 && groups.every((g) => g.ack !== null)) return 'acknowledged'
  if (groups.length > 0 && groups.every((g) => g.mutedBy !== null)) return 'muted'
  return 'firing'
}

/** Builds the view from state (copies; the caller may keep or mutate it freely). */
export function routingView(s: RoutingState): RoutingView {
  const alerts = Object.keys(s.alerts)
    .sort()
    .map((id) => {
      const t = s.alerts[id]
      const groups = t.groups.map((k) => s.groups[k]).filter((g): g is GroupState => g !== undefined)
      const ack: Acknowledgement | null = groups.find((g) => g.ack !== null)?.ack ?? null
      return {
        alert: structuredClone(t.alert),
        status: alertStatus(t, groups),
        groups: [...t.groups],
        silencedBy: t.silencedBy,
        inhibitedBy: t.inhibitedBy,
        mutedBy: t.mutedBy ?? (groups.length > 0 && groups.every((g) => g.mutedBy !== null) ? groups[0].mutedBy : null),
        ack: ack ? { ...ack } : null
      }
    })
  const groups = Object.keys(s.groups)
    .sort()
    .map((k) => {
      const g = s.groups[k]
      return {
        key: g.key,
        route: g.route,
        labels: { ...g.labels },
        firingSince: g.firingSince,
        alertIds: [...g.alertIds],
        levelReached: g.levelReached,
        ack: g.ack ? { ...g.ack } : null,
        mutedBy: g.mutedBy,
        receivers: g.receivers.map((r) => ({ receiver: r.receiver, level: r.level, lastSentAt: r.lastSentAt })),
        nextFlushAt: g.nextFlushAt
      }
    })
  const silences = Object.keys(s.silences)
    .sort()
    .map((id) => ({ ...structuredClone(s.silences[id]), active: isSilenceActive(s.silences[id], s.now) }))
  return { now: s.now, alerts, groups, silences }
}
