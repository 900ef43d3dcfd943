// The report's "top alerts of the period": every alert that fired in the period, from the alert
// history, most severe first, then the one that fired most often, then the latest. Pure.
import type { ActiveAlert, AlertHistoryEntry } from '@shared/alerts'
import type { Labels, Severity } from '@shared/types'

export interface TopAlert {
  alertId: string
  rule: string
  severity: Severity
  labels: Labels
  /** How often it fired in the period. */
  firings: number
  firstFiredAt: number
  lastFiredAt: number
  /** Its value when it last fired (null for absence rules). */
  value: number | null
  /** The alert's summary annotation when it is still active, else the history's detail. */
  summary: string
  /** Its routing status now when still active ("firing", "acknowledged", …), else "resolved". */
  statusNow: string
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 }

/** The alerts that fired in [from, to), ranked critical first, at most `limit`. */
export function topAlerts(history: readonly AlertHistoryEntry[], active: readonly ActiveAlert[], from: number, to: number, limit: number): { alerts: TopAlert[]; total: number } {
  const byId = new Map<string, TopAlert>()
  const activeById = new Map(active.map((a) => [a.id, a]))
  for (const e of history) {
    if (e.kind !== 'fired' || e.alertId === null || e.at < from || e.at >= to) continue
    const seen = byId.get(e.alertId)
    if (seen) {
      seen.firings++
      seen.firstFiredAt = Math.min(seen.firstFiredAt, e.at)
      if (e.at >= seen.lastFiredAt) {
        seen.lastFiredAt = e.at
        seen.value = e.value
      }
      continue
    }
    const now = activeById.get(e.alertId)
    byId.set(e.alertId, {
      alertId: e.alertId,
      rule: e.rule ?? now?.rule ?? '(unknown rule)',
      severity: e.severity ?? now?.severity ?? 'info',
      labels: e.labels,
      firings: 1,
      firstFiredAt: e.at,
      lastFiredAt: e.at,
      value: e.value,
      summary: now?.annotations.summary ?? e.detail,
      statusNow: now?.status ?? 'resolved'
    })
  }
  const ranked = [...byId.values()].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.firings - a.firings || b.lastFiredAt - a.lastFiredAt || a.alertId.localeCompare(b.alertId)
  )
  return { alerts: ranked.slice(0, limit), total: ranked.length }
}

/** The labels worth printing: without alertname and severity (the row shows both already). */
export function alertLabelText(labels: Labels): string {
  return Object.entries(labels)
    .filter(([k]) => k !== 'alertname' && k !== 'severity')
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')
}
