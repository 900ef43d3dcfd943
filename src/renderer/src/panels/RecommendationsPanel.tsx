// The analytics' recommendations for a view, most severe first: severity as word + shape +
// colour, the title, the detail, each cited figure as a label/value chip, and the action. At most
// `limit` are shown; the rest are named in a "+ n more" line. No recommendation is an answer too.
import type { PanelOf } from '@shared/config/views-schema'
import type { CallOf } from '@shared/views/panel-requests'
import { waitingState } from '../views/panel-states'
import type { PanelContext, PanelState } from './panel-context'
import { PanelFrame } from './PanelFrame'
import { figureValueText, recommendationsToShow, severityCounts, severityDisplay } from './recommendation-display'
import { useAnalytics } from './use-analytics'
import './models.css'

export function RecommendationsPanel({
  panel,
  panelId,
  recommendations: call
}: {
  panel: PanelOf<'recommendations'>
  panelId: string
  recommendations: CallOf<'getRecommendations'>
  ctx: PanelContext
}) {
  const q = useAnalytics(call)
  const list = Array.isArray(q.data) ? q.data : null
  let state: PanelState
  let body
  let aside
  if (list) {
    state = 'ready'
    const { shown, more } = recommendationsToShow(list, panel.limit ?? 4)
    const counts = severityCounts(list)
    aside = counts ? (
      <span className="rec-counts" data-testid="recommendation-counts">
        {counts}
      </span>
    ) : undefined
    body =
      list.length === 0 ? (
        <p className="panel-note" data-testid="recommendations-none">
          <span aria-hidden="true">✓ </span>No recommendations
        </p>
      ) : (
        <>
          <ol className="rec-list">
            {shown.map((r) => {
              const s = severityDisplay(r.severity)
              return (
                <li key={r.id} className={`rec rec-${s.tone}`} data-testid="recommendation" data-id={r.id} data-severity={r.severity}>
                  <p className="rec-head">
                    <span className={`rec-severity tone-${s.tone}`} data-testid="recommendation-severity">
                      <span aria-hidden="true">{s.shape}</span> {s.word}
                    </span>{' '}
                    <strong className="rec-title" data-testid="recommendation-title" title={r.title}>
                      {r.title}
                    </strong>
                  </p>
                  <p className="rec-detail" title={r.detail}>
                    {r.detail}
                  </p>
                  {r.figures.length > 0 && (
                    <ul className="rec-figures" aria-label="Figures used">
                      {r.figures.map((f) => (
                        <li key={f.label} className="rec-figure" data-testid="recommendation-figure" data-label={f.label} data-value={String(f.value)}>
                          <span className="rec-figure-label">{f.label}</span> <b>{figureValueText(f)}</b>
                        </li>
                      ))}
                    </ul>
                  )}
                  <p className="rec-action" title={r.action}>
                    <span aria-hidden="true">→ </span>
                    {r.action}
                  </p>
                </li>
              )
            })}
          </ol>
          {more.length > 0 && (
            <p className="panel-foot rec-more" data-testid="recommendations-more" data-count={more.length} title={more.map((r) => r.title).join('\n')}>
              + {more.length} more: {more.map((r) => r.title).join('; ')}
            </p>
          )}
        </>
      )
  } else {
    const waiting = waitingState(q.error)
    state = waiting.state
    body = waiting.body
  }
  return (
    <PanelFrame type="recommendations" panelId={panelId} title={panel.title ?? 'Recommendations'} state={state} aside={aside}>
      {body}
    </PanelFrame>
  )
}
