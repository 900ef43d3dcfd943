// A time-series chart panel: its series (or one line per label value with group_by), the normal
// range shaded, area fill, annotations, anomalous periods shaded (with `anomalies`, counted in a
// badge); zoom in laptop mode.
import { useMemo } from 'react'
import type { AnomalyView } from '@shared/analytics'
import type { GroupedQueryResult } from '@shared/api'
import type { PanelOf } from '@shared/config/views-schema'
import type { QueryResult } from '@shared/types'
import { chartLineRef, type CallOf } from '@shared/views/panel-requests'
import { anomalyCountText, anomalyShades } from '../charts/anomaly-shading'
import { chartSummary } from '../charts/chart-summary'
import { TimeSeriesChart } from '../charts/TimeSeriesChart'
import { formatterFor } from '../format/unit-text'
import { useCalls } from '../views/use-call'
import { ErrorNote, Loading, NoData } from '../views/panel-states'
import { chartLines } from './chart-lines'
import { drillHandler, queriesState, type PanelContext } from './panel-context'
import { PanelFrame } from './PanelFrame'
import { useChartAnnotations } from './use-annotations'
import './analytics.css'

export interface ChartPanelProps {
  panel: PanelOf<'chart'>
  panelId: string
  lines: (CallOf<'queryRange'> | CallOf<'queryGrouped'>)[]
  annotations: CallOf<'listAnnotations'>
  /** getAnomalies calls of the chart's series (none when it shades no anomalies). */
  anomalies: CallOf<'getAnomalies'>[]
  ctx: PanelContext
}

export function ChartPanel({ panel, panelId, lines: calls, annotations: annotationsCall, anomalies: anomalyCalls, ctx }: ChartPanelProps) {
  const refs = useMemo(() => panel.series.map(chartLineRef), [panel.series])
  const names = refs.map((r) => r.series)
  const results = useCalls<'queryRange' | 'queryGrouped'>(calls)
  const annotations = useChartAnnotations(annotationsCall, names)
  const datas = results.map((r) => r.data as QueryResult | GroupedQueryResult | undefined)
  // The answers' objects stay the same until a refetch changes them (structural sharing).
  const lines = useMemo(() => chartLines(refs, datas), [refs, ...datas])
  const format = useMemo(() => formatterFor(panel.unit, names[0]), [panel.unit, names[0]])
  const title = panel.title ?? refs.map((r) => r.title ?? r.series).join(', ')
  const drill = drillHandler(ctx)
  const state = queriesState(results, lines.length > 0)
  const { from, to } = calls[0]?.args ?? { from: 0, to: 1 }
  const anomalyResults = useCalls<'getAnomalies'>(anomalyCalls)
  const anomalyAnswers = anomalyResults.map((r) => r.data as AnomalyView | undefined)
  const shades = useMemo(() => anomalyShades(anomalyAnswers, from, to), [from, to, ...anomalyAnswers])
  const anomalyErrors = anomalyResults.filter((r) => r.error)
  const anomalyState =
    anomalyCalls.length === 0 ? undefined : anomalyErrors.length > 0 ? 'error' : anomalyResults.some((r) => r.isPending) ? 'loading' : 'ready'

  let content
  if (state === 'ready') {
    const extras = panel.normal_range ? [`normal range ${format(panel.normal_range[0])} to ${format(panel.normal_range[1])}`] : []
    if (annotations.length > 0) extras.push(`${annotations.length} annotation${annotations.length === 1 ? '' : 's'}`)
    if (anomalyState === 'ready') extras.push(anomalyCountText(shades.length))
    const failed = results.filter((r) => r.error)
    content = (
      <>
        <TimeSeriesChart
          lines={lines}
          format={format}
          from={from}
          to={to}
          interactive={ctx.interactive}
          area={panel.area}
          normalRange={panel.normal_range ?? null}
          annotations={annotations}
          anomalies={shades}
          onZoom={ctx.onZoom}
          ariaLabel={chartSummary(title, lines, format, extras)}
        />
        {failed.map((r, i) => (
          <ErrorNote key={i} error={r.error} />
        ))}
        {anomalyErrors.map((r, i) => (
          <div key={`a${i}`} className="forecast-error" data-testid="anomaly-error">
            <ErrorNote error={`anomalies unavailable: ${r.error instanceof Error ? r.error.message : String(r.error)}`} />
          </div>
        ))}
      </>
    )
  } else if (state === 'error') {
    content = results.filter((r) => r.error).map((r, i) => <ErrorNote key={i} error={r.error} />)
  } else if (state === 'loading') {
    content = <Loading />
  } else {
    content = <NoData series={names} />
  }

  return (
    <PanelFrame
      type="chart"
      panelId={panelId}
      title={title}
      state={state}
      onTitleClick={drill ? () => drill({ series: refs[0].series, labels: refs[0].labels }) : undefined}
      aside={
        shades.length > 0 ? (
          <span className="anomaly-badge" data-testid="anomaly-badge" data-count={shades.length} title="Shaded periods the anomaly detector flagged">
            ✱ {anomalyCountText(shades.length)}
          </span>
        ) : undefined
      }
    >
      <div
        className="chart-body"
        data-testid="chart"
        data-series={names.join(' ')}
        data-state={state}
        data-anomalies={anomalyState === 'ready' ? shades.length : undefined}
        data-anomalies-state={anomalyState}
      >
        {content}
      </div>
    </PanelFrame>
  )
}
