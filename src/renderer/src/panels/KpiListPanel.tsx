// A compact list of KPIs: name, value and change vs baseline (e.g. the business impact summary).
import type { KpiValue } from '@shared/kpi'
import type { PanelOf } from '@shared/config/views-schema'
import type { CallOf } from '@shared/views/panel-requests'
import { kpiValueText, statusDisplay } from '../features/kpis/kpi-display'
import { ErrorNote, Loading } from '../views/panel-states'
import { ChangeText } from './ChangeText'
import { drillHandler, type DrillRequest, type PanelContext, type PanelState } from './panel-context'
import { PanelFrame } from './PanelFrame'
import { missingKpiMessage, useKpis } from './use-kpis'

/** The KPI's name, as a drill button in laptop mode. */
export function KpiName({ kpi, drill }: { kpi: KpiValue; drill: ((t: DrillRequest) => void) | null }) {
  if (!drill || kpi.series.length === 0) return <>{kpi.name}</>
  return (
    <button type="button" className="drill-link" onClick={() => drill({ series: kpi.series[0], kpi: kpi.id })}>
      {kpi.name}
    </button>
  )
}

export function KpiListPanel({ panel, panelId, kpis: call, ctx }: { panel: PanelOf<'kpi-list'>; panelId: string; kpis: CallOf<'getKpis'>; ctx: PanelContext }) {
  const { query, kpis, missing } = useKpis(call, panel.kpis)
  const drill = drillHandler(ctx)
  const found = kpis.filter((k): k is KpiValue => k !== undefined)
  const state: PanelState = found.length > 0 ? (missing.length > 0 ? 'error' : 'ready') : missing.length > 0 || query.error ? 'error' : 'loading'

  return (
    <PanelFrame type="kpi-list" panelId={panelId} title={panel.title ?? 'Key figures'} state={state}>
      {found.length > 0 && (
        <table className="kpi-list" style={{ ['--table-rows' as string]: Math.max(4, found.length) }}>
          <tbody>
            {found.map((kpi) => {
              const v = kpiValueText(kpi)
              const s = statusDisplay(kpi.status)
              return (
                <tr key={kpi.id} data-testid="kpi-row" data-kpi={kpi.id}>
                  <th scope="row">
                    <KpiName kpi={kpi} drill={drill} />
                  </th>
                  <td className="num" data-testid="kpi-value" data-kpi={kpi.id} data-value={kpi.value ?? ''}>
                    {v.error ? <span className="kpi-value-error">{v.error}</span> : v.text}
                  </td>
                  <td>
                    <ChangeText changePct={kpi.changeVsBaselinePct} improved={kpi.improvedVsBaseline} compact />
                  </td>
                  <td className={`kpi-status-cell tone-${s.tone}`} title={kpi.statusReason}>
                    <span aria-hidden="true">{s.shape}</span> {s.word}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      {missing.length > 0 && <ErrorNote error={missingKpiMessage(missing)} />}
      {found.length === 0 && missing.length === 0 && (query.error ? <ErrorNote error={query.error} /> : <Loading />)}
    </PanelFrame>
  )
}
