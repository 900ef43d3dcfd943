// A KPI over the window with its target and baseline lines (and normal range) and annotations;
// with `forecast`, the KPI's fitted history and its forecast (mean dashed, 80 % / 95 % bands)
// instead, on the forecast's own time axis, with the milestone it projects ("payback projected
// 2027-03-14, earliest 2027-02-02"). Until the forecast answers, or when it fails (said in the
// panel), the window's trend shows.
import { useMemo } from 'react'
import type { PanelOf } from '@shared/config/views-schema'
import { kpiForecastOptions, type CallOf } from '@shared/views/panel-requests'
import { chartSummary } from '../charts/chart-summary'
import { forecastEnd, forecastOverlay } from '../charts/forecast-series'
import { TimeSeriesChart } from '../charts/TimeSeriesChart'
import type { ChartReference } from '../charts/time-series-option'
import { kpiFormatter, kpiValueText } from '../features/kpis/kpi-display'
import { formatLimit } from '../format/unit-text'
import { ErrorNote, Loading } from '../views/panel-states'
import { drillHandler, type PanelContext, type PanelState } from './panel-context'
import { PanelFrame } from './PanelFrame'
import { ForecastNote } from './ForecastNote'
import { conditionWords, forecastEndText, kpiForecastHeadline } from './forecast-text'
import { useForecast } from './use-forecast'
import './analytics.css'
import { StatusBadge } from './StatusBadge'
import { useChartAnnotations } from './use-annotations'
import { missingKpiMessage, useKpis } from './use-kpis'

export interface KpiChartPanelProps {
  panel: PanelOf<'kpi-chart'>
  panelId: string
  kpis: CallOf<'getKpis'>
  annotations: CallOf<'listAnnotations'>
  /** The forecast call from the view plan (null: no forecast configured). */
  forecast: CallOf<'getForecast'> | null
  ctx: PanelContext
}

export function KpiChartPanel({ panel, panelId, kpis: call, annotations: annotationsCall, forecast: forecastCallOf, ctx }: KpiChartPanelProps) {
  const { query, kpis: [kpi], missing } = useKpis(call, [panel.kpi])
  const options = kpiForecastOptions(panel)
  const forecastQuery = useForecast(forecastCallOf)
  const forecast = options ? forecastQuery.data : undefined
  const overlay = useMemo(() => (forecast ? forecastOverlay(forecast) : null), [forecast])
  const annotations = useChartAnnotations(annotationsCall, kpi?.series ?? [])
  const drill = drillHandler(ctx)
  const title = panel.title ?? kpi?.name ?? panel.kpi
  const format = useMemo(() => kpiFormatter({ unit: kpi?.unit ?? null }), [kpi?.unit])
  // With a forecast, the line is the history it was fitted on (the trend's window is too short
  // to show a half-year trajectory against).
  const history = overlay && forecast && forecast.history.length > 0 ? forecast.history : null
  const lines = useMemo(() => (kpi ? [{ name: kpi.name, points: history ?? kpi.trend }] : []), [kpi?.name, kpi?.trend, history])
  const references = useMemo(() => {
    const refs: ChartReference[] = []
    if (kpi?.target != null) refs.push({ kind: 'target', value: kpi.target, label: `Target ${formatLimit(kpi.target, format)}` })
    if (kpi?.baseline != null) refs.push({ kind: 'baseline', value: kpi.baseline, label: `Baseline ${formatLimit(kpi.baseline, format)}` })
    if (overlay && options?.condition) {
      const words = conditionWords(options.condition, format)
      refs.push({ kind: 'limit', value: options.condition.threshold, label: options.event ? `${options.event} (${words})` : words })
    }
    return refs
  }, [kpi?.target, kpi?.baseline, format, overlay !== null, options?.condition?.text, options?.event])
  const headline = kpi && forecast && options ? kpiForecastHeadline(options, kpi.name, forecast, format) : null
  const end = overlay ? forecastEnd(overlay) : null

  let state: PanelState
  let body
  // Settled: the forecast answered or failed (a configured forecast is part of a painted panel).
  const forecastState = !options ? null : forecast ? 'ready' : forecastQuery.error ? 'error' : 'loading'
  if (kpi && (kpi.trend.length > 0 || history)) {
    state = forecastState === 'loading' ? 'loading' : 'ready'
    const extras = references.map((r) => r.label.toLowerCase())
    if (headline) extras.push(headline.text)
    if (end && forecast) extras.push(`forecast ${forecastEndText(end, format)}`, `model ${forecast.model}`)
    if (annotations.length > 0) extras.push(`${annotations.length} annotation${annotations.length === 1 ? '' : 's'}`)
    const span = history && forecast ? { from: history[0][0], to: forecast.ts[forecast.ts.length - 1] ?? call.args.to } : { from: call.args.from, to: call.args.to }
    body = (
      <>
        {headline && (
          <p className="forecast-headline kpi-forecast-headline" data-testid="forecast-headline" data-status={headline.status} title={headline.text}>
            {headline.text}
          </p>
        )}
        <div
          className="chart-body"
          data-testid="chart"
          data-series={kpi.series.join(' ')}
          data-kpi={kpi.id}
          data-state="ready"
          data-forecast={forecastState ?? undefined}
        >
          <TimeSeriesChart
            lines={lines}
            format={format}
            from={span.from}
            to={span.to}
            interactive={ctx.interactive}
            normalRange={kpi.normalRange}
            references={references}
            annotations={annotations}
            forecast={overlay}
            // The forecast's axis runs into the future: zooming it is no time range for the view.
            onZoom={overlay ? undefined : ctx.onZoom}
            ariaLabel={chartSummary(title, lines, format, extras)}
          />
        </div>
        {overlay && <ForecastNote overlay={overlay} format={format} />}
        {forecastState === 'error' && (
          <div className="forecast-error" data-testid="forecast-error">
            <ErrorNote error={`forecast unavailable: ${forecastQuery.error instanceof Error ? forecastQuery.error.message : String(forecastQuery.error)}`} />
          </div>
        )}
      </>
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
    </PanelFrame>
  )
}
