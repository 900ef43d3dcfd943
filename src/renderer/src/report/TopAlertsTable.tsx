// The top alerts of the report's period: fired in the period, critical first (top-alerts.ts).
import type { ActiveAlert, AlertHistoryEntry } from '@shared/alerts'
import { formatDateTime } from '../clock/format-time'
import { severityDisplay, valueText } from '../features/alerts/alert-display'
import { alertLabelText, topAlerts } from './top-alerts'

export interface TopAlertsTableProps {
  history: readonly AlertHistoryEntry[]
  active: readonly ActiveAlert[]
  from: number
  to: number
  limit: number
}

export function TopAlertsTable({ history, active, from, to, limit }: TopAlertsTableProps) {
  const { alerts, total } = topAlerts(history, active, from, to, limit)
  if (alerts.length === 0) {
    return (
      <p className="panel-note" data-testid="report-alerts" data-count={0}>
        ✓ No alert fired in this period.
      </p>
    )
  }
  return (
    <table className="report-table" data-testid="report-alerts" data-count={total}>
      <thead>
        <tr>
          <th>Severity</th>
          <th>Alert</th>
          <th>Fired</th>
          <th>Last fired</th>
          <th>Value</th>
          <th>Now</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => {
          const sev = severityDisplay(a.severity)
          const labels = alertLabelText(a.labels)
          return (
            <tr key={a.alertId} data-testid="report-alert" data-alert-id={a.alertId} data-severity={a.severity}>
              <td className={`tone-${sev.tone}`}>
                <span aria-hidden="true">{sev.shape}</span> {sev.word}
              </td>
              <td>
                <b>{a.rule}</b>
                {labels && <span className="muted"> {labels}</span>}
                {a.summary && <div className="report-alert-summary">{a.summary}</div>}
              </td>
              <td>{a.firings}×</td>
              <td>{formatDateTime(a.lastFiredAt)}</td>
              <td>{valueText(a.value)}</td>
              <td>{a.statusNow}</td>
            </tr>
          )
        })}
      </tbody>
      {total > alerts.length && (
        <tfoot>
          <tr>
            <td colSpan={6}>+ {total - alerts.length} more alerts fired in this period</td>
          </tr>
        </tfoot>
      )}
    </table>
  )
}
