// Alerts as the alert engine tracks them and the views, API and notifiers see them.
import type { Labels, Severity } from './types'

/** Prometheus's alert states plus Vigil's resolved history entry. */
export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved'

/** One alert instance: a rule + the label set it fired for. */
export interface AlertInstance {
  /** Stable id: hash of rule name + labels. */
  id: string
  rule: string
  severity: Severity
  state: AlertState
  /** Rule labels + series labels + alertname + severity. */
  labels: Labels
  /** Templated annotations (summary, description, runbook…). */
  annotations: Record<string, string>
  /** Latest evaluated value (null for absence rules). */
  value: number | null
  /** When the condition first became true in this episode (epoch ms). */
  activeAt: number | null
  /** When it started firing (epoch ms). */
  firedAt: number | null
  resolvedAt: number | null
  /** Last evaluation time. */
  lastEvalAt: number
  /** While keep_firing_for holds it after the condition cleared. */
  keepFiringSince: number | null
}

export interface Acknowledgement {
  by: string
  at: number
  comment: string | null
  /** After this time the acknowledgement lapses and notifications resume (PagerDuty-style); null = until resolved. */
  expiresAt: number | null
}

export interface SilenceMatcher {
  name: string
  value: string
  /** "=" equal, "!=" not equal, "=~" regex, "!~" not regex (Alertmanager's operators). */
  op: '=' | '!=' | '=~' | '!~'
}

export interface Silence {
  id: string
  matchers: SilenceMatcher[]
  startsAt: number
  endsAt: number
  createdBy: string
  comment: string
  createdAt: number
}

// ---- alert history, quality and the alerts view (engine → API → UI) ----

/**
 * What an alert history entry records:
 * - the evaluator's state changes: `pending`, `inactive` (pending lapsed), `fired`, `resolved`;
 * - routing: `notified`, `escalated`, `acknowledged`, `ack-expired`, `silenced`/`unsilenced`,
 *   `inhibited`/`uninhibited`, `muted`/`unmuted`, `unrouted`, `rerouted`, `closed`;
 * - delivery, per receiver: `delivered`, `retrying` (an attempt failed, another follows), `failed` (for good);
 * - the operator's quality marks: `noise`, `not-noise`.
 */
export const ALERT_HISTORY_KINDS = [
  'pending',
  'inactive',
  'fired',
  'resolved',
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
  'closed',
  'delivered',
  'retrying',
  'failed',
  'noise',
  'not-noise'
] as const
export type AlertHistoryKind = (typeof ALERT_HISTORY_KINDS)[number]

/** One line of the alert history (newest first in answers). */
export interface AlertHistoryEntry {
  /** Increases with every entry recorded. */
  seq: number
  at: number
  kind: AlertHistoryKind
  /** The alert concerned; null for group-level entries (acknowledged, escalated, closed…). */
  alertId: string | null
  rule: string | null
  severity: Severity | null
  groupKey: string | null
  /** Receivers concerned (notified, escalated, delivered…). */
  receivers: string[]
  /** Escalation level, for notifications and deliveries. */
  level: number | null
  /** Who acknowledged, silenced or marked noise. */
  by: string | null
  /** The alert's value at the time (fired, resolved). */
  value: number | null
  /** The alert's labels, or the group's labels for group-level entries. */
  labels: Labels
  detail: string
}

export type AlertHistoryInput = Omit<AlertHistoryEntry, 'seq'>

/** An operator's verdict on one firing episode of an alert (episode = when it started firing). */
export interface AlertNoiseMark {
  alertId: string
  /** The episode's firedAt (epoch ms). */
  episode: number
  rule: string
  severity: Severity
  noise: boolean
  by: string
  at: number
}

/** Routing status of an active alert in the alerts view. */
export type ActiveAlertStatus = 'pending' | 'firing' | 'acknowledged' | 'silenced' | 'inhibited' | 'muted'

export interface ActiveAlert {
  id: string
  rule: string
  severity: Severity
  status: ActiveAlertStatus
  value: number | null
  labels: Labels
  annotations: Record<string, string>
  /** Since when it is in its current evaluator state: activeAt when pending, firedAt when firing. */
  since: number
  activeAt: number | null
  firedAt: number | null
  ack: Acknowledgement | null
  /** Group keys it belongs to (empty while pending). */
  groups: string[]
  /** Highest escalation level reached among its groups (0 = first); null before any notification. */
  escalationLevel: number | null
  silencedBy: string | null
  inhibitedBy: string | null
  mutedBy: string | null
  /** The operator's noise mark for this episode, or null when unmarked. */
  noise: boolean | null
}

export interface AlertGroupSummary {
  key: string
  route: string
  labels: Labels
  firingSince: number
  alertIds: string[]
  /** Highest escalation level reached (-1 = none yet). */
  levelReached: number
  /** Levels the route defines. */
  levels: number
  ack: Acknowledgement | null
  mutedBy: string | null
  receivers: { receiver: string; level: number; lastSentAt: number }[]
}

export interface AlertRuleHealth {
  rule: string
  kind: string
  severity: Severity
  /** unknown: not evaluated yet. */
  state: 'ok' | 'error' | 'disabled' | 'unknown'
  error: string | null
  evaluatedAt: number | null
  firing: number
  pending: number
}

/** listAlerts: the active alerts with their routing status, the groups and every rule's health. */
export interface AlertsView {
  now: number
  /** False when alerting does not run (read-only engine). */
  enabled: boolean
  evaluationIntervalMs: number
  alerts: ActiveAlert[]
  groups: AlertGroupSummary[]
  rules: AlertRuleHealth[]
  /** Silences in effect now. */
  activeSilences: number
}

export interface SilenceView extends Silence {
  /** startsAt <= now < endsAt. */
  active: boolean
}

/** One notification to one receiver, as the notification log shows it. */
export interface NotificationLogItem {
  id: string
  notificationKey: string
  receiver: string
  receiverKind: string | null
  groupKey: string
  kind: 'firing' | 'resolved' | 'escalated' | 'reminder' | 'acknowledged'
  level: number
  summary: string
  state: 'pending' | 'sending' | 'delivered' | 'failed'
  attempts: number
  lastError: string | null
  createdAt: number
  updatedAt: number
  nextAttemptAt: number | null
  deliveredAt: number | null
}

/** Alert quality of one rule over a period. */
export interface AlertRuleQuality {
  rule: string
  severity: Severity | null
  /** Firing episodes that started in the period. */
  firings: number
  /** Of those, marked noise by an operator. */
  noise: number
  /** noise / firings in %, null without firings. */
  falsePositiveRatePct: number | null
  /** The goal for this severity in % (critical: 2), null when none is set. */
  goalPct: number | null
  /** null without firings or without a goal. */
  meetsGoal: boolean | null
}

export interface AlertQuality {
  from: number
  to: number
  rules: AlertRuleQuality[]
  /** All critical rules together. */
  critical: { firings: number; noise: number; falsePositiveRatePct: number | null; goalPct: number; meetsGoal: boolean | null }
}

/** Pushed whenever the alerts view, the history, the silences or the notification log changed. */
export interface AlertsEvent {
  at: number
  /** What changed. */
  reason: 'evaluation' | 'routing' | 'acknowledged' | 'silence' | 'delivery' | 'noise' | 'config'
  firing: number
  pending: number
  /** Firing critical alerts that are not acknowledged, silenced, inhibited or muted (the wallboard banner). */
  criticalUnacknowledged: number
}

/** acknowledgeAlert's answer: the groups acknowledged and the acknowledgement. */
export interface AlertAckResult {
  groups: string[]
  ack: Acknowledgement
}
