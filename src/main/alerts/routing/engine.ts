// The routing engine: alerts in, notification intents and history out. Pure: it never reads the
// clock, sleeps or does I/O; every call takes `now`, and its whole state is one JSON-safe object.
import type { Acknowledgement, AlertInstance, Silence } from '@shared/alerts'
import { validateAlertInput } from './alert-input'
import { SILENCE_RETENTION_MS } from './defaults'
import { levelDueAt } from './escalation'
import { inhibitionChecker, type InhibitCandidate } from './inhibition'
import { joinGroups, reconcileGroups } from './membership'
import { mutingWindowFor, openMuteWindow } from './mute-window'
import { emit } from './notify'
import { processGroup } from './group-process'
import { routeById } from './route-match'
import { silencingId, validateSilence } from './silences'
import { parseRoutingState } from './state-schema'
import type { GroupState, MuteWindow, RoutingConfig, RoutingHistoryEntry, RoutingResult, RoutingState, RoutingView, TrackedAlert } from './types'
import { validateRoutingConfig } from './validate-config'
import { routingView } from './view'

function emptyState(): RoutingState {
  return { version: 1, now: 0, alerts: {}, groups: {}, silences: {} }
}

function entry(now: number, e: Partial<RoutingHistoryEntry> & Pick<RoutingHistoryEntry, 'kind' | 'detail'>): RoutingHistoryEntry {
  return { at: now, alertId: null, groupKey: null, route: null, level: null, receivers: [], by: null, ...e }
}

function checkNow(now: number, what: string): void {
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new Error(`routing ${what}: now must be epoch milliseconds, got ${JSON.stringify(now)}`)
}

/** Routes, groups, escalates, acknowledges, silences and inhibits alerts; see README.md in this folder. */
export class RoutingEngine {
  private config: RoutingConfig
  private windows: Map<string, MuteWindow>
  private s: RoutingState
  private reconcilePending: boolean

  /** Validates the config (throws a clear Error) and starts empty, or from `state` (see restore). */
  constructor(config: RoutingConfig, state?: RoutingState) {
    validateRoutingConfig(config)
    this.config = config
    this.windows = new Map(config.muteWindows.map((w) => [w.name, w]))
    this.s = state ? structuredClone(state) : emptyState()
    this.reconcilePending = state !== undefined
  }

  /** An engine continuing from persisted state (the object or its JSON text); re-routes under `config` on the next call. */
  static restore(config: RoutingConfig, persisted: unknown): RoutingEngine {
    return new RoutingEngine(config, parseRoutingState(persisted))
  }

  /** Takes a new config (validated first; the old one stays on error); alerts are re-routed on the next call. */
  setConfig(config: RoutingConfig): void {
    validateRoutingConfig(config)
    this.config = config
    this.windows = new Map(config.muteWindows.map((w) => [w.name, w]))
    this.reconcilePending = true
  }

  /** A deep copy of the whole state, JSON-safe, for persisting. */
  serialize(): RoutingState {
    return structuredClone(this.s)
  }

  /** Per-alert status, groups and silences for the UI, as of the last call. */
  state(): RoutingView {
    return routingView(this.s)
  }

  /**
   * Applies alert changes: each alert's `state` says what it is now (firing; pending = not yet
   * routed; resolved or inactive = stopped firing). Alerts not listed are unchanged.
   */
  update(alerts: readonly AlertInstance[], now: number): RoutingResult {
    checkNow(now, 'update')
    if (!Array.isArray(alerts)) throw new Error('routing update: expected a list of alerts')
    alerts.forEach((a, i) => validateAlertInput(a, i))
    const { t, out } = this.begin(now)
    const ordered = [...alerts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    for (const a of ordered) this.applyAlert(a, t, out)
    this.settle(t, out)
    return out
  }

  /** Advances time: group_wait/group_interval flushes, escalations, reminders, expiries. */
  tick(now: number): RoutingResult {
    checkNow(now, 'tick')
    const { t, out } = this.begin(now)
    return out
  }

  /**
   * Acknowledges a group (by group key) or every group holding an alert (by alert id): stops
   * escalation and reminders until it resolves or the acknowledgement expires. `expiresAt`
   * null/undefined = the route's ack_timeout (or never).
   */
  acknowledge(target: string, by: string, comment: string | null, expiresAt: number | null | undefined, now: number): RoutingResult {
    checkNow(now, 'acknowledge')
    if (typeof by !== 'string' || by.trim() === '') throw new Error('acknowledge: "by" must name who acknowledges')
    if (comment !== null && typeof comment !== 'string') throw new Error('acknowledge: comment must be a string or null')
    if (expiresAt !== null && expiresAt !== undefined && (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt) || expiresAt <= Math.max(now, this.s.now)))
      throw new Error(`acknowledge "${target}": expiresAt must be a time after now, got ${JSON.stringify(expiresAt)}`)
    if (this.groupsFor(target).length === 0) throw new Error(`acknowledge: no active alert group or firing alert "${target}"`)
    const { t, out } = this.begin(now)
    for (const g of this.groupsFor(target)) this.ackGroup(g, by, comment, expiresAt ?? null, t, out)
    return out
  }

