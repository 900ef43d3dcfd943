// The notification log: every notification to every receiver with its delivery state, attempts
// and last error (newest first).
import type { NotificationLogItem } from '@shared/alerts'
import { formatDateTime } from '../../clock/format-time'
import { ErrorNote, Loading } from '../../views/panel-states'
import { deliveryDisplay } from './alert-display'
import { Badge } from './Badge'
import { useNotificationLog } from './use-alerts'

export function NotificationLog() {
  const log = useNotificationLog()
  let body
  if (log.data) {
    body =
      log.data.length === 0 ? (
        <p className="panel-note">No notifications sent yet</p>
      ) : (
        <table className="alerts-table">
          <thead>
            <tr>
              <th scope="col">Recorded</th>
              <th scope="col">Receiver</th>
              <th scope="col">Kind</th>
              <th scope="col">Level</th>
              <th scope="col">Notification</th>
              <th scope="col">Delivery</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {log.data.map((n) => (
              <Row key={n.id} n={n} />
            ))}
          </tbody>
        </table>
      )
  } else if (log.error) body = <ErrorNote error={log.error} />
  else body = <Loading />
  return (
    <section className="alerts-section" data-testid="notification-log" aria-label="Notification log">
      <h3>Notification log</h3>
      {body}
    </section>
  )
}

function Row({ n }: { n: NotificationLogItem }) {
  return (
    <tr data-testid="notification-row" data-receiver={n.receiver} data-kind={n.kind} data-state={n.state} data-level={n.level}>
      <td>{formatDateTime(n.createdAt)}</td>
      <td>
        {n.receiver}
        {n.receiverKind && <span className="muted"> ({n.receiverKind})</span>}
      </td>
      <td>{n.kind}</td>
      <td>{n.level + 1}</td>
      <td>{n.summary}</td>
      <td>
        <Badge display={deliveryDisplay(n.state)} />
        {n.deliveredAt !== null && <span className="muted"> {formatDateTime(n.deliveredAt)}</span>}
        {n.nextAttemptAt !== null && n.state === 'pending' && <span className="muted"> next {formatDateTime(n.nextAttemptAt)}</span>}
      </td>
      <td>{n.attempts}</td>
      <td className="log-error">{n.lastError ?? ''}</td>
    </tr>
  )
}
