// The PagerDuty Events API v2 event for a notification. The dedup_key is the intent's dedupKey,
// which is stable per alert group, receiver and episode: the trigger, any repeated trigger
// (reminder, escalation, a retry after a restart), the acknowledge and the resolve all name the
// same PagerDuty alert, and PagerDuty folds repeats into it.
import type { Severity } from '@shared/types'
import { alertStatus, alertSummary, clip, commonLabels, countByStatus, groupSeverity, groupStatus, rfc3339, startedAt, subject } from '../group-text'
import type { DeliveryIntent } from '../intent'
import { alertLink } from '../receiver'

export type PagerDutyAction = 'trigger' | 'acknowledge' | 'resolve'
export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info'

export interface PagerDutyEvent {
  routing_key: string
  event_action: PagerDutyAction
  dedup_key: string
  payload?: {
    summary: string
    source: string
    severity: PagerDutySeverity
    timestamp: string
    custom_details: Record<string, unknown>
  }
  client?: string
  client_url?: string
}

/** Vigil severity → PagerDuty severity. */
export const PAGERDUTY_SEVERITY: Record<Severity, PagerDutySeverity> = { critical: 'critical', warning: 'warning', info: 'info' }

const SUMMARY_MAX = 1024
const DEDUP_KEY_MAX = 255
/** Alerts listed in custom_details; the rest are counted. */
const MAX_DETAIL_ALERTS = 50

/** resolve when every alert resolved, acknowledge for an acknowledgement, otherwise trigger. */
export function pagerDutyAction(n: DeliveryIntent): PagerDutyAction {
  if (groupStatus(n.alerts) === 'resolved') return 'resolve'
  if (n.kind === 'acknowledged') return 'acknowledge'
  return 'trigger'
}

/** The event to send; acknowledge and resolve carry no payload (PagerDuty ignores it for them). */
export function pagerDutyEvent(n: DeliveryIntent, routingKey: string, externalUrl: string, sourceName: string): PagerDutyEvent {
  const action = pagerDutyAction(n)
  const event: PagerDutyEvent = { routing_key: routingKey, event_action: action, dedup_key: clip(n.dedupKey, DEDUP_KEY_MAX) }
  if (externalUrl !== '') {
    event.client = 'Vigil'
    event.client_url = externalUrl
  }
  if (action !== 'trigger') return event
  const common = commonLabels(n.alerts)
  const { firing, resolved } = countByStatus(n.alerts)
  const starts = n.alerts.map(startedAt).filter((t): t is number => t !== null)
  event.payload = {
    summary: clip(subject(n), SUMMARY_MAX),
    source: common.instance || common.service || sourceName,
    severity: PAGERDUTY_SEVERITY[groupSeverity(n.alerts)],
    timestamp: rfc3339(starts.length > 0 ? Math.min(...starts) : n.at),
    custom_details: {
      firing: n.alerts.filter((a) => alertStatus(a) === 'firing').map(alertSummary).slice(0, MAX_DETAIL_ALERTS).join('\n'),
      num_firing: firing,
      num_resolved: resolved,
      notification: n.kind,
      escalation_level: n.level,
      reason: n.reason,
      group_key: n.groupKey,
      group_labels: n.groupLabels,
      common_labels: common,
      alerts: n.alerts.slice(0, MAX_DETAIL_ALERTS).map((a) => ({
        status: alertStatus(a),
        summary: alertSummary(a),
        labels: a.labels,
        value: a.value,
        started_at: rfc3339(startedAt(a)),
        link: alertLink(externalUrl, a.id) || undefined
      }))
    }
  }
  return event
}
