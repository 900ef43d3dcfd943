// Capacity forecasts (analytics.capacity), one row per resource: status as word + shape, days
// left, the earliest date any band reaches capacity, and the engine's sentence (or the reason a
// resource has no forecast).
import type { PanelOf } from '@shared/config/views-schema'
import type { CallOf } from '@shared/views/panel-requests'
import { waitingState } from '../views/panel-states'
import { capacityRows } from './business-text'
import { isoDay } from './forecast-text'
import type { PanelContext, PanelState } from './panel-context'
import { PanelFrame } from './PanelFrame'
import { useAnalytics } from './use-analytics'
import './models.css'

export function CapacityListPanel({ panel, panelId, forecasts: call }: { panel: PanelOf<'capacity-list'>; panelId: string; forecasts: CallOf<'getBusinessForecasts'>; ctx: PanelContext }) {
  const q = useAnalytics(call)
  const data = q.data
  let state: PanelState
  let body
  if (data) {
    state = 'ready'
    const rows = capacityRows(data.capacity)
    body =
      rows.length === 0 ? (
        <p className="panel-note">No capacity forecasts configured (analytics.capacity)</p>
      ) : (
        <table className="data-table capacity-table" style={{ ['--table-rows' as string]: Math.max(5, rows.length + 1) }}>
          <thead>
            <tr>
              <th scope="col">Resource</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Left
              </th>
              <th scope="col">Earliest</th>
              <th scope="col">Forecast</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-testid="capacity-row" data-resource={r.resource} data-status={r.status} data-days={r.daysFromNow ?? ''} data-earliest={r.earliest ?? ''}>
                <th scope="row" className="capacity-resource">
                  {r.resource}
                </th>
                <td className={`capacity-status tone-${r.display.tone}`} data-testid="capacity-status">
                  <span aria-hidden="true">{r.display.shape}</span> {r.display.word}
                </td>
                <td className="num" data-testid="capacity-days">
                  {r.daysLeft}
                </td>
                <td className="num" data-testid="capacity-earliest">
                  {r.earliest === null ? '—' : isoDay(r.earliest)}
                </td>
                <td className={`capacity-summary${r.error ? ' panel-error' : ''}`} data-testid="capacity-summary" title={r.summary}>
                  {r.error && <span aria-hidden="true">▲ </span>}
                  {r.summary}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )
  } else {
    const waiting = waitingState(q.error)
    state = waiting.state
    body = waiting.body
  }
  return (
    <PanelFrame type="capacity-list" panelId={panelId} title={panel.title ?? 'Capacity'} state={state}>
      {body}
    </PanelFrame>
  )
}
