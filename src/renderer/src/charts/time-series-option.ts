// Builds the ECharts option of a time-series panel: lines, an optional shaded normal range,
// target / baseline lines, annotations (instants as vertical lines, periods as shaded bands,
// described in the tooltip), a forecast with its bands after the history, shaded anomalous
// periods, and zoom in laptop mode.
import type { Annotation } from '@shared/annotations'
import type { Point } from '@shared/types'
import { kindDisplay } from '../features/annotations/annotation-display'
import { formatValue } from '../format/number-format'
import type { ValueFormatter } from '../format/unit-text'
import type { Unit } from '../format/units'
import type { MarkAreaComponentOption } from 'echarts/components'
import { ANOMALY_SHAPE, anomaliesAt, anomalyLine, type AnomalyShade } from './anomaly-shading'
import type { ChartOption } from './chart-option'
import { DARK_THEME, type ChartTheme } from './chart-theme'
import { bandName, FORECAST_NAME, FORECAST_PART_PREFIX, forecastAt, forecastSeries, type ForecastOverlay } from './forecast-series'

export interface ChartLine {
  name: string
  points: Point[]
  dashed?: boolean
}

/** A horizontal reference line (a KPI's target or baseline, a forecast's condition threshold). */
export interface ChartReference {
  kind: 'target' | 'baseline' | 'limit'
  value: number
  label: string
  /** Where the label sits (default: above the line's right end); the start keeps two close lines' labels apart. */
  labelAt?: 'end' | 'start'
}

export interface TimeSeriesOptionInput {
  lines: ChartLine[]
  unit: Unit
  /** Overrides `unit` for axis labels and tooltips (e.g. a config unit such as "req/s"). */
  format?: ValueFormatter
  from: number
  to: number
  /** Laptop mode: zoom on the time axis (mouse wheel / drag, and a slider). */
  interactive: boolean
  /** Text size factor (1 = 16 px root font). */
  fontScale?: number
  area?: boolean
  /** Shaded band of normal values, e.g. [50, 80]. */
  normalRange?: readonly [number, number] | null
  references?: ChartReference[]
  annotations?: Annotation[]
  /** A forecast drawn after the lines (mean dashed, bands shaded). */
  forecast?: ForecastOverlay | null
  /** Anomalous periods to shade. */
  anomalies?: AnomalyShade[]
  /** Values the series cannot leave (e.g. [0, 100] for a utilisation %): a forecast's axis stops there. */
  valueLimits?: readonly [number, number] | null
  theme?: ChartTheme
}

/** Few, colour-blind-distinguishable line colours (from the theme); lines also differ in dash style. */
export const LINE_COLORS = DARK_THEME.series
const LINE_DASH = ['solid', 'dashed', 'dotted', 'solid'] as const

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
/** Tooltips are HTML: annotation titles come from users and sources, so escape everything. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c])
}

const timeFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false })

/** Annotations near time t: instants within `tolerance` ms, periods containing t. */
export function annotationsAt(annotations: readonly Annotation[], t: number, tolerance: number): Annotation[] {
  return annotations.filter((a) => (a.endTs == null ? Math.abs(a.ts - t) <= tolerance : a.ts - tolerance <= t && t <= a.endTs + tolerance))
}

function annotationLine(a: Annotation, theme: ChartTheme): string {
  const k = kindDisplay(a.kind)
  const text = `${k.shape} ${k.word}: ${a.title}${a.text ? ` — ${a.text}` : ''}`
  return `<span style="color:${escapeHtml(toneColor(k.tone, theme))}">${escapeHtml(text)}</span>`
}

function toneColor(tone: string, theme: ChartTheme): string {
  return tone === 'bad' ? theme.bad : tone === 'warn' ? theme.warn : tone === 'ok' ? theme.ok : tone === 'neutral' ? theme.accent : theme.muted
}

/**
 * The y range of a chart with a forecast: all of the history, the mean and the reference values,
 * and the bands as far as one more such span beyond (a very wide band runs off the edge rather
 * than flattening the history into a line; its numbers are in the tooltip and the caption).
 */
export function forecastYBounds(
  lines: readonly ChartLine[],
  forecast: ForecastOverlay,
  extras: readonly number[],
  limits: readonly [number, number] | null = null
): [number, number] | null {
  const core = [...lines.flatMap((l) => l.points.map((p) => p[1])), ...forecast.mean.map((p) => p[1]), ...extras].filter(Number.isFinite)
  if (core.length === 0) return null
  const lo = Math.min(...core)
  const hi = Math.max(...core)
  const span = hi - lo > 0 ? hi - lo : Math.max(Math.abs(hi) * 0.1, 1)
  const edges = forecast.bands.flatMap((b) => [...b.lower, ...b.upper].map((p) => p[1])).filter(Number.isFinite)
  const low = Math.max(Math.min(lo, ...edges), lo - span)
  const high = Math.min(Math.max(hi, ...edges), hi + span)
  const margin = Math.max((high - low) * 0.04, 1e-9)
  if (!limits) return [low - margin, high + margin]
  return [Math.max(low - margin, limits[0]), Math.min(high + margin, limits[1])]
}

