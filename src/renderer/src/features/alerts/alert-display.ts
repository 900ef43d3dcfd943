// How alerts are shown: severity and status as a word and a shape as well as a colour (the tone),
// the lists of the alerts page, escalation text, prefilled silence matchers. Pure.
import type { ActiveAlert, ActiveAlertStatus, AlertGroupSummary, AlertHistoryKind, NotificationLogItem, SilenceMatcher } from '@shared/alerts'
import type { Labels, Severity } from '@shared/types'
import { formatSignificant } from '../../format/number-format'
import type { Tone } from '../kpis/kpi-display'

export interface Display {
  word: string
  shape: string
  tone: Tone
}

export const SEVERITY_DISPLAY: Record<Severity, Display> = {
  critical: { word: 'Critical', shape: '▲', tone: 'bad' },
  warning: { word: 'Warning', shape: '◆', tone: 'warn' },
  info: { word: 'Info', shape: '●', tone: 'neutral' }
}

export const STATUS_DISPLAY: Record<ActiveAlertStatus, Display> = {
  firing: { word: 'Firing', shape: '●', tone: 'bad' },
  pending: { word: 'Pending', shape: '◌', tone: 'warn' },
  acknowledged: { word: 'Acknowledged', shape: '✓', tone: 'ok' },
  silenced: { word: 'Silenced', shape: '⊘', tone: 'muted' },
  inhibited: { word: 'Inhibited', shape: '⇣', tone: 'muted' },
  muted: { word: 'Muted', shape: '◐', tone: 'muted' }
}

const UNKNOWN: Display = { word: 'Unknown', shape: '?', tone: 'muted' }

/** The display of a severity, tolerating one this build does not know. */
export function severityDisplay(severity: string): Display {
  return SEVERITY_DISPLAY[severity as Severity] ?? { ...UNKNOWN, word: severity }
}

/** The display of an alert's status. */
export function statusDisplay(status: string): Display {
  return STATUS_DISPLAY[status as ActiveAlertStatus] ?? { ...UNKNOWN, word: status }
}

/** The lists of the alerts page, in order; every status belongs to exactly one. */
export const ALERT_LISTS = [
  { id: 'firing', title: 'Firing', statuses: ['firing'] },
  { id: 'pending', title: 'Pending', statuses: ['pending'] },
  { id: 'acknowledged', title: 'Acknowledged', statuses: ['acknowledged'] },
  { id: 'silenced', title: 'Silenced, inhibited or muted', statuses: ['silenced', 'inhibited', 'muted'] }
] as const satisfies readonly { id: string; title: string; statuses: readonly ActiveAlertStatus[] }[]

export type AlertListId = (typeof ALERT_LISTS)[number]['id']

/** The alerts of each list, keeping the engine's order (firing first, then severity, newest first). */
export function alertsByList(alerts: readonly ActiveAlert[]): Record<AlertListId, ActiveAlert[]> {
  const out = { firing: [], pending: [], acknowledged: [], silenced: [] } as Record<AlertListId, ActiveAlert[]>
  for (const a of alerts) {
    const list = ALERT_LISTS.find((l) => (l.statuses as readonly string[]).includes(a.status))
    out[list?.id ?? 'firing'].push(a)
  }
  return out
}

/** "Level 2 of 3", "Not notified yet", or "No route" for an alert no route sends. */
export function escalationText(alert: Pick<ActiveAlert, 'escalationLevel' | 'groups' | 'status'>, groups: readonly AlertGroupSummary[]): string {
  if (alert.status === 'pending') return 'Not routed while pending'
  const mine = groups.filter((g) => alert.groups.includes(g.key))
  const levels = Math.max(0, ...mine.map((g) => g.levels))
  if (mine.length > 0 && levels === 0) return 'No receivers'
  if (alert.escalationLevel === null) return 'Not notified yet'
  return levels > 0 ? `Level ${alert.escalationLevel + 1} of ${levels}` : `Level ${alert.escalationLevel + 1}`
}

/** A value as shown in lists: at most 6 significant digits, "—" for none. */
export function valueText(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : formatSignificant(value)
}

/** "service=checkout, team=platform" without the labels every alert has (alertname, severity). */
export function labelsText(labels: Labels, omit: readonly string[] = ['alertname', 'severity']): string {
  return Object.keys(labels)
    .filter((k) => !omit.includes(k))
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(', ')
}

