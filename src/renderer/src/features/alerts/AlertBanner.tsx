// The wallboard banner: firing critical alerts nobody has acknowledged yet, impossible to miss,
// each with an Acknowledge button (as the remembered operator name, else "wallboard").
import type { ActiveAlert } from '@shared/alerts'
import { useClock } from '../../clock/clock'
import { formatSince } from '../../clock/format-time'
import { ActionError } from './ActionError'
import { bannerAlerts, valueText } from './alert-display'
import { DEFAULT_OPERATOR, readOperator } from './operator-name'
import { useAlertActions, useAlerts } from './use-alerts'
import './alerts.css'

/** Most alerts listed; the rest are counted. */
const MAX_SHOWN = 3

export function AlertBanner({ onOpen }: { onOpen?: (alertId: string) => void }) {
  const alerts = useAlerts()
  const now = useClock()
  const { acknowledge } = useAlertActions()
  const critical = bannerAlerts(alerts.data?.alerts ?? [])
  if (critical.length === 0) return null
  const ack = (a: ActiveAlert) => acknowledge.mutate({ id: a.id, by: readOperator() || DEFAULT_OPERATOR, comment: 'acknowledged from the wallboard' })
  return (
    <div className="banner banner-alert" role="alert" data-testid="alert-banner" data-count={critical.length}>
      <ul>
        {critical.slice(0, MAX_SHOWN).map((a) => (
          <li key={a.id} data-testid="banner-alert" data-alert-id={a.id}>
            <span className="banner-alert-severity">
              <span aria-hidden="true">▲ </span>CRITICAL
            </span>{' '}
            <strong>{a.annotations.summary?.trim() || a.rule}</strong>
            <span className="banner-alert-meta">
              {' '}
              · value {valueText(a.value)} · firing since {formatSince(a.since, now)}
            </span>
            <button type="button" className="banner-ack" onClick={() => ack(a)} disabled={acknowledge.isPending} data-testid="banner-ack">
              Acknowledge
            </button>
            {onOpen && (
              <button type="button" onClick={() => onOpen(a.id)} data-testid="banner-open">
                Details
              </button>
            )}
          </li>
        ))}
      </ul>
      {critical.length > MAX_SHOWN && <p>…and {critical.length - MAX_SHOWN} more critical alerts firing</p>}
      <ActionError error={acknowledge.error} />
    </div>
  )
}
