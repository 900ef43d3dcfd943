// Implementation progress: a bar split into completed / on track / at risk / delayed, each also
// stated in words with its percentage, and the next milestone with the days left.
import type { PanelOf } from '@shared/config/views-schema'
import type { CallOf } from '@shared/views/panel-requests'
import { isoDate, milestoneSegments, milestoneStateDisplay, nextMilestoneText, upcomingAfterNext } from '../features/milestones/milestone-display'
import { useCall } from '../views/use-call'
import { ErrorNote, Loading } from '../views/panel-states'
import { queriesState, type PanelContext } from './panel-context'
import { PanelFrame } from './PanelFrame'

export function MilestonesPanel({ panel, panelId, milestones }: { panel: PanelOf<'milestones'>; panelId: string; milestones: CallOf<'getMilestones'>; ctx: PanelContext }) {
  const q = useCall(milestones)
  const summary = q.data
  const state = summary ? (summary.error && summary.total === 0 ? 'error' : summary.total === 0 ? 'empty' : 'ready') : queriesState([q], false)
  const title = panel.title ?? (summary?.programme.name ? `${summary.programme.name}: progress` : 'Implementation progress')

  let body
  if (summary && summary.total > 0) {
    const segments = milestoneSegments(summary)
    const next = summary.next
    body = (
      <>
        <div className="milestone-bar" role="img" aria-label={segments.map((s) => `${s.label} ${s.pctText}`).join(', ')}>
          {segments
            .filter((s) => s.pct > 0)
            .map((s) => (
              <div key={s.state} className={`milestone-segment seg-${s.state} tone-${s.tone}`} style={{ width: `${s.pct}%` }} data-testid="milestone-segment" data-state={s.state} data-pct={s.pct}>
                {s.pct >= 12 && (
                  <span className="milestone-segment-text" aria-hidden="true">
                    {s.shape} {s.pctText}
                  </span>
                )}
              </div>
            ))}
        </div>
        <ul className="milestone-legend">
          {segments.map((s) => (
            <li key={s.state} className={`tone-${s.tone}`} data-testid="milestone-legend" data-state={s.state}>
              <span aria-hidden="true">{s.shape}</span> {s.label} <b>{s.pctText}</b> <span className="muted">({s.count})</span>
            </li>
          ))}
        </ul>
        <p className="milestone-next" data-testid="milestone-next">
          {next ? (
            <>
              <span className="muted">Next: </span>
              {nextMilestoneText(next)}
            </>
          ) : (
            'All milestones completed'
          )}
        </p>
        <ul className="milestone-upcoming" aria-label="Then">
          {upcomingAfterNext(summary.milestones, next, 6).map((m) => {
            const d = milestoneStateDisplay(m.state)
            return (
              <li key={m.id} data-testid="milestone-upcoming" data-state={m.state}>
                <span className={`tone-${d.tone}`}>
                  <span aria-hidden="true">{d.shape}</span> {d.word}
                </span>
                <span className="milestone-name">{m.name}</span>
                <span className="muted">{isoDate(m.planned)}</span>
              </li>
            )
          })}
        </ul>
        {summary.error && <ErrorNote error={summary.error} />}
      </>
    )
  } else if (summary?.error) body = <ErrorNote error={summary.error} />
  else if (summary) body = <p className="panel-note panel-empty">No milestones configured (add them under milestones: in vigil.yaml)</p>
  else if (q.error) body = <ErrorNote error={q.error} />
  else body = <Loading />

  return (
    <PanelFrame type="milestones" panelId={panelId} title={title} state={state}>
      {body}
    </PanelFrame>
  )
}
