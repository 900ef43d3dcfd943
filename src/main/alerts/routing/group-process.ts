// One group's step at `now`: acknowledgement expiry, escalation, batched news (new and resolved
// alerts on the group_interval grid), reminders, and the closing "resolved" notice.
import { formatDuration } from '@shared/duration'
import { dueLevels, nextFlushAfter } from './escalation'
import { emit, type GroupContext } from './notify'
import type { GroupState, NotificationKind, ReceiverState, RoutingHistoryEntry, TrackedAlert } from './types'

function history(g: GroupState, ctx: GroupContext, entry: Partial<RoutingHistoryEntry> & Pick<RoutingHistoryEntry, 'kind' | 'detail'>): void {
  ctx.out.history.push({ at: ctx.now, alertId: null, groupKey: g.key, route: g.route, level: null, receivers: [], by: null, ...entry })
}

function members(g: GroupState, ctx: GroupContext): TrackedAlert[] {
  return g.alertIds.map((id) => ctx.alerts[id]).filter((t): t is TrackedAlert => t !== undefined)
}

/** Firing alerts that are not silenced, muted or inhibited: the ones notifications are about. */
export function liveAlertIds(g: GroupState, alerts: Record<string, TrackedAlert>): string[] {
  return g.alertIds.filter((id) => {
    const t = alerts[id]
    return t !== undefined && t.firing && t.silencedBy === null && t.inhibitedBy === null && t.mutedBy === null
  })
}

function expireAck(g: GroupState, ctx: GroupContext): void {
  const ack = g.ack
  if (!ack || ack.expiresAt === null || ack.expiresAt > ctx.now) return
  g.ackedMs += ack.expiresAt - ack.at
  g.ack = null
  g.renotify = true
  history(g, ctx, { kind: 'ack-expired', at: ack.expiresAt, by: ack.by, detail: `acknowledgement by ${ack.by} expired` })
}

function trackMute(g: GroupState, mutedBy: string | null, ctx: GroupContext): void {
  if (g.mutedBy === mutedBy) return
  if (mutedBy !== null) history(g, ctx, { kind: 'muted', detail: `mute window "${mutedBy}" is open` })
  else history(g, ctx, { kind: 'unmuted', detail: `mute window "${g.mutedBy}" closed` })
  g.mutedBy = mutedBy
}

function receiverState(g: GroupState, name: string, level: number, now: number): ReceiverState {
  let r = g.receivers.find((x) => x.receiver === name)
  if (!r) {
    r = { receiver: name, level, seq: 0, lastSentAt: now, notifiedFiring: [] }
    g.receivers.push(r)
  }
  return r
}

/** Alerts this receiver was told are firing that have since resolved (news it is owed). */
function owedResolutions(g: GroupState, r: ReceiverState, ctx: GroupContext): string[] {
  return r.notifiedFiring.filter((id) => g.alertIds.includes(id) && ctx.alerts[id]?.firing === false)
}

/**
 * Sends one firing-side intent to `r` listing the live alerts plus any resolutions it is owed,
 * then records what it now knows: the live alerts, plus alerts it was told about that are still
 * firing but silenced or inhibited.
 */
function tell(g: GroupState, r: ReceiverState, kind: NotificationKind, live: string[], reason: string, ctx: GroupContext, told: Set<string>): void {
  const resolved = owedResolutions(g, r, ctx)
  emit(g, r, kind, [...live, ...resolved], reason, ctx)
  const suppressed = r.notifiedFiring.filter((id) => g.alertIds.includes(id) && ctx.alerts[id]?.firing === true && !live.includes(id))
  r.notifiedFiring = [...live, ...suppressed].sort()
  r.lastSentAt = ctx.now
  told.add(r.receiver)
}

