// A KPI over the window with its target and baseline lines (and normal range), annotations,
// and, when asked for, the forecast band's slot (the analytics engine fills it; no fake band).
import { useMemo } from 'react'
import type { PanelOf } from '@shared/config/views-schema'
import type { CallOf } from '@shared/views/panel-requests'
import { chartSummary } from '../charts/chart-summary'
import { TimeSeriesChart } from '../charts/TimeSeriesChart'
import type { ChartReference } from '../charts/time-series-option'
import { kpiFormatter, kpiValueText } from '../features/kpis/kpi-display'
import { formatLimit } from '../format/unit-text'
import { ErrorNote, Loading } from '../views/panel-states'
import { drillHandler, type PanelContext, type PanelState } from './panel-context'
import { PanelFrame } from './PanelFrame'
import { StatusBadge } from './StatusBadge'
import { useChartAnnotations } from './use-annotations'
import { missingKpiMessage, useKpis } from './use-kpis'

export interface KpiChartPanelProps {
  panel: PanelOf<'kpi-chart'>
  panelId: string
  kpis: CallOf<'getKpis'>
  annotations: CallOf<'listAnnotations'>
  ctx: PanelContext
}

export function KpiChartPanel({ panel, panelId, kpis: call, annotations: annotationsCall, ctx }: KpiChartPanelProps) {
  const { query, kpis: [kpi], missing } = useKpis(call, [panel.kpi])
  const annotations = useChartAnnotations(annotationsCall, kpi?.series ?? [])
  const drill = drillHandler(ctx)
  const title = panel.title ?? kpi?.name ?? panel.kpi
  const format = useMemo(() => kpiFormatter({ unit: kpi?.unit ?? null }), [kpi?.unit])
  const lines = useMemo(() => (kpi ? [{ name: kpi.name, points: kpi.trend }] : []), [kpi?.name, kpi?.trend])
  const references = useMemo(() => {
    const refs: ChartReference[] = []
    if (kpi?.target != null) refs.push({ kind: 'target', value: kpi.target, label: `Target ${formatLimit(kpi.target, format)}` })
    if (kpi?.baseline != null) refs.push({ kind: 'baseline', value: kpi.baseline, label: `Baseline ${formatLimit(kpi.baseline, format)}` })
    return refs
  }, [kpi?.target, kpi?.baseline, format])

  let state: PanelState
  let body
  if (kpi && kpi.trend.length > 0) {
    state = 'ready'
    const extras = references.map((r) => r.label.toLowerCase())
    if (annotations.length > 0) extras.push(`${annotations.length} annotation${annotations.length === 1 ? '' : 's'}`)
    body = (
      <div className="chart-body" data-testid="chart" data-series={kpi.series.join(' ')} data-kpi={kpi.id} data-state="ready">
        <TimeSeriesChart
          lines={lines}
          format={format}
          from={call.args.from}
          to={call.args.to}
          interactive={ctx.interactive}
          normalRange={kpi.normalRange}
          references={references}
          annotations={annotations}
          onZoom={ctx.onZoom}
          ariaLabel={chartSummary(title, lines, format, extras)}
        />
      </div>
    )
  } else if (kpi) {
    // No trend points: say why (the KPI's own error, or no data in the window).
    state = kpi.error ? 'error' : 'empty'
    body = <p className="panel-note panel-empty">{kpiValueText(kpi).error ?? `No data for ${kpi.name} in this time range`}</p>
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

  return (
    <PanelFrame
      type="kpi-chart"
      panelId={panelId}
      title={title}
      state={state}
      onTitleClick={kpi && drill && kpi.series.length > 0 ? () => drill({ series: kpi.series[0], kpi: kpi.id }) : undefined}
      aside={kpi && <StatusBadge status={kpi.status} reason={kpi.statusReason} />}
    >
      {body}
      {panel.forecast && (
        <p className="forecast-slot" data-testid="forecast-slot">
          Forecast band: available when the analytics engine is enabled
        </p>
      )}
    </PanelFrame>
  )
}
