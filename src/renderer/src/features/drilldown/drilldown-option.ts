// The drill-down chart: the average as a line over a shaded min–max band. The band is drawn as
// a transparent "min" line with the (max − min) difference stacked on it and filled.
import type { ChartOption } from '../../charts/chart-option'
import { formatValue } from '../../format/number-format'
import type { Unit } from '../../format/units'
import { formatDateTime } from '../../clock/format-time'
import type { BandRow } from './drill-links'

export interface DrillChartColors {
  text: string
  grid: string
  line: string
  band: string
  tooltipBg: string
}

export interface DrillOptionInput {
  rows: readonly BandRow[]
  unit: Unit
  from: number
  to: number
  colors: DrillChartColors
  fontScale?: number
}

/** Series names, also the legend text. */
export const AVG_NAME = 'Average'
export const BAND_NAME = 'Min–max range'

/** The ECharts option of the drill-down chart. */
export function drilldownOption({ rows, unit, from, to, colors, fontScale = 1 }: DrillOptionInput): ChartOption {
  const px = (n: number) => Math.round(n * fontScale)
  const format = (v: number | null) => (v === null ? '—' : formatValue(v, unit))
  const banded = rows.filter((r) => r.min !== null && r.max !== null)
  const byTs = new Map(rows.map((r) => [r.ts, r]))
  return {
    backgroundColor: 'transparent',
    animation: false,
    textStyle: { color: colors.text, fontSize: px(14) },
    grid: { left: px(12), right: px(20), top: px(36), bottom: px(12), containLabel: true },
    legend: { show: true, top: 0, data: [AVG_NAME, BAND_NAME], textStyle: { color: colors.text, fontSize: px(14) } },
    tooltip: {
      trigger: 'axis',
      backgroundColor: colors.tooltipBg,
      borderColor: colors.grid,
      textStyle: { color: colors.text, fontSize: px(14) },
      // One line per statistic, from the joined rows (the stacked band value is a difference).
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { value?: unknown } | undefined
        const ts = Array.isArray(first?.value) ? Number(first.value[0]) : NaN
        const row = byTs.get(ts)
        if (!row) return ''
        return `${formatDateTime(ts)}<br/>avg ${format(row.avg)}<br/>min ${format(row.min)}<br/>max ${format(row.max)}`
      }
    },
    xAxis: {
      type: 'time',
      min: from,
      max: to,
      axisLine: { lineStyle: { color: colors.grid } },
      axisLabel: { color: colors.text, fontSize: px(13), hideOverlap: true },
      splitLine: { show: false }
    },
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: { color: colors.text, fontSize: px(13), formatter: (v: number) => formatValue(v, unit) },
      splitLine: { lineStyle: { color: colors.grid } }
    },
    series: [
      {
        type: 'line',
        name: 'min',
        data: banded.map((r) => [r.ts, r.min as number]),
        stack: 'band',
        stackStrategy: 'all',
        showSymbol: false,
        lineStyle: { opacity: 0 },
        tooltip: { show: false },
        silent: true,
        emphasis: { disabled: true }
      },
      {
        type: 'line',
        name: BAND_NAME,
        data: banded.map((r) => [r.ts, (r.max as number) - (r.min as number)]),
        stack: 'band',
        stackStrategy: 'all',
        showSymbol: false,
        lineStyle: { opacity: 0 },
        areaStyle: { color: colors.band },
        itemStyle: { color: colors.band },
        silent: true,
        emphasis: { disabled: true }
      },
      {
        type: 'line',
        name: AVG_NAME,
        data: rows.filter((r) => r.avg !== null).map((r) => [r.ts, r.avg as number]),
        showSymbol: rows.length === 1,
        symbolSize: px(8),
        sampling: 'lttb',
        lineStyle: { width: Math.max(2, px(3)), color: colors.line },
        itemStyle: { color: colors.line },
        emphasis: { disabled: true }
      }
    ]
  }
}
