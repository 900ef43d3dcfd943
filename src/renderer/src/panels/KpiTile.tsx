// A KPI tile: name, big value with unit, status, change vs baseline, target and the trend.
import type { PanelOf } from '@shared/config/views-schema'
import type { CallOf } from '@shared/views/panel-requests'
import { Sparkline } from '../charts/Sparkline'
import { kpiFormatter, kpiValueText, statusDisplay } from '../features/kpis/kpi-display'
import { formatLimit } from '../format/unit-text'
import { ErrorNote, Loading } from '../views/panel-states'
import { ChangeText } from './ChangeText'
import { drillHandler, type PanelContext, type PanelState } from './panel-context'
import { PanelFrame } from './PanelFrame'
import { StatusBadge } from './StatusBadge'
import { missingKpiMessage, useKpis } from './use-kpis'

export function KpiTile({ panel, panelId, kpis, ctx }: { panel: PanelOf<'kpi'>; panelId: string; kpis: CallOf<'getKpis'>; ctx: PanelContext }) {
  const { query, kpis: [kpi], missing } = useKpis(kpis, [panel.kpi])
  const drill = drillHandler(ctx)
  const title = panel.title ?? kpi?.name ?? panel.kpi

  let state: PanelState
  let body
  if (kpi) {
    const value = kpiValueText(kpi)
    const format = kpiFormatter(kpi)
    const tone = statusDisplay(kpi.status).tone
    state = value.error ? 'error' : 'ready'
    body = (
      <>
        <div className="kpi-value" data-testid="kpi-value" data-kpi={kpi.id} data-value={kpi.value ?? ''}>
          {value.error ? (
            <span className="kpi-value-error" role="status">
              <span aria-hidden="true">▲ </span>
              {value.error}
            </span>
          ) : (
            <span className={`kpi-number tone-${tone}`}>{value.text}</span>
          )}
        </div>
        <p className="kpi-facts">
          <ChangeText changePct={kpi.changeVsBaselinePct} improved={kpi.improvedVsBaseline} suffix="vs baseline" />
          {kpi.target !== null && <span className="kpi-target">Target {formatLimit(kpi.target, format)}</span>}
        </p>
        {kpi.trend.length > 1 && <Sparkline points={kpi.trend} target={kpi.target} tone={tone} />}
      </>
    )
  } else if (missing.length > 0) {
    state = 'error'
    body = <ErrorNote error={missingKpiMessage(missing)} />
  } else if (query.error) {
    state = 'error'
    body = <ErrorNote error={query.error} />
  } else {
    state = 'loading'
    body = <Loading />
  }

  const target = kpi && drill && kpi.series.length > 0 ? () => drill({ series: kpi.series[0], kpi: kpi.id }) : undefined
  return (
    <PanelFrame
      type="kpi"
      panelId={panelId}
      title={title}
      state={state}
      onTitleClick={target}
      aside={kpi && <StatusBadge status={kpi.status} reason={kpi.statusReason} />}
      className={target ? 'is-drillable' : undefined}
    >
      <div className="kpi-body" onClick={target} data-testid="kpi" data-kpi={panel.kpi} data-status={kpi?.status ?? ''}>
        {body}
      </div>
    </PanelFrame>
  )
}