/** Matchers for a silence of exactly this alert: every label but severity, as equality matchers. */
export function silenceMatchersFor(alert: Pick<ActiveAlert, 'labels' | 'rule'>): SilenceMatcher[] {
  const names = Object.keys(alert.labels).filter((k) => k !== 'severity')
  if (!names.includes('alertname')) names.push('alertname')
  return names.sort().map((name) => ({ name, op: '=', value: name === 'alertname' ? (alert.labels.alertname ?? alert.rule) : alert.labels[name] }))
}

/** Matchers written one per line as `name=value`, `name!=value`, `name=~regex`, `name!~regex`. */
export function formatMatchers(matchers: readonly SilenceMatcher[]): string {
  return matchers.map((m) => `${m.name}${m.op}${m.value}`).join('\n')
}

/** Parses formatMatchers' text; throws an Error naming the line that is not a matcher. */
export function parseMatchers(text: string): SilenceMatcher[] {
  const out: SilenceMatcher[] = []
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim()
    if (line === '') return
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(.*)$/.exec(line)
    if (!m) throw new Error(`line ${i + 1}: "${line}" is not a matcher such as alertname=HighLatency`)
    out.push({ name: m[1], op: m[2] as SilenceMatcher['op'], value: m[3].trim().replace(/^"(.*)"$/, '$1') })
  })
  if (out.length === 0) throw new Error('give at least one matcher, such as alertname=HighLatency')
  return out
}

const HISTORY_DISPLAY: Partial<Record<AlertHistoryKind, Display>> = {
  pending: { word: 'Pending', shape: '◌', tone: 'warn' },
  inactive: { word: 'Cleared', shape: '○', tone: 'muted' },
  fired: { word: 'Fired', shape: '●', tone: 'bad' },
  resolved: { word: 'Resolved', shape: '✓', tone: 'ok' },
  notified: { word: 'Notified', shape: '✉', tone: 'neutral' },
  escalated: { word: 'Escalated', shape: '⇡', tone: 'bad' },
  acknowledged: { word: 'Acknowledged', shape: '✓', tone: 'ok' },
  'ack-expired': { word: 'Ack expired', shape: '⌛', tone: 'warn' },
  silenced: { word: 'Silenced', shape: '⊘', tone: 'muted' },
  unsilenced: { word: 'Unsilenced', shape: '○', tone: 'neutral' },
  inhibited: { word: 'Inhibited', shape: '⇣', tone: 'muted' },
  uninhibited: { word: 'Uninhibited', shape: '○', tone: 'neutral' },
  muted: { word: 'Muted', shape: '◐', tone: 'muted' },
  unmuted: { word: 'Unmuted', shape: '○', tone: 'neutral' },
  delivered: { word: 'Delivered', shape: '✓', tone: 'ok' },
  retrying: { word: 'Retrying', shape: '↻', tone: 'warn' },
  failed: { word: 'Delivery failed', shape: '✕', tone: 'bad' },
  noise: { word: 'Marked noise', shape: '≈', tone: 'warn' },
  'not-noise': { word: 'Marked real', shape: '!', tone: 'neutral' },
  closed: { word: 'Closed', shape: '■', tone: 'muted' },
  unrouted: { word: 'Unrouted', shape: '∅', tone: 'warn' },
  rerouted: { word: 'Rerouted', shape: '↪', tone: 'neutral' }
}

/** The display of a history entry's kind. */
export function historyDisplay(kind: string): Display {
  return HISTORY_DISPLAY[kind as AlertHistoryKind] ?? { ...UNKNOWN, word: kind }
}

const DELIVERY_DISPLAY: Record<NotificationLogItem['state'], Display> = {
  pending: { word: 'Pending', shape: '◌', tone: 'warn' },
  sending: { word: 'Sending', shape: '↻', tone: 'neutral' },
  delivered: { word: 'Delivered', shape: '✓', tone: 'ok' },
  failed: { word: 'Failed', shape: '✕', tone: 'bad' }
}

/** The display of a notification's delivery state. */
export function deliveryDisplay(state: string): Display {
  return DELIVERY_DISPLAY[state as NotificationLogItem['state']] ?? { ...UNKNOWN, word: state }
}

/** "1.5 %" (one decimal below 10 %), "—" without firings. */
export function rateText(pct: number | null): string {
  if (pct === null || !Number.isFinite(pct)) return '—'
  return `${pct < 10 ? pct.toFixed(1) : Math.round(pct)} %`
}

/** Firing critical alerts nobody has acknowledged (or silenced): what the wallboard banner shows. */
export function bannerAlerts(alerts: readonly ActiveAlert[]): ActiveAlert[] {
  return alerts.filter((a) => a.severity === 'critical' && a.status === 'firing')
}
