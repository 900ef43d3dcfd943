// The chart area for a list of series over a window (the Explore panel): one line per series
// ref, annotations, or a clear loading / error / no-data state.
import { useMemo } from 'react'
import { chartSummary } from '../charts/chart-summary'
import { TimeSeriesChart } from '../charts/TimeSeriesChart'
import type { TimeWindow } from '../clock/time-window'
import type { SeriesRef } from '../features/series/series-ref'
import { useSeriesRanges } from '../features/series/use-series-ranges'
import { formatValue } from '../format/number-format'
import type { Unit } from '../format/units'
import { useChartAnnotations } from '../panels/use-annotations'
import { ErrorNote, Loading, NoData } from './panel-states'

export interface ChartBodyProps {
  lines: SeriesRef[]
  unit: Unit
  window: TimeWindow
  interactive: boolean
  onZoom?: (from: number, to: number) => void
}

/** Renders the lines' range data; the container carries data-testid="chart" and data-series. */
export function ChartBody({ lines, unit, window, interactive, onZoom }: ChartBodyProps) {
  const results = useSeriesRanges(lines, window)
  const names = lines.map((l) => l.series)
  const annotations = useChartAnnotations({ method: 'listAnnotations', args: { from: window.from, to: window.to } }, names)
  const datas = results.map((r) => r.data)
  const withData = useMemo(
    () =>
      lines.flatMap((ref, i) => {
        const points = datas[i]?.points ?? []
        return points.length > 0 ? [{ name: ref.title ?? ref.series, points }] : []
      }),
    // The answers' objects stay the same until a refetch changes them (structural sharing).
    datas
  )
  const format = useMemo(() => (v: number) => formatValue(v, unit), [unit])

  const errors = results.filter((r) => r.error)
  const pending = results.some((r) => r.isPending)
  const empty = lines.filter((_, i) => results[i].isSuccess && (datas[i]?.points.length ?? 0) === 0).map((l) => l.series)

  let state: 'loading' | 'error' | 'empty' | 'ready'
  let content
  if (withData.length > 0) {
    state = 'ready'
    content = (
      <>
        <TimeSeriesChart
          lines={withData}
          format={format}
          from={window.from}
          to={window.to}
          interactive={interactive}
          annotations={annotations}
          onZoom={onZoom}
          ariaLabel={chartSummary(names.join(', '), withData, format)}
        />
        {empty.length > 0 && <NoData series={empty} />}
        {errors.map((r, i) => (
          <ErrorNote key={i} error={r.error} />
        ))}
      </>
    )
  } else if (errors.length > 0) {
    state = 'error'
    content = errors.map((r, i) => <ErrorNote key={i} error={r.error} />)
  } else if (pending) {
    state = 'loading'
    content = <Loading />
  } else {
    state = 'empty'
    content = <NoData series={names} />
  }

  return (
    <div className="chart-body" data-testid="chart" data-series={names.join(' ')} data-state={state}>
      {content}
    </div>
  )
}