/** A line chart over [from, to) with unit-formatted axis and tooltip. */
export function timeSeriesOption(input: TimeSeriesOptionInput): ChartOption {
  const { lines, unit, from, to, interactive, fontScale = 1, area = false, normalRange = null, references = [], annotations = [], forecast = null, anomalies = [], valueLimits = null } = input
  const theme = input.theme ?? DARK_THEME
  const px = (n: number) => Math.round(n * fontScale)
  const fmt: ValueFormatter = input.format ?? ((v) => formatValue(v, unit))
  const format = (v: unknown) => (typeof v === 'number' ? fmt(v) : String(v ?? ''))
  const multi = lines.length > 1
  const legendShown = multi || forecast !== null
  const colors = theme.series.length > 0 ? theme.series : LINE_COLORS
  const tolerance = (to - from) / 120

  // The y axis includes the normal range and reference lines, so they are always visible.
  const extras = [...references.map((r) => r.value), ...(normalRange ?? [])].filter(Number.isFinite)
  const pad = (lo: number, hi: number) => Math.max((hi - lo) * 0.05, Math.abs(hi) * 0.01, 1e-9)
  let yMin: number | ((v: { min: number; max: number }) => number) | undefined = extras.length
    ? (v) => { const lo = Math.min(v.min, ...extras); return lo - pad(lo, Math.max(v.max, ...extras)) }
    : undefined
  let yMax: number | ((v: { min: number; max: number }) => number) | undefined = extras.length
    ? (v) => { const hi = Math.max(v.max, ...extras); return hi + pad(Math.min(v.min, ...extras), hi) }
    : undefined
  if (forecast) {
    const bounds = forecastYBounds(lines, forecast, extras, valueLimits)
    if (bounds) [yMin, yMax] = bounds
  }

  const instants = annotations.filter((a) => a.endTs == null && a.ts >= from && a.ts < to)
  const periods = annotations.filter((a) => a.endTs != null && a.endTs >= from && a.ts < to)
  const markerLabel = { fontSize: px(14), color: theme.text }

  const markLineData = [
    ...references.map((r) => ({
      yAxis: r.value,
      name: r.label,
      lineStyle: {
        color: r.kind === 'target' ? theme.ok : r.kind === 'limit' ? theme.bad : theme.muted,
        type: r.kind === 'baseline' ? ('dotted' as const) : ('dashed' as const),
        width: Math.max(1, px(2))
      },
      label: { ...markerLabel, position: r.labelAt === 'start' ? ('insideStartTop' as const) : ('insideEndTop' as const), formatter: r.label }
    })),
    ...instants.map((a) => {
      const k = kindDisplay(a.kind)
      return {
        xAxis: a.ts,
        name: a.title,
        lineStyle: { color: toneColor(k.tone, theme), type: 'dashed' as const, width: Math.max(1, px(2)) },
        label: { ...markerLabel, position: 'end' as const, formatter: k.shape, color: toneColor(k.tone, theme) }
      }
    })
  ]
  const markAreaData = [
    ...(normalRange
      ? [[{ yAxis: normalRange[0], name: 'Normal range', itemStyle: { color: theme.ok, opacity: 0.1 }, label: { ...markerLabel, color: theme.muted, position: 'insideTopLeft' as const, formatter: `normal ${fmt(normalRange[0])}–${fmt(normalRange[1])}` } }, { yAxis: normalRange[1] }]]
      : []),
    ...periods.map((a) => {
      const k = kindDisplay(a.kind)
      return [
        { xAxis: Math.max(a.ts, from), name: a.title, itemStyle: { color: toneColor(k.tone, theme), opacity: 0.16 }, label: { ...markerLabel, position: 'insideTop' as const, formatter: k.shape, color: toneColor(k.tone, theme) } },
        { xAxis: Math.min(a.endTs as number, to) }
      ]
    }),
    ...anomalies.map((a) => [
      {
        xAxis: a.from,
        name: `Anomaly ${a.labels}`.trim(),
        itemStyle: { color: theme.warn, opacity: 0.22, borderColor: theme.warn, borderWidth: 1, borderType: 'dashed' as const },
        label: { ...markerLabel, position: 'insideTop' as const, formatter: ANOMALY_SHAPE, color: theme.warn }
      },
      { xAxis: a.to }
    ])
  ] as MarkAreaComponentOption['data']

  const tooltipFormatter = (params: unknown): string => {
    const all = (Array.isArray(params) ? params : [params]) as { axisValue?: number; marker?: string; seriesId?: string; seriesName?: string; value?: unknown }[]
    const t = Number(all[0]?.axisValue ?? (Array.isArray(all[0]?.value) ? (all[0].value as unknown[])[0] : NaN))
    // The forecast's drawing parts (band edges, widths) are stated below in words instead.
    const items = all.filter((p) => !String(p.seriesId ?? '').startsWith(FORECAST_PART_PREFIX))
    const rows = items.map((p) => {
      const v = Array.isArray(p.value) ? p.value[1] : p.value
      return `${p.marker ?? ''}${escapeHtml(p.seriesName ?? '')}: <b>${escapeHtml(format(v))}</b>`
    })
    const notes = Number.isFinite(t) ? annotationsAt(annotations, t, tolerance).map((a) => annotationLine(a, theme)) : []
    const flagged = Number.isFinite(t) ? anomaliesAt(anomalies, t, tolerance).map((a) => `<span style="color:${escapeHtml(theme.warn)}">${escapeHtml(anomalyLine(a))}</span>`) : []
    const ahead = forecast && Number.isFinite(t) ? forecastAt(forecast, t, tolerance) : null
    const predicted = ahead
      ? [
          `${escapeHtml(FORECAST_NAME)}: <b>${escapeHtml(fmt(ahead.mean))}</b>`,
          ...ahead.bands.map((b) => `${escapeHtml(bandName(b.level))}: ${escapeHtml(fmt(b.lower))} – ${escapeHtml(fmt(b.upper))}`),
          `<span style="color:${escapeHtml(theme.muted)}">${escapeHtml(forecast!.model)}</span>`
        ]
      : []
    return [Number.isFinite(t) ? escapeHtml(timeFormat.format(t)) : '', ...rows, ...predicted, ...notes, ...flagged].filter(Boolean).join('<br/>')
  }

  return {
    backgroundColor: 'transparent',
    animation: false,
    textStyle: { color: theme.text, fontSize: px(14) },
    grid: { left: px(12), right: px(20), top: px(legendShown ? 36 : 20), bottom: px(interactive ? 44 : 12), containLabel: true },
    legend: legendShown
      ? {
          show: true,
          top: 0,
          data: [
            ...lines.map((l) => l.name),
            ...(forecast ? [FORECAST_NAME, ...[...forecast.bands].sort((a, b) => a.level - b.level).map((b) => ({ name: bandName(b.level), icon: 'rect' }))] : [])
          ],
          textStyle: { color: theme.text, fontSize: px(14) },
          itemWidth: px(24),
          itemHeight: px(14)
        }
      : { show: false },
    tooltip: {
      trigger: 'axis',
      formatter: tooltipFormatter,
      backgroundColor: theme.panel,
      borderColor: theme.grid,
      textStyle: { color: theme.text, fontSize: px(14) }
    },
    xAxis: {
      type: 'time',
      min: from,
      max: to,
      axisLine: { lineStyle: { color: theme.grid } },
      axisLabel: { color: theme.text, fontSize: px(13), hideOverlap: true },
      splitLine: { show: false }
    },
    yAxis: {
      type: 'value',
      scale: true,
      min: yMin,
      max: yMax,
      // Computed bounds are not round numbers: label only the nice ticks between them.
      axisLabel: { color: theme.text, fontSize: px(13), formatter: (v: number) => fmt(v), showMinLabel: !yMin, showMaxLabel: !yMax },
      splitLine: { lineStyle: { color: theme.grid } }
    },
    dataZoom: interactive
      ? [
          { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
          {
            type: 'slider',
            xAxisIndex: 0,
            filterMode: 'none',
            height: px(18),
            bottom: px(4),
            showDetail: false,
            brushSelect: false,
            borderColor: theme.grid,
            textStyle: { color: theme.muted },
            dataBackground: { lineStyle: { color: theme.muted }, areaStyle: { color: theme.grid } }
          }
        ]
      : [],
    series: [
      ...(forecast ? forecastSeries(forecast, { color: colors[0], lineWidth: Math.max(2, px(3)) }) : []),
      ...lines.map((line, i) => ({
      type: 'line' as const,
      name: line.name,
      data: line.points,
      showSymbol: line.points.length === 1,
      symbolSize: px(8),
      sampling: 'lttb' as const,
      connectNulls: false,
      lineStyle: {
        width: Math.max(2, px(3)),
        color: colors[i % colors.length],
        type: line.dashed ? 'dashed' : multi ? LINE_DASH[i % LINE_DASH.length] : 'solid'
      },
      itemStyle: { color: colors[i % colors.length] },
      areaStyle: area ? { color: colors[i % colors.length], opacity: 0.14 } : undefined,
      emphasis: { disabled: true },
      // Reference lines and annotations ride on the first line (markers need a series).
      ...(i === 0 && markLineData.length > 0 ? { markLine: { silent: true, symbol: 'none', animation: false, data: markLineData } } : {}),
      ...(i === 0 && markAreaData && markAreaData.length > 0 ? { markArea: { silent: true, animation: false, data: markAreaData } } : {})
    }))
    ]
  }
}
