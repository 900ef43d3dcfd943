// One active alert: severity and status (word + shape + colour), summary, labels, value, since,
// escalation level and acknowledgement; acknowledge, silence and "mark as noise" actions.
import { useEffect, useRef, useState } from 'react'
import type { ActiveAlert, AlertGroupSummary } from '@shared/alerts'
import { formatSince } from '../../clock/format-time'
import { formatAgo } from '../../format/number-format'
import { escalationText, labelsText, severityDisplay, silenceMatchersFor, statusDisplay, valueText } from './alert-display'
import { AckForm } from './AckForm'
import { ActionError } from './ActionError'
import { Badge } from './Badge'
import { SilenceForm } from './SilenceForm'
import { useAlertActions } from './use-alerts'

export interface AlertRowProps {
  alert: ActiveAlert
  groups: readonly AlertGroupSummary[]
  now: number
  operator: string
  selected: boolean
  /** Open the acknowledge form now (a notification was clicked). */
  ackRequested?: boolean
  /** Called when that requested form closes. */
  onAckHandled?: () => void
  /** Actions shown (false on a read-only engine). */
  actions: boolean
}

export function AlertRow({ alert, groups, now, operator, selected, ackRequested = false, onAckHandled, actions }: AlertRowProps) {
  const [open, setOpen] = useState<'ack' | 'silence' | null>(null)
  const { markNoise } = useAlertActions()
  const ref = useRef<HTMLLIElement>(null)
  // Pending alerts are not routed yet, so there is no group to acknowledge.
  const canAck = alert.status !== 'pending'
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'center' })
  }, [selected])
  // A notice's request opens the form on a firing alert; on one already acknowledged (by this
  // form, whose row moved lists, or by someone else) the request is spent.
  const unacknowledged = alert.status === 'firing'
  useEffect(() => {
    if (!ackRequested) return
    if (actions && unacknowledged) setOpen('ack')
    else onAckHandled?.()
  }, [ackRequested, actions, unacknowledged, onAckHandled])
  const closeAck = () => {
    setOpen(null)
    if (ackRequested) onAckHandled?.()
  }
  const summary = alert.annotations.summary?.trim() || alert.rule
  const labels = labelsText(alert.labels)
  return (
    <li
      ref={ref}
      className={`alert-row severity-${alert.severity}${selected ? ' is-selected' : ''}`}
      data-testid="alert"
      data-alert-id={alert.id}
      data-status={alert.status}
      data-severity={alert.severity}
      data-selected={selected ? 'true' : 'false'}
    >
      <div className="alert-main">
        <Badge display={severityDisplay(alert.severity)} testId="alert-severity" value={alert.severity} />
        <Badge display={statusDisplay(alert.status)} testId="alert-status" value={alert.status} />
        <span className="alert-summary" data-testid="alert-summary">
          {summary}
        </span>
      </div>
      <div className="alert-meta">
        <span>
          rule <strong>{alert.rule}</strong>
        </span>
        {labels && <span className="alert-labels">{labels}</span>}
        <span>
          value <strong data-testid="alert-value">{valueText(alert.value)}</strong>
        </span>
        <span title={new Date(alert.since).toISOString()}>
          {alert.status === 'pending' ? 'pending since' : 'firing since'} {formatSince(alert.since, now)} ({formatAgo(alert.since, now)})
        </span>
        <span data-testid="alert-escalation">{escalationText(alert, groups)}</span>
        {alert.noise === true && <span className="tone-warn">≈ marked noise</span>}
      </div>
      {alert.ack && (
        <p className="alert-ack" data-testid="alert-ack">
          <span aria-hidden="true">✓ </span>Acknowledged by <strong>{alert.ack.by}</strong> at {formatSince(alert.ack.at, now)}
          {alert.ack.comment ? `: ${alert.ack.comment}` : ''}
          {alert.ack.expiresAt !== null ? ` (until ${formatSince(alert.ack.expiresAt, now)})` : ''}
        </p>
      )}
      {alert.inhibitedBy && <p className="alert-note">Inhibited by firing alert {alert.inhibitedBy}</p>}
      {alert.mutedBy && <p className="alert-note">Muted by the window “{alert.mutedBy}”</p>}
      {actions && (
        <div className="alert-actions">
          {canAck && (
            <button type="button" onClick={() => (open === 'ack' ? closeAck() : setOpen('ack'))} aria-expanded={open === 'ack'} data-testid="ack-button">
              {alert.status === 'acknowledged' ? 'Acknowledge again' : 'Acknowledge'}
            </button>
          )}
          <button type="button" onClick={() => setOpen(open === 'silence' ? null : 'silence')} aria-expanded={open === 'silence'} data-testid="silence-button">
            Silence…
          </button>
          {alert.firedAt !== null && (
            <button
              type="button"
              disabled={markNoise.isPending || operator === ''}
              onClick={() => markNoise.mutate({ id: alert.id, noise: alert.noise !== true, by: operator, episode: alert.firedAt ?? undefined })}
              title={operator === '' ? 'Enter your name above first' : 'A false positive: counts against this rule’s alert quality'}
              data-testid="noise-button"
              aria-pressed={alert.noise === true}
            >
              {alert.noise === true ? 'Not noise' : 'Mark as noise'}
            </button>
          )}
          <ActionError error={markNoise.error} />
        </div>
      )}
      {open === 'ack' && <AckForm alertId={alert.id} by={operator} onDone={closeAck} autoFocus={ackRequested} />}
      {open === 'silence' && <SilenceForm matchers={silenceMatchersFor(alert)} by={operator} onDone={() => setOpen(null)} />}
    </li>
  )
}
