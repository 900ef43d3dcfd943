// Silence alerts: matchers (prefilled from the alert, one per line), a duration and a comment.
import { useId, useState, type FormEvent } from 'react'
import type { SilenceMatcher } from '@shared/alerts'
import { formatMatchers, parseMatchers } from './alert-display'
import { ActionError } from './ActionError'
import { useAlertActions } from './use-alerts'

const DURATIONS = [
  { label: '1 hour', ms: 3_600_000 },
  { label: '2 hours', ms: 2 * 3_600_000 },
  { label: '4 hours', ms: 4 * 3_600_000 },
  { label: '8 hours', ms: 8 * 3_600_000 },
  { label: '1 day', ms: 86_400_000 },
  { label: '1 week', ms: 7 * 86_400_000 }
] as const

export function SilenceForm({ matchers, by, onDone }: { matchers: SilenceMatcher[]; by: string; onDone(): void }) {
  const { silence } = useAlertActions()
  const [text, setText] = useState(() => formatMatchers(matchers))
  const [duration, setDuration] = useState(1)
  const [comment, setComment] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const ids = { matchers: useId(), duration: useId(), comment: useId() }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    let parsed: SilenceMatcher[]
    try {
      parsed = parseMatchers(text)
    } catch (err) {
      setProblem((err as Error).message)
      return
    }
    setProblem(null)
    silence.mutate({ matchers: parsed, endsAt: Date.now() + DURATIONS[duration].ms, createdBy: by, comment: comment.trim() }, { onSuccess: onDone })
  }
  return (
    <form className="alert-form" onSubmit={submit} data-testid="silence-form">
      <label htmlFor={ids.matchers}>Matchers (one per line: name=value, name!=value, name=~regex)</label>
      <textarea id={ids.matchers} value={text} onChange={(e) => setText(e.target.value)} rows={Math.min(8, Math.max(2, text.split('\n').length))} data-testid="silence-matchers" />
      <label htmlFor={ids.duration}>For</label>
      <select id={ids.duration} value={duration} onChange={(e) => setDuration(Number(e.target.value))} data-testid="silence-duration">
        {DURATIONS.map((d, i) => (
          <option key={d.label} value={i}>
            {d.label}
          </option>
        ))}
      </select>
      <label htmlFor={ids.comment}>Comment</label>
      <input id={ids.comment} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} placeholder="why (e.g. planned maintenance)" data-testid="silence-comment" />
      <button type="submit" disabled={silence.isPending || by === ''} data-testid="silence-create">
        Silence as {by || '…'}
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {by === '' && <p className="form-hint">Enter your name above first.</p>}
      {problem && (
        <p className="action-error" role="alert">
          <span aria-hidden="true">▲ </span>
          {problem}
        </p>
      )}
      <ActionError error={silence.error} />
    </form>
  )
}
