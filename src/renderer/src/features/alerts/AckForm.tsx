// Acknowledge an alert: an optional comment and expiry; who it is comes from "Your name".
import { useId, useState, type FormEvent } from 'react'
import { ActionError } from './ActionError'
import { useAlertActions } from './use-alerts'

const EXPIRY_CHOICES = [
  { label: 'until resolved (or the route’s ack timeout)', ms: null },
  { label: '30 minutes', ms: 30 * 60_000 },
  { label: '1 hour', ms: 3_600_000 },
  { label: '4 hours', ms: 4 * 3_600_000 }
] as const

export function AckForm({ alertId, by, onDone, autoFocus = false }: { alertId: string; by: string; onDone(): void; autoFocus?: boolean }) {
  const { acknowledge } = useAlertActions()
  const [comment, setComment] = useState('')
  const [expiry, setExpiry] = useState(0)
  const commentId = useId()
  const expiryId = useId()
  const submit = (e: FormEvent) => {
    e.preventDefault()
    acknowledge.mutate({ id: alertId, by, comment: comment.trim() || null, expiresInMs: EXPIRY_CHOICES[expiry].ms }, { onSuccess: onDone })
  }
  return (
    <form className="alert-form" onSubmit={submit} data-testid="ack-form">
      <label htmlFor={commentId}>Comment</label>
      <input id={commentId} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} placeholder="what you are doing about it" data-testid="ack-comment" autoFocus={autoFocus} />
      <label htmlFor={expiryId}>Acknowledged</label>
      <select id={expiryId} value={expiry} onChange={(e) => setExpiry(Number(e.target.value))} data-testid="ack-expiry">
        {EXPIRY_CHOICES.map((c, i) => (
          <option key={c.label} value={i}>
            {c.label}
          </option>
        ))}
      </select>
      <button type="submit" disabled={acknowledge.isPending || by === ''} data-testid="ack-confirm">
        Acknowledge as {by || '…'}
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {by === '' && <p className="form-hint">Enter your name above first.</p>}
      <ActionError error={acknowledge.error} />
    </form>
  )
}
