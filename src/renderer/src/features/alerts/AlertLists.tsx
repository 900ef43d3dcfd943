// The firing / pending / acknowledged / silenced lists of the alerts page.
import type { AlertsView } from '@shared/alerts'
import { ALERT_LISTS, alertsByList } from './alert-display'
import { AlertRow } from './AlertRow'

export interface AlertListsProps {
  view: AlertsView
  now: number
  operator: string
  selected: string | null
  ackRequested?: boolean
  onAckHandled?: () => void
  /** Acknowledge / silence / noise buttons (alerting runs, and this token may act). */
  actions: boolean
}

export function AlertLists({ view, now, operator, selected, ackRequested = false, onAckHandled, actions }: AlertListsProps) {
  const lists = alertsByList(view.alerts)
  return (
    <div className="alert-lists">
      {ALERT_LISTS.map((list) => (
        <section key={list.id} className={`alert-list list-${list.id}`} data-testid={`alert-list-${list.id}`} data-count={lists[list.id].length} aria-label={`${list.title} alerts`}>
          <h3>
            {list.title} <span className="alert-count">{lists[list.id].length}</span>
          </h3>
          {lists[list.id].length === 0 ? (
            <p className="panel-note">None</p>
          ) : (
            <ul>
              {lists[list.id].map((a) => (
                <AlertRow
                  key={a.id}
                  alert={a}
                  groups={view.groups}
                  now={now}
                  operator={operator} selected={selected === a.id}
                  ackRequested={ackRequested && selected === a.id}
                  onAckHandled={onAckHandled}
                  actions={actions}
                />
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  )
}
