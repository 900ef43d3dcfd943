// Recent events (annotations of the window), newest first: time, kind as shape + word, title.
import type { PanelOf } from '@shared/config/views-schema'
import type { CallOf } from '@shared/views/panel-requests'
import { useClock } from '../clock/clock'
import { formatSince } from '../clock/format-time'
import { kindDisplay, newestFirst } from '../features/annotations/annotation-display'
import { useCall } from '../views/use-call'
import { ErrorNote, Loading } from '../views/panel-states'
import { queriesState, type PanelContext } from './panel-context'
import { PanelFrame } from './PanelFrame'

export function EventsPanel({ panel, panelId, events }: { panel: PanelOf<'events'>; panelId: string; events: CallOf<'listAnnotations'>; ctx: PanelContext }) {
  const q = useCall(events)
  const now = useClock()
  const list = Array.isArray(q.data) ? newestFirst(q.data, panel.limit ?? 8) : null
  const state = list ? 'ready' : queriesState([q], false)

  let body
  if (list && list.length === 0) body = <p className="panel-note">No events in this time range</p>
  else if (list) {
    body = (
      <ol className="event-list">
        {list.map((a) => {
          const k = kindDisplay(a.kind)
          const ongoing = a.endTs !== null && a.endTs > now
          return (
            <li key={a.id} className="event" data-testid="event" data-kind={a.kind} data-id={a.id}>
              <time className="event-time" dateTime={new Date(a.ts).toISOString()}>
                {formatSince(a.ts, now)}
              </time>
              <span className={`event-kind tone-${k.tone}`}>
                <span aria-hidden="true">{k.shape}</span> {k.word}
              </span>
              <span className="event-title" title={a.text ?? undefined}>
                {a.title}
                {ongoing && <span className="event-ongoing"> (ongoing)</span>}
              </span>
            </li>
          )
        })}
      </ol>
    )
  } else if (q.error) body = <ErrorNote error={q.error} />
  else body = <Loading />

  return (
    <PanelFrame type="events" panelId={panelId} title={panel.title ?? 'Recent events'} state={state}>
      {body}
    </PanelFrame>
  )
}
