// Capacity planning: a series' history, its forecast with 80 % / 95 % bands, the condition as a
// line, and a headline saying when the forecast meets it ("disk full in 9 days (earliest 6)").
import { useMemo } from 'react'
import type { PanelOf } from '@shared/config/views-schema'
import type { CallOf } from '@shared/views/panel-requests'
import { chartSummary } from '../charts/chart-summary'
import { forecastEnd, forecastOverlay } from '../charts/forecast-series'
import { TimeSeriesChart } from '../charts/TimeSeriesChart'
import type { ChartReference } from '../charts/time-series-option'
import { formatterFor, knownUnit } from '../format/unit-text'
import { unitForSeries } from '../format/units'
import { ErrorNote, Loading } from '../views/panel-states'
import { drillHandler, type PanelContext, type PanelState } from './panel-context'
import { PanelFrame } from './PanelFrame'
import { ForecastNote } from './ForecastNote'
import { conditionWords, forecastEndText, forecastHeadline } from './forecast-text'
import { useForecast } from './use-forecast'
import './analytics.css'

export interface ForecastPanelProps {
  panel: PanelOf<'forecast'>
  panelId: string
  forecast: CallOf<'getForecast'>
  ctx: PanelContext
}

/** A percentage series that stayed within 0–100 % cannot leave it: its axis stops there. */
function percentLimits(panel: PanelOf<'forecast'>, history: readonly [number, number][]): [number, number] | null {
  const percent = panel.unit ? knownUnit(panel.unit) === 'percent' : unitForSeries(panel.series) === 'percent'
  return percent && history.every(([, v]) => v >= 0 && v <= 100) ? [0, 100] : null
}

export function ForecastPanel({ panel, panelId, forecast: call, ctx }: ForecastPanelProps) {
  const query = useForecast(call)
  const view = query.data
  const format = useMemo(() => formatterFor(panel.unit, panel.series), [panel.unit, panel.series])
  const overlay = useMemo(() => (view ? forecastOverlay(view) : null), [view])
  const title = panel.title ?? `${panel.series} forecast`
  const lines = useMemo(() => (view && view.history.length > 0 ? [{ name: 'history', points: view.history }] : []), [view])
  const limits = useMemo(() => (view ? percentLimits(panel, view.history) : null), [panel, view])
  const references = useMemo((): ChartReference[] => {
    if (!panel.condition) return []
    const words = conditionWords(panel.condition, format)
    return [{ kind: 'limit', value: panel.condition.threshold, label: panel.event ? `${panel.event} (${words})` : words }]
  }, [panel.condition, panel.event, format])
  const drill = drillHandler(ctx)

  let state: PanelState
  let body
  if (view && overlay) {
    state = 'ready'
    const headline = forecastHeadline(panel, view, format)
    const end = forecastEnd(overlay)
    const from = view.history[0]?.[0] ?? view.ts[0] ?? view.generatedAt
    const to = view.ts[view.ts.length - 1] ?? view.generatedAt
    const extras = [headline.text, ...(end ? [`forecast ${forecastEndText(end, format)}`] : []), `model ${view.model}`]
    body = (
      <>
        <p className="forecast-headline" data-testid="forecast-headline" data-status={headline.status} title={headline.text}>
          {headline.text}
        </p>
        <div className="chart-body" data-testid="chart" data-series={panel.series} data-state="ready" data-forecast="ready">
          <TimeSeriesChart
            lines={lines}
            format={format}
            from={from}
            to={to}
            interactive={ctx.interactive}
            references={references}
            forecast={overlay}
            valueLimits={limits}
            ariaLabel={chartSummary(title, lines, format, extras)}
          />
        </div>
        <ForecastNote overlay={overlay} format={format} />
      </>
    )
  } else if (query.error) {
    state = 'error'
    body = <ErrorNote error={query.error} />
  } else {
    state = 'loading'
    body = <Loading />
  }

  return (
    <PanelFrame
      type="forecast"
      panelId={panelId}
      title={title}
      state={state}
      onTitleClick={drill ? () => drill({ series: panel.series, labels: panel.labels }) : undefined}
    >
      {body}
    </PanelFrame>
  )
}
