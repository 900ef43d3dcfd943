// A sparkline: the trend of a KPI tile, no axes or labels, with the target as a faint line.
import type { Point } from '@shared/types'
import type { ChartOption } from './chart-option'
import { DARK_THEME, type ChartTheme } from './chart-theme'

export interface SparklineInput {
  points: Point[]
  target?: number | null
  /** Colour role of the line (the KPI's status). */
  color?: string
  theme?: ChartTheme
  fontScale?: number
}

/** A minimal line filling its box; the y range includes the target so it stays visible. */
export function sparklineOption({ points, target = null, color, theme = DARK_THEME, fontScale = 1 }: SparklineInput): ChartOption {
  const line = color ?? theme.accent
  const hasTarget = target !== null && Number.isFinite(target)
  const values = points.map((p) => p[1]).filter(Number.isFinite)
  const lo = Math.min(...values, ...(hasTarget ? [target as number] : []))
  const hi = Math.max(...values, ...(hasTarget ? [target as number] : []))
  const pad = Math.max((hi - lo) * 0.08, Math.abs(hi) * 0.01, 1e-9)
  return {
    backgroundColor: 'transparent',
    animation: false,
    grid: { left: 2, right: 2, top: 4, bottom: 2 },
    tooltip: { show: false },
    xAxis: { type: 'time', show: false },
    yAxis: { type: 'value', show: false, min: values.length ? lo - pad : undefined, max: values.length ? hi + pad : undefined },
    series: [
      {
        type: 'line',
        data: points,
        showSymbol: false,
        sampling: 'lttb',
        lineStyle: { width: Math.max(2, Math.round(2 * fontScale)), color: line },
        areaStyle: { color: line, opacity: 0.12 },
        emphasis: { disabled: true },
        silent: true,
        ...(hasTarget
          ? { markLine: { silent: true, symbol: 'none', animation: false, label: { show: false }, lineStyle: { color: theme.muted, type: 'dashed' as const, width: 1 }, data: [{ yAxis: target as number }] } }
          : {})
      }
    ]
  }
}
