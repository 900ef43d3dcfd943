// The alert history of the last 24 hours as a timeline, newest first: firings, notifications,
// escalations, acknowledgements, silences, deliveries per receiver and noise marks.
import type { AlertHistoryEntry } from '@shared/alerts'
import { formatDateTime } from '../../clock/format-time'
import { ErrorNote, Loading } from '../../views/panel-states'
import { historyDisplay, labelsText, valueText } from './alert-display'
import { Badge } from './Badge'
import { useAlertHistory } from './use-alerts'

const DAY_MS = 86_400_000
const MINUTE_MS = 60_000

export function AlertTimeline({ now }: { now: number }) {
  // Minute-aligned, so the query key (and a refetch) changes once a minute, not at every clock tick.
  const to = Math.ceil((now + 1) / MINUTE_MS) * MINUTE_MS
  const history = useAlertHistory(to - DAY_MS, to)
  let body
  if (history.data) {
    body =
      history.data.length === 0 ? (
        <p className="panel-note">Nothing in the last 24 hours</p>
      ) : (
        // Focusable so keyboard users can scroll the capped list.
        <ol className="timeline" tabIndex={0} aria-label="Alert history, newest first">
          {history.data.map((e) => (
            <TimelineEntry key={e.seq} entry={e} />
          ))}
        </ol>
      )
  } else if (history.error) body = <ErrorNote error={history.error} />
  else body = <Loading />
  return (
    <section className="alerts-section" data-testid="alert-timeline" aria-label="Alert history">
      <h3>History (last 24 hours)</h3>
      {body}
    </section>
  )
}

function TimelineEntry({ entry }: { entry: AlertHistoryEntry }) {
  const labels = labelsText(entry.labels)
  return (
    <li className="timeline-entry" data-testid="history-entry" data-kind={entry.kind} data-alert-id={entry.alertId ?? undefined}>
      <time dateTime={new Date(entry.at).toISOString()}>{formatDateTime(entry.at)}</time>
      <Badge display={historyDisplay(entry.kind)} />
      <span className="timeline-what">
        {entry.rule ?? entry.labels.alertname ?? entry.groupKey ?? ''}
        {labels && <span className="alert-labels"> {labels}</span>}
      </span>
      <span className="timeline-detail">
        {entry.detail}
        {entry.receivers.length > 0 && ` → ${entry.receivers.join(', ')}`}
        {entry.by && ` · by ${entry.by}`}
        {entry.value !== null && ` · value ${valueText(entry.value)}`}
      </span>
    </li>
  )
}
