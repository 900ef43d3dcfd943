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