  /** Adds (or replaces, by id) a silence; validated first. */
  addSilence(silence: Silence, now: number): RoutingResult {
    checkNow(now, 'addSilence')
    validateSilence(silence)
    const { t, out } = this.begin(now)
    this.s.silences[silence.id] = structuredClone(silence)
    this.settle(t, out)
    return out
  }

  /** Ends a silence now (it stays visible as expired for SILENCE_RETENTION_MS). */
  expireSilence(id: string, now: number): RoutingResult {
    checkNow(now, 'expireSilence')
    if (!this.s.silences[id]) throw new Error(`expireSilence: no silence "${id}"`)
    const { t, out } = this.begin(now)
    const s = this.s.silences[id]
    // Alertmanager's expiry: a silence that has not started yet becomes one that never applies.
    if (s.endsAt > t) {
      s.startsAt = Math.min(s.startsAt, t)
      s.endsAt = t
    }
    this.settle(t, out)
    return out
  }

  /** Earliest time a tick could produce something (mute-window edges excepted: tick regularly anyway), or null. */
  nextDueAt(): number | null {
    const now = this.s.now
    const times: number[] = []
    for (const g of Object.values(this.s.groups)) {
      times.push(g.nextFlushAt)
      const route = routeById(this.config, g.route)
      if (g.ack?.expiresAt != null) times.push(g.ack.expiresAt)
      if (!route || g.ack) continue
      if (g.levelReached + 1 < route.escalation.length) times.push(levelDueAt(g, route, g.levelReached + 1))
      for (const r of g.receivers) times.push(r.lastSentAt + route.repeatIntervalMs)
    }
    for (const s of Object.values(this.s.silences)) times.push(s.startsAt, s.endsAt)
    let next: number | null = null
    for (const x of times) if (x > now && (next === null || x < next)) next = x
    return next
  }

  private begin(now: number): { t: number; out: RoutingResult } {
    // Time never runs backwards inside the engine (a clock step back is treated as "no time passed").
    const t = Math.max(now, this.s.now)
    this.s.now = t
    const out: RoutingResult = { notifications: [], history: [] }
    if (this.reconcilePending) {
      reconcileGroups(this.s, this.config, t, out)
      this.reconcilePending = false
    }
    // Catch up on whatever fell due since the last call before applying a change, so a change
    // never rides on a flush that was due earlier (batching stays on the group_interval grid).
    this.settle(t, out)
    return { t, out }
  }

  private applyAlert(a: AlertInstance, t: number, out: RoutingResult): void {
    const prev = this.s.alerts[a.id]
    if (a.state === 'firing') {
      if (prev?.firing) {
        prev.alert = structuredClone(a)
        return
      }
      const tracked: TrackedAlert = prev ?? { alert: a, firing: false, resolvedAt: null, groups: [], silencedBy: null, inhibitedBy: null, mutedBy: null }
      tracked.alert = structuredClone(a)
      tracked.firing = true
      tracked.resolvedAt = null
      this.s.alerts[a.id] = tracked
      joinGroups(this.s, this.config, tracked, t, out)
      for (const key of tracked.groups)
        out.history.push(entry(t, { kind: 'fired', alertId: a.id, groupKey: key, route: this.s.groups[key]?.route ?? null, detail: `${a.rule || a.id} firing` }))
      return
    }
    if (!prev) {
      if (a.state === 'pending') this.s.alerts[a.id] = { alert: structuredClone(a), firing: false, resolvedAt: null, groups: [], silencedBy: null, inhibitedBy: null, mutedBy: null }
      return
    }
    if (prev.firing) {
      prev.firing = false
      prev.resolvedAt = t
      out.history.push(entry(t, { kind: 'resolved', alertId: a.id, detail: `${a.rule || a.id} stopped firing (${a.state})` }))
    }
    prev.alert = structuredClone(a)
  }

