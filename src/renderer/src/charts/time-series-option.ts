// Builds the ECharts option of a time-series panel in the wallboard theme.
import type { Point } from '@shared/types'
import { formatValue } from '../format/number-format'
import type { Unit } from '../format/units'
import type { ChartOption } from './chart-option'

export interface ChartLine {
  name: string
  points: Point[]
}

export interface TimeSeriesOptionInput {
  lines: ChartLine[]
  unit: Unit
  from: number
  to: number
  /** Laptop mode: mouse-wheel/drag zoom on the time axis. */
  interactive: boolean
  /** Text size factor (1 = 16 px root font). */
  fontScale?: number
}

/** Few, colour-blind-distinguishable line colours; lines also differ in dash style. */
export const LINE_COLORS = ['#4cc9f0', '#f4a261', '#c77dff', '#90be6d']
const LINE_DASH = ['solid', 'dashed', 'dotted', 'solid'] as const
const TEXT = '#c9d4df'
const GRID_LINE = '#26313d'

/** A line chart over [from, to) with unit-formatted axis and tooltip. */
export function timeSeriesOption({ lines, unit, from, to, interactive, fontScale = 1 }: TimeSeriesOptionInput): ChartOption {
  const px = (n: number) => Math.round(n * fontScale)
  const format = (v: unknown) => (typeof v === 'number' ? formatValue(v, unit) : String(v ?? ''))
  const multi = lines.length > 1
  return {
    backgroundColor: 'transparent',
    animation: false,
    textStyle: { color: TEXT, fontSize: px(14) },
    grid: { left: px(12), right: px(20), top: px(multi ? 36 : 16), bottom: px(interactive ? 28 : 12), containLabel: true },
    legend: multi ? { show: true, top: 0, textStyle: { color: TEXT, fontSize: px(14) }, itemWidth: px(24), itemHeight: px(14) } : { show: false },
    tooltip: { trigger: 'axis', valueFormatter: format, backgroundColor: '#0f161d', borderColor: GRID_LINE, textStyle: { color: TEXT, fontSize: px(14) } },
    xAxis: {
      type: 'time',
      min: from,
      max: to,
      axisLine: { lineStyle: { color: GRID_LINE } },
      axisLabel: { color: TEXT, fontSize: px(13), hideOverlap: true },
      splitLine: { show: false }
    },
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: { color: TEXT, fontSize: px(13), formatter: (v: number) => formatValue(v, unit) },
      splitLine: { lineStyle: { color: GRID_LINE } }
    },
    dataZoom: interactive ? [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }] : [],
    series: lines.map((line, i) => ({
      type: 'line' as const,
      name: line.name,
      data: line.points,
      showSymbol: line.points.length === 1,
      symbolSize: px(8),
      sampling: 'lttb' as const,
      connectNulls: false,
      lineStyle: { width: Math.max(2, px(3)), color: LINE_COLORS[i % LINE_COLORS.length], type: LINE_DASH[i % LINE_DASH.length] },
      itemStyle: { color: LINE_COLORS[i % LINE_COLORS.length] },
      emphasis: { disabled: true }
    }))
  }
}
