// The routing engine's own input, output and state types. Durations are milliseconds, times
// epoch milliseconds. The composition root maps the `alerting:` config section onto these, so
// this folder does not depend on the config schema.
import type { Acknowledgement, AlertInstance, Silence, SilenceMatcher } from '@shared/alerts'
import type { Labels } from '@shared/types'

/** A label matcher; the same shape silences use ("=", "!=", "=~", "!~"; regexes are anchored). */
export type Matcher = SilenceMatcher

/** One escalation level: notify `receivers` once the group has been firing, unacknowledged, for `afterMs`. */
export interface EscalationLevel {
  afterMs: number
  receivers: string[]
}

/** A route: which alerts it takes, how it groups them and whom it tells when. */
export interface RouteSpec {
  /** Stable id (the config's route name, or its index); part of every group key, so keep it stable across reloads. */
  id: string
  /** All must match; empty = every alert. Config `match` maps to "=", `match_re` to "=~". */
  matchers: Matcher[]
  /** Keep looking for further matching routes after this one (Alertmanager's `continue`). */
  continue: boolean
  /** Labels whose values form a group; ['...'] = every label (one group per label set); [] = one group for the route. */
  groupBy: string[]
  groupWaitMs: number
  groupIntervalMs: number
  repeatIntervalMs: number
  /** Ascending by afterMs. */
  escalation: EscalationLevel[]
  /** Acknowledgements on this route's groups lapse after this long (unless the ack names its own expiry); null = never. */
  ackTimeoutMs: number | null
  /** Names of mute windows (RoutingConfig.muteWindows) during which this route sends no firing news. */
  muteWindows: string[]
}

/** A firing source alert suppresses target alerts that have the same values for `equal`. */
export interface InhibitRule {
  sourceMatchers: Matcher[]
  targetMatchers: Matcher[]
  equal: string[]
}

/** A time-of-day range in minutes after local midnight; end <= start crosses midnight. */
export interface MinuteRange {
  startMinute: number
  /** 1..1440 (1440 = "24:00"). */
  endMinute: number
}

/**
 * A recurring window (weekdays × times of day in a time zone). While open it mutes the routes that
 * name it and, when it has matchers, every alert they match on any route (a recurring silence).
 */
export interface MuteWindow {
  name: string
  /** Alerts this window mutes wherever they route ([] = every alert); null = it only mutes routes naming it. */
  matchers: Matcher[] | null
  /** 0 = Sunday … 6 = Saturday; empty = every day. A range crossing midnight belongs to the day it starts. */
  weekdays: number[]
  /** Empty = the whole day. */
  times: MinuteRange[]
  /** IANA zone, e.g. "Europe/Berlin". */
  timezone: string
}

export interface RoutingConfig {
  routes: RouteSpec[]
  /** Takes alerts no route matched; null = the built-in fallback route (no receivers: groups are visible but "unrouted"). */
  fallback: RouteSpec | null
  inhibitRules: InhibitRule[]
  muteWindows: MuteWindow[]
}

export type NotificationKind = 'firing' | 'resolved' | 'escalated' | 'reminder' | 'acknowledged'

/** An intent to notify one receiver about one group; the outbox delivers it. */
export interface Notification {
  /** Unique per intent, identical when the same intent is produced again from restored state. */
  id: string
  /** Stable per group + receiver + episode (PagerDuty's dedup_key): trigger, reminders and resolve share it. */
  dedupKey: string
  receiver: string
  groupKey: string
  route: string
  groupLabels: Labels
  /** Highest escalation level reached that lists this receiver. */
  level: number
  kind: NotificationKind
  /** Alerts as of this notification: firing ones not silenced/inhibited, plus the resolved ones being reported. */
  alerts: AlertInstance[]
  reason: string
  at: number
  /** When the group's current episode started firing. */
  episodeStart: number
  ack: Acknowledgement | null
}

export type RoutingHistoryKind =
  | 'fired'
  | 'resolved'
  | 'silenced'
  | 'unsilenced'
  | 'inhibited'
  | 'uninhibited'
  | 'notified'
  | 'escalated'
  | 'acknowledged'
  | 'ack-expired'
  | 'muted'
  | 'unmuted'
  | 'unrouted'
  | 'rerouted'
  | 'closed'

export interface RoutingHistoryEntry {
  at: number
  kind: RoutingHistoryKind
  alertId: string | null
  groupKey: string | null
  route: string | null
  level: number | null
  receivers: string[]
  /** Who acknowledged (or created the silence). */
  by: string | null
  detail: string
}

/** What one engine call produced; the caller records both (outbox + history). */
export interface RoutingResult {
  notifications: Notification[]
  history: RoutingHistoryEntry[]
}

// ---- serialisable state (persist as JSON; restore with RoutingEngine.restore) ----

export interface TrackedAlert {
  /** The latest instance as the evaluator sent it. */
  alert: AlertInstance
  /** Routed as firing; false = resolved (kept until its groups have reported it) or pending (not routed). */
  firing: boolean
  /** When routing saw it stop firing. */
  resolvedAt: number | null
  groups: string[]
  silencedBy: string | null
  inhibitedBy: string | null
  /** Name of an open mute window whose matchers match this alert, or null. */
  mutedBy: string | null
}

export interface ReceiverState {
  receiver: string
  level: number
  /** Intents produced for this receiver in this episode (feeds Notification.id). */
  seq: number
  lastSentAt: number
  /** Alerts this receiver was last told are firing. */
  notifiedFiring: string[]
}

export interface GroupState {
  key: string
  route: string
  labels: Labels
  /** Episode start: when the group got its first firing alert. */
  firingSince: number
  alertIds: string[]
  firstFlushAt: number
  nextFlushAt: number
  /** Highest escalation level reached; -1 = none yet. */
  levelReached: number
  ack: Acknowledgement | null
  /** Time spent acknowledged in finished acknowledgements; the escalation clock does not run while acknowledged. */
  ackedMs: number
  /** An acknowledgement lapsed; the audience is re-notified at the next chance. */
  renotify: boolean
  receivers: ReceiverState[]
  /** Name of the mute window muting the route at the last look, or null. */
  mutedBy: string | null
}

export interface RoutingState {
  version: 1
  /** The latest `now` the engine has seen; time never runs backwards inside the engine. */
  now: number
  alerts: Record<string, TrackedAlert>
  groups: Record<string, GroupState>
  silences: Record<string, Silence>
}

// ---- UI view ----

export type AlertRoutingStatus = 'pending' | 'firing' | 'acknowledged' | 'muted' | 'inhibited' | 'silenced' | 'resolved'

export interface AlertRoutingView {
  alert: AlertInstance
  status: AlertRoutingStatus
  groups: string[]
  silencedBy: string | null
  inhibitedBy: string | null
  /** The mute window muting this alert (its own match) or, failing that, all of its groups' routes. */
  mutedBy: string | null
  ack: Acknowledgement | null
}

export interface GroupView {
  key: string
  route: string
  labels: Labels
  firingSince: number
  alertIds: string[]
  levelReached: number
  ack: Acknowledgement | null
  mutedBy: string | null
  receivers: { receiver: string; level: number; lastSentAt: number }[]
  nextFlushAt: number
}

export interface RoutingView {
  now: number
  alerts: AlertRoutingView[]
  groups: GroupView[]
  silences: (Silence & { active: boolean })[]
}
