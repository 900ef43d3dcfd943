// Silences: active, not yet started and recently expired, with who set them and why; expire one.
import type { SilenceView } from '@shared/alerts'
import { formatSince } from '../../clock/format-time'
import { ErrorNote, Loading } from '../../views/panel-states'
import { formatMatchers } from './alert-display'
import { ActionError } from './ActionError'
import { useAlertActions, useSilences } from './use-alerts'

export function SilencesPanel({ now, actions }: { now: number; actions: boolean }) {
  const silences = useSilences()
  const { expire } = useAlertActions()
  let body
  if (silences.data) {
    body =
      silences.data.length === 0 ? (
        <p className="panel-note">No silences</p>
      ) : (
        <ul className="silence-list">
          {silences.data.map((s) => (
            <SilenceItem key={s.id} silence={s} now={now} onExpire={actions && s.endsAt > now ? () => expire.mutate({ id: s.id }) : null} />
          ))}
        </ul>
      )
  } else if (silences.error) body = <ErrorNote error={silences.error} />
  else body = <Loading />
  return (
    <section className="alerts-section" data-testid="silences" aria-label="Silences">
      <h3>Silences</h3>
      {body}
      <ActionError error={expire.error} />
    </section>
  )
}

function SilenceItem({ silence, now, onExpire }: { silence: SilenceView; now: number; onExpire: (() => void) | null }) {
  const state = silence.active ? { word: 'Active', shape: '⊘', tone: 'warn' } : silence.startsAt > now ? { word: 'Scheduled', shape: '◌', tone: 'neutral' } : { word: 'Expired', shape: '○', tone: 'muted' }
  return (
    <li className="silence" data-testid="silence" data-silence-id={silence.id} data-active={silence.active ? 'true' : 'false'}>
      <span className={`alert-badge tone-${state.tone}`}>
        <span aria-hidden="true">{state.shape}</span> {state.word}
      </span>
      <code className="silence-matchers">{formatMatchers(silence.matchers).replace(/\n/g, ', ')}</code>
      <span>
        {formatSince(silence.startsAt, now)} → {formatSince(silence.endsAt, now)}
      </span>
      <span>
        by <strong>{silence.createdBy}</strong>
        {silence.comment ? `: ${silence.comment}` : ''}
      </span>
      {onExpire && (
        <button type="button" onClick={onExpire} data-testid="silence-expire">
          Expire now
        </button>
      )}
    </li>
  )
}
