// The chart area of a panel: one line per series ref, or a clear loading / error / no-data state.
import { useMemo } from 'react'
import { EChart } from '../charts/EChart'
import { useFontScale } from '../charts/use-font-scale'
import { timeSeriesOption } from '../charts/time-series-option'
import type { TimeWindow } from '../clock/time-window'
import type { SeriesRef } from '../features/series/series-ref'
import { useSeriesRanges } from '../features/series/use-series-ranges'
import type { Unit } from '../format/units'
import { ErrorNote, Loading, NoData } from './panel-states'

export interface ChartBodyProps {
  lines: SeriesRef[]
  unit: Unit
  window: TimeWindow
  interactive: boolean
}

/** Renders the lines' range data; the container carries data-testid="chart" and data-series. */
export function ChartBody({ lines, unit, window, interactive }: ChartBodyProps) {
  const results = useSeriesRanges(lines, window)
  const fontScale = useFontScale()
  const datas = results.map((r) => r.data)
  const names = lines.map((l) => l.series)
  const withData = lines.flatMap((ref, i) => {
    const points = datas[i]?.points ?? []
    return points.length > 0 ? [{ name: ref.title ?? ref.series, points }] : []
  })
  const option = useMemo(
    () => timeSeriesOption({ lines: withData, unit, from: window.from, to: window.to, interactive, fontScale }),
    // withData derives from datas, whose objects stay the same between renders until a refetch
    // changes them (structural sharing), so the chart is updated only when data or window change.
    [...datas, unit, window.from, window.to, interactive, fontScale]
  )

  const errors = results.filter((r) => r.error)
  const pending = results.some((r) => r.isPending)
  const empty = lines.filter((_, i) => results[i].isSuccess && (datas[i]?.points.length ?? 0) === 0).map((l) => l.series)

  let state: 'loading' | 'error' | 'empty' | 'ready'
  let content
  if (withData.length > 0) {
    state = 'ready'
    content = (
      <>
        <EChart key={interactive ? 'laptop' : 'wallboard'} className="chart-canvas" option={option} />
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
