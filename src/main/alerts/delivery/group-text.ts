// Facts and text about an alert group that every receiver shows: status and counts, the group's
// severity, common labels and annotations, a one-line summary per alert and an
// Alertmanager-style subject ("[FIRING:2] HighLatency (checkout critical)").
import type { AlertInstance } from '@shared/alerts'
import type { Labels, Severity } from '@shared/types'
import type { DeliveryIntent } from './intent'

export type GroupStatus = 'firing' | 'resolved'

/** Alertmanager's "not resolved" end time. */
export const ZERO_TIME = '0001-01-01T00:00:00Z'

const SEVERITY_RANK: Record<Severity, number> = { critical: 3, warning: 2, info: 1 }

/** An alert is reported as resolved only once it resolved; pending and firing count as firing. */
export function alertStatus(a: AlertInstance): GroupStatus {
  return a.state === 'resolved' || a.state === 'inactive' ? 'resolved' : 'firing'
}

/** firing while any alert fires; resolved when all resolved. */
export function groupStatus(alerts: readonly AlertInstance[]): GroupStatus {
  return alerts.some((a) => alertStatus(a) === 'firing') ? 'firing' : 'resolved'
}

export function countByStatus(alerts: readonly AlertInstance[]): { firing: number; resolved: number } {
  const firing = alerts.filter((a) => alertStatus(a) === 'firing').length
  return { firing, resolved: alerts.length - firing }
}

/** The highest severity among firing alerts (among all when none fires). */
export function groupSeverity(alerts: readonly AlertInstance[]): Severity {
  const firing = alerts.filter((a) => alertStatus(a) === 'firing')
  const pool = firing.length > 0 ? firing : alerts
  return pool.reduce<Severity>((best, a) => (SEVERITY_RANK[a.severity] > SEVERITY_RANK[best] ? a.severity : best), 'info')
}

/** Labels every alert has with the same value. */
export function commonLabels(alerts: readonly AlertInstance[]): Labels {
  return common(alerts.map((a) => a.labels))
}

/** Annotations every alert has with the same value. */
export function commonAnnotations(alerts: readonly AlertInstance[]): Record<string, string> {
  return common(alerts.map((a) => a.annotations))
}

/** One line about an alert: its summary annotation, else its description, else rule + labels. */
export function alertSummary(a: AlertInstance): string {
  const text = a.annotations.summary?.trim() || a.annotations.description?.trim()
  if (text) return text
  const labels = labelText(a.labels, ['alertname', 'severity'])
  return labels ? `${a.rule} (${labels})` : a.rule
}

/** "name=value, name=value", sorted, leaving out `skip`. */
export function labelText(labels: Labels, skip: readonly string[] = []): string {
  return sortedNames(labels)
    .filter((name) => !skip.includes(name))
    .map((name) => `${name}=${labels[name]}`)
    .join(', ')
}

/** Label names sorted, alertname first (as Alertmanager shows them). */
export function sortedNames(labels: Labels): string[] {
  return Object.keys(labels).sort((a, b) => (a === 'alertname' ? -1 : b === 'alertname' ? 1 : a < b ? -1 : a > b ? 1 : 0))
}

/** Alertmanager's default subject, plus what this notification is when it is not plain news. */
export function subject(n: DeliveryIntent): string {
  const status = groupStatus(n.alerts)
  const { firing } = countByStatus(n.alerts)
  const head = status === 'firing' ? `[FIRING:${firing}]` : '[RESOLVED]'
  const group = sortedNames(n.groupLabels).map((k) => n.groupLabels[k]).filter((v) => v !== '')
  const names = group.length > 0 ? group : [...new Set(n.alerts.map((a) => a.rule))]
  const common = commonLabels(n.alerts)
  const rest = sortedNames(common)
    .filter((k) => !(k in n.groupLabels) && !(group.length === 0 && k === 'alertname'))
    .map((k) => common[k])
    .filter((v) => v !== '')
  const text = `${head} ${names.join(' ')}${rest.length > 0 ? ` (${rest.join(' ')})` : ''}`
  return `${text}${kindSuffix(n)}`
}

/** " - escalated to level 2", " - still firing", " - acknowledged by ana"; empty for plain firing/resolved news. */
export function kindSuffix(n: DeliveryIntent): string {
  switch (n.kind) {
    case 'escalated':
      return ` - escalated to level ${n.level}`
    case 'reminder':
      return ' - still firing'
    case 'acknowledged':
      return n.ack ? ` - acknowledged by ${n.ack.by}` : ' - acknowledged'
    default:
      return ''
  }
}

/** When the alert started (firing time, else when its condition became true), epoch ms or null. */
export function startedAt(a: AlertInstance): number | null {
  return a.firedAt ?? a.activeAt ?? null
}

/** RFC 3339 (UTC, milliseconds) or Alertmanager's zero time for null. */
export function rfc3339(ms: number | null): string {
  return ms === null ? ZERO_TIME : new Date(ms).toISOString()
}

/** `text` cut to at most `max` characters (ending with "…" when cut). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`
}

function common(sets: readonly Record<string, string>[]): Record<string, string> {
  if (sets.length === 0) return {}
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(sets[0])) {
    if (sets.every((s) => s[name] === value)) out[name] = value
  }
  return out
}