function escalate(g: GroupState, ctx: GroupContext, live: string[], told: Set<string>): void {
  const levels = dueLevels(g, ctx.route, ctx.now)
  if (levels.length === 0) return
  const firstEver = g.levelReached === -1 ? levels[0] : -1
  const byReceiver = new Map<string, number>()
  for (const i of levels) {
    const level = ctx.route.escalation[i]
    for (const name of level.receivers) byReceiver.set(name, i)
    g.levelReached = i
    const after = formatDuration(level.afterMs)
    history(g, ctx, {
      kind: i === firstEver ? 'notified' : 'escalated',
      level: i,
      receivers: [...level.receivers],
      detail: i === firstEver ? `level ${i} (after ${after}) notified` : `unacknowledged after ${after}: escalated to level ${i}`
    })
  }
  for (const [name, i] of byReceiver) {
    const r = receiverState(g, name, i, ctx.now)
    r.level = Math.max(r.level, i)
    const after = formatDuration(ctx.route.escalation[i].afterMs)
    const first = i === firstEver
    tell(g, r, first ? 'firing' : 'escalated', live, first ? `firing; level ${i} (after ${after})` : `unacknowledged after ${after}; escalation level ${i}`, ctx, told)
  }
}

function sendNews(g: GroupState, ctx: GroupContext, live: string[], told: Set<string>): void {
  // Resolution news waits while nothing is live: it goes out with the next live news or at close.
  if (live.length === 0) return
  for (const r of g.receivers) {
    if (told.has(r.receiver)) continue
    const fresh = live.filter((id) => !r.notifiedFiring.includes(id))
    const resolved = owedResolutions(g, r, ctx)
    if (fresh.length === 0 && resolved.length === 0) continue
    const parts = [fresh.length > 0 ? `${fresh.length} new alert(s) firing` : '', resolved.length > 0 ? `${resolved.length} alert(s) resolved` : '']
    tell(g, r, 'firing', live, parts.filter(Boolean).join(', '), ctx, told)
  }
}

function dropReportedResolved(g: GroupState, ctx: GroupContext): void {
  g.alertIds = g.alertIds.filter((id) => {
    const t = ctx.alerts[id]
    if (!t) return false
    if (t.firing) return true
    const stillOwed = g.receivers.some((r) => r.notifiedFiring.includes(id))
    if (!stillOwed) t.groups = t.groups.filter((k) => k !== g.key)
    return stillOwed
  })
}

function remind(g: GroupState, ctx: GroupContext, live: string[], told: Set<string>): void {
  for (const r of g.receivers) {
    if (told.has(r.receiver)) continue
    if (ctx.now < r.lastSentAt + ctx.route.repeatIntervalMs) continue
    tell(g, r, 'reminder', live, `still firing; no news for repeat_interval ${formatDuration(ctx.route.repeatIntervalMs)}`, ctx, told)
  }
}

function close(g: GroupState, ctx: GroupContext): void {
  const all = members(g, ctx).map((t) => t.alert.id)
  for (const r of g.receivers) emit(g, r, 'resolved', all, 'all alerts in the group resolved', ctx)
  history(g, ctx, {
    kind: 'closed',
    receivers: g.receivers.map((r) => r.receiver),
    detail: g.receivers.length > 0 ? `resolved; told ${g.receivers.length} receiver(s)` : 'resolved before anyone was notified'
  })
}

/**
 * Advances one group to ctx.now and appends its intents and history to ctx.out. Returns false
 * when the group's episode is over (every alert resolved and the closing notice produced).
 */
export function processGroup(g: GroupState, mutedBy: string | null, ctx: GroupContext): boolean {
  expireAck(g, ctx)
  trackMute(g, mutedBy, ctx)
  const firing = members(g, ctx).filter((t) => t.firing)
  if (firing.length === 0) {
    if (ctx.now < g.nextFlushAt) return true
    close(g, ctx)
    return false
  }
  if (ctx.now < g.firstFlushAt) return true
  const live = liveAlertIds(g, ctx.alerts)
  const notifiable = live.length > 0 && g.ack === null && mutedBy === null
  const told = new Set<string>()
  if (notifiable) {
    escalate(g, ctx, live, told)
    if (g.renotify) {
      for (const r of g.receivers) {
        if (!told.has(r.receiver)) tell(g, r, 'reminder', live, 'acknowledgement expired while still firing', ctx, told)
      }
      g.renotify = false
    }
  }
  if (ctx.now >= g.nextFlushAt) {
    if (mutedBy === null) sendNews(g, ctx, live, told)
    dropReportedResolved(g, ctx)
    g.nextFlushAt = nextFlushAfter(g, ctx.route, ctx.now)
  }
  if (notifiable) remind(g, ctx, live, told)
  return true
}
