// The wallboard banner: firing critical alerts nobody has acknowledged yet, impossible to miss,
// each with Acknowledge and "Silence 1 h" buttons (as the remembered operator name, else "wallboard").
import type { ActiveAlert } from '@shared/alerts'
import { useClock } from '../../clock/clock'
import { formatSince } from '../../clock/format-time'
import { ActionError } from './ActionError'
import { bannerAlerts, silenceMatchersFor, valueText } from './alert-display'
import { DEFAULT_OPERATOR, readOperator } from './operator-name'
import { useRole } from '../app-info/use-role'
import { useAlertActions, useAlerts } from './use-alerts'
import './alerts.css'

/** Most alerts listed; the rest are counted. */
const MAX_SHOWN = 3
/** How long the banner's silence lasts; longer ones are set on the alerts page. */
const SILENCE_MS = 3_600_000

export function AlertBanner({ onOpen }: { onOpen?: (alertId: string) => void }) {
  const alerts = useAlerts()
  const now = useClock()
  const { acknowledge, silence } = useAlertActions()
  // A viewer token (a wallboard) may look, not act: the server would refuse with 403.
  const { canOperate } = useRole()
  const critical = bannerAlerts(alerts.data?.alerts ?? [])
  if (critical.length === 0) return null
  const ack = (a: ActiveAlert) => acknowledge.mutate({ id: a.id, by: readOperator() || DEFAULT_OPERATOR, comment: 'acknowledged from the wallboard' })
  // Exactly this alert (its labels), for an hour: a known issue stops paging while it is fixed.
  const mute = (a: ActiveAlert) =>
    silence.mutate({ matchers: silenceMatchersFor(a), endsAt: Date.now() + SILENCE_MS, createdBy: readOperator() || DEFAULT_OPERATOR, comment: 'silenced for 1 hour from the wallboard' })
  const busy = acknowledge.isPending || silence.isPending
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
            {canOperate && (
              <>
                <button type="button" className="banner-ack" onClick={() => ack(a)} disabled={busy} data-testid="banner-ack">
                  Acknowledge
                </button>
                <button type="button" onClick={() => mute(a)} disabled={busy} data-testid="banner-silence">
                  Silence 1 h
                </button>
              </>
            )}
            {onOpen && (
              <button type="button" onClick={() => onOpen(a.id)} data-testid="banner-open">
                Details
              </button>
            )}
          </li>
        ))}
      </ul>
      {critical.length > MAX_SHOWN && <p>…and {critical.length - MAX_SHOWN} more critical alerts firing</p>}
      <ActionError error={acknowledge.error ?? silence.error} />
    </div>
  )
}
