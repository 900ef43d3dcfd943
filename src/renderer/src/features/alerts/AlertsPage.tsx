// The alerts page (#/alerts?alert=<id>, with &ack=1 the acknowledge form opens on it): firing, pending, acknowledged and silenced alerts with
// their actions, silences, rule health, the 24-hour history, the notification log and alert quality.
import { useState } from 'react'
import { useClock } from '../../clock/clock'
import { ErrorNote, Loading } from '../../views/panel-states'
import { AlertLists } from './AlertLists'
import { AlertQualityPanel } from './AlertQualityPanel'
import { AlertTimeline } from './AlertTimeline'
import { NotificationLog } from './NotificationLog'
import { OperatorName } from './OperatorName'
import { readOperator, writeOperator } from './operator-name'
import { RuleHealthPanel } from './RuleHealthPanel'
import { SilencesPanel } from './SilencesPanel'
import { useRole } from '../app-info/use-role'
import { useAlerts } from './use-alerts'
import './alerts.css'

export interface AlertsPageProps {
  /** The alert pointed at (a notification click or a banner's Details). */
  selected: string | null
  /** Open the acknowledge form on the selected alert. */
  ackRequested?: boolean
  /** The requested acknowledge form was opened and closed (drop the request from the URL). */
  onAckHandled?: () => void
}

export function AlertsPage({ selected, ackRequested = false, onAckHandled }: AlertsPageProps) {
  const alerts = useAlerts()
  const now = useClock(1000)
  const [operator, setOperator] = useState(readOperator)
  const changeOperator = (name: string) => {
    setOperator(name)
    writeOperator(name)
  }
  const view = alerts.data
  // A viewer token (a wallboard) may look, not act: the server would refuse with 403.
  const { canOperate } = useRole()
  const actions = (view?.enabled ?? false) && canOperate
  const firing = view?.alerts.filter((a) => a.status !== 'pending').length ?? 0
  const pending = view?.alerts.filter((a) => a.status === 'pending').length ?? 0
  return (
    <main className="alerts-page" data-testid="alerts-page" data-state={view ? 'ready' : alerts.error ? 'error' : 'loading'} aria-label="Alerts">
      <div className="alerts-head">
        <h2>Alerts</h2>
        {view && (
          <p className="alerts-summary" data-testid="alerts-summary">
            {firing} firing · {pending} pending · {view.activeSilences} active silence{view.activeSilences === 1 ? '' : 's'}
          </p>
        )}
        {actions && <OperatorName value={operator} onChange={changeOperator} />}
      </div>
      {view && !view.enabled && (
        <p className="banner banner-warn">Alerting does not run on this engine (read-only archive review): history, notifications and quality only.</p>
      )}
      {view ? (
        <>
          <AlertLists view={view} now={now} operator={operator.trim()} selected={selected} ackRequested={ackRequested} onAckHandled={onAckHandled} actions={actions} />
          <div className="alerts-columns">
            <SilencesPanel now={now} actions={actions} />
            <RuleHealthPanel rules={view.rules} now={now} intervalMs={view.evaluationIntervalMs} />
          </div>
        </>
      ) : alerts.error ? (
        <ErrorNote error={alerts.error} />
      ) : (
        <Loading />
      )}
      <AlertTimeline now={now} />
      <NotificationLog />
      <AlertQualityPanel now={now} />
    </main>
  )
}
