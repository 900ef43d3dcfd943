// An AI process against its pre-AI baseline: per KPI the baseline, the current value, and the
// change with arrow, % and whether that is better or worse.
import type { KpiValue } from '@shared/kpi'
import type { PanelOf } from '@shared/config/views-schema'
import type { CallOf } from '@shared/views/panel-requests'
import { kpiFormatter, kpiValueText } from '../features/kpis/kpi-display'
import { ErrorNote, Loading } from '../views/panel-states'
import { ChangeText } from './ChangeText'
import { KpiName } from './KpiListPanel'
import { drillHandler, type PanelContext, type PanelState } from './panel-context'
import { PanelFrame } from './PanelFrame'
import { missingKpiMessage, useKpis } from './use-kpis'

export function ProcessPanel({ panel, panelId, kpis: call, ctx }: { panel: PanelOf<'process'>; panelId: string; kpis: CallOf<'getKpis'>; ctx: PanelContext }) {
  const { query, kpis, missing } = useKpis(call, panel.kpis)
  const drill = drillHandler(ctx)
  const found = kpis.filter((k): k is KpiValue => k !== undefined)
  const state: PanelState = found.length > 0 ? (missing.length > 0 ? 'error' : 'ready') : missing.length > 0 || query.error ? 'error' : 'loading'

  return (
    <PanelFrame type="process" panelId={panelId} title={panel.title ?? panel.process} state={state}>
      {found.length > 0 && (
        <table className="process-table" style={{ ['--table-rows' as string]: Math.max(4, found.length + 1) }}>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col" className="num">
                Pre-AI
              </th>
              <th scope="col" className="num">
                Now
              </th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {found.map((kpi) => {
              const format = kpiFormatter(kpi)
              const v = kpiValueText(kpi)
              return (
                <tr key={kpi.id} data-testid="process-row" data-kpi={kpi.id}>
                  <th scope="row">
                    <KpiName kpi={kpi} drill={drill} />
                  </th>
                  <td className="num muted" title={kpi.baselineError ?? kpi.baselineSource ?? undefined}>
                    {kpi.baseline !== null ? format(kpi.baseline) : '—'}
                  </td>
                  <td className="num" data-testid="kpi-value" data-kpi={kpi.id} data-value={kpi.value ?? ''}>
                    {v.error ? <span className="kpi-value-error">{v.error}</span> : v.text}
                  </td>
                  <td>
                    <ChangeText changePct={kpi.changeVsBaselinePct} improved={kpi.improvedVsBaseline} compact />
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
