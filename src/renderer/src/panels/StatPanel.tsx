// The latest value of one series (the mean over matching label sets), with its unit and age.
import type { PanelOf } from '@shared/config/views-schema'
import type { CallOf } from '@shared/views/panel-requests'
import { useClock } from '../clock/clock'
import { combineLatest } from '../features/series/combine-latest'
import { formatAgo } from '../format/number-format'
import { formatterFor } from '../format/unit-text'
import { useCall } from '../views/use-call'
import { ErrorNote, Loading, NoData } from '../views/panel-states'
import { drillHandler, queriesState, type PanelContext } from './panel-context'
import { PanelFrame } from './PanelFrame'

export function StatPanel({ panel, panelId, latest, ctx }: { panel: PanelOf<'stat'>; panelId: string; latest: CallOf<'latest'>; ctx: PanelContext }) {
  const q = useCall(latest)
  const now = useClock()
  const format = formatterFor(panel.unit, panel.series)
  const combined = Array.isArray(q.data) ? combineLatest(q.data) : null
  const state = queriesState([q], combined !== null)
  const drill = drillHandler(ctx)
  const target = drill ? () => drill({ series: panel.series, labels: panel.labels }) : undefined

  let body
  if (combined) {
    body = (
      <>
        <div className="tile-value">
          <span data-testid="stat-value" data-value={combined.value}>
            {format(combined.value)}
          </span>
        </div>
        <p className="tile-foot">
          as of {formatAgo(combined.ts, now)}
          {combined.count > 1 ? ` · avg of ${combined.count} series` : ''}
        </p>
      </>
    )
  } else if (state === 'error') body = <ErrorNote error={q.error} />
  else if (state === 'loading') body = <Loading />
  else body = <NoData series={[panel.series]} />

  return (
    <PanelFrame type="stat" panelId={panelId} title={panel.title ?? panel.series} state={state} onTitleClick={target} className={target ? 'is-drillable' : undefined}>
      <div className="tile" data-testid="tile" data-series={panel.series} data-state={state} onClick={target}>
        {body}
      </div>
    </PanelFrame>
  )
}