  private settle(t: number, out: RoutingResult): void {
    for (const [id, s] of Object.entries(this.s.silences)) if (s.endsAt < t - SILENCE_RETENTION_MS) delete this.s.silences[id]
    this.refreshSuppression(t, out)
    for (const key of Object.keys(this.s.groups).sort()) {
      const g = this.s.groups[key]
      const route = routeById(this.config, g.route)
      if (!route) continue // reconcile drops it on the next config change; nothing to do meanwhile
      const mutedBy = openMuteWindow(route, this.windows, t)
      const alive = processGroup(g, mutedBy, { route, alerts: this.s.alerts, now: t, out })
      if (!alive) {
        for (const id of g.alertIds) {
          const a = this.s.alerts[id]
          if (a) a.groups = a.groups.filter((k) => k !== key)
        }
        delete this.s.groups[key]
      }
    }
    for (const [id, a] of Object.entries(this.s.alerts)) {
      if (!a.firing && a.groups.length === 0 && a.alert.state !== 'pending') delete this.s.alerts[id]
    }
  }

  private refreshSuppression(t: number, out: RoutingResult): void {
    const silences = Object.keys(this.s.silences)
      .sort()
      .map((id) => this.s.silences[id])
    const ids = Object.keys(this.s.alerts).sort()
    const firing: InhibitCandidate[] = ids.filter((id) => this.s.alerts[id].firing).map((id) => ({ id, labels: this.s.alerts[id].alert.labels }))
    const inhibitorOf = inhibitionChecker(firing, this.config.inhibitRules)
    for (const id of ids) {
      const a = this.s.alerts[id]
      const visible = a.firing || a.alert.state === 'pending'
      const silencedBy = visible ? silencingId(silences, a.alert.labels, t) : null
      const inhibitedBy = visible ? inhibitorOf({ id, labels: a.alert.labels }) : null
      const mutedBy = visible ? mutingWindowFor(this.config.muteWindows, a.alert.labels, t) : null
      if (mutedBy !== a.mutedBy && visible) {
        out.history.push(
          entry(t, { kind: mutedBy ? 'muted' : 'unmuted', alertId: id, detail: mutedBy ? `mute window "${mutedBy}" is open` : `mute window "${a.mutedBy}" closed` })
        )
      }
      a.mutedBy = mutedBy
      if (silencedBy !== a.silencedBy && visible) {
        const s = silencedBy ? this.s.silences[silencedBy] : a.silencedBy ? this.s.silences[a.silencedBy] : undefined
        out.history.push(
          entry(t, {
            kind: silencedBy ? 'silenced' : 'unsilenced',
            alertId: id,
            by: s?.createdBy ?? null,
            detail: silencedBy ? `silence "${silencedBy}": ${s?.comment ?? ''}` : `silence "${a.silencedBy}" no longer applies`
          })
        )
      }
      if (inhibitedBy !== a.inhibitedBy && visible) {
        out.history.push(
          entry(t, { kind: inhibitedBy ? 'inhibited' : 'uninhibited', alertId: id, detail: inhibitedBy ? `inhibited by firing alert "${inhibitedBy}"` : `no longer inhibited by "${a.inhibitedBy}"` })
        )
      }
      a.silencedBy = silencedBy
      a.inhibitedBy = inhibitedBy
    }
  }

  private groupsFor(target: string): GroupState[] {
    const g = this.s.groups[target]
    if (g) return [g]
    const a = this.s.alerts[target]
    if (!a) return []
    return a.groups
      .map((k) => this.s.groups[k])
      .filter((x): x is GroupState => x !== undefined)
      .sort((x, y) => (x.key < y.key ? -1 : 1))
  }

  private ackGroup(g: GroupState, by: string, comment: string | null, expiresAt: number | null, t: number, out: RoutingResult): void {
    const route = routeById(this.config, g.route)
    if (g.ack) g.ackedMs += t - g.ack.at
    const ack: Acknowledgement = { by, at: t, comment, expiresAt: expiresAt ?? (route?.ackTimeoutMs != null ? t + route.ackTimeoutMs : null) }
    g.ack = ack
    g.renotify = false
    const until = ack.expiresAt === null ? 'until resolved' : `until ${new Date(ack.expiresAt).toISOString()}`
    out.history.push(
      entry(t, { kind: 'acknowledged', groupKey: g.key, route: g.route, by, receivers: g.receivers.map((r) => r.receiver), detail: `${comment ?? 'acknowledged'} (${until})` })
    )
    if (!route) return
    const firing = g.alertIds.filter((id) => this.s.alerts[id]?.firing)
    // Delivery needs at least one alert; a group whose alerts all resolved (closing soon) lists those.
    const listed = firing.length > 0 ? firing : g.alertIds.filter((id) => this.s.alerts[id] !== undefined)
    const ctx = { route, alerts: this.s.alerts, now: t, out }
    for (const r of g.receivers) emit(g, r, 'acknowledged', listed, `acknowledged by ${by}${comment ? `: ${comment}` : ''}`, ctx)
  }
}
