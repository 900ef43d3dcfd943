// A forecast drawn after its history: the mean as a dashed line, each prediction band as a shaded
// area. ECharts has no "band" series, so a band is two stacked lines: its lower edge (invisible)
// and its width on top of it, filled down to the lower edge. Stacking is by data index, so every
// part of a band has the same time steps; no sampling (it would break that alignment).
import type { LineSeriesOption } from 'echarts/charts'
import type { ForecastView } from '@shared/analytics'
import type { Point } from '@shared/types'

export interface ForecastBandPath {
  /** Coverage in percent (80, 95). */
  level: number
  lower: Point[]
  upper: Point[]
}

/** What a chart draws of a forecast. */
export interface ForecastOverlay {
  /** The mean path; starts at the last observed point (when there is one) so it joins the history. */
  mean: Point[]
  /** Widest band first (drawn first, so narrower bands shade over it). */
  bands: ForecastBandPath[]
  /** True when the paths start at the last observation (history, not forecast). */
  anchored: boolean
  model: string
  note: string
}

/** Legend names: the mean is "forecast", a band its coverage ("80 %"). */
export const FORECAST_NAME = 'forecast'
export const bandName = (level: number): string => `${level} %`

/** Series ids of the drawing parts (the tooltip leaves them out; it states the bands itself). */
export const FORECAST_PART_PREFIX = 'forecast-part-'

/** The drawable paths of a forecast view; bad lengths or non-finite values are left out, not drawn as zero. */
export function forecastOverlay(view: Pick<ForecastView, 'history' | 'ts' | 'mean' | 'bands' | 'model' | 'note'>): ForecastOverlay {
  const last = view.history.length > 0 ? view.history[view.history.length - 1] : null
  const anchor: Point | null = last && Number.isFinite(last[1]) && (view.ts.length === 0 || last[0] < view.ts[0]) ? last : null
  const steps = view.ts.map((t, i) => ({ t, i })).filter(({ i }) => Number.isFinite(view.mean[i]))
  const mean: Point[] = [...(anchor ? [anchor] : []), ...steps.map(({ t, i }): Point => [t, view.mean[i]])]
  const bands = view.bands
    .filter((b) => b.lower.length === view.ts.length && b.upper.length === view.ts.length)
    .map((b) => {
      const ok = steps.filter(({ i }) => Number.isFinite(b.lower[i]) && Number.isFinite(b.upper[i]))
      return {
        level: b.level,
        lower: [...(anchor ? [anchor] : []), ...ok.map(({ t, i }): Point => [t, Math.min(b.lower[i], b.upper[i])])],
        upper: [...(anchor ? [anchor] : []), ...ok.map(({ t, i }): Point => [t, Math.max(b.lower[i], b.upper[i])])]
      }
    })
    .sort((a, b) => b.level - a.level)
  return { mean, bands, anchored: anchor !== null, model: view.model, note: view.note }
}

/** Shading strength of a band: narrower (likelier) bands darker; one hue, so it reads without colour vision. */
export function bandOpacity(level: number, levels: readonly number[]): number {
  const sorted = [...levels].sort((a, b) => b - a)
  const rank = sorted.indexOf(level)
  return Math.min(0.45, 0.16 + 0.14 * Math.max(0, rank))
}

export interface ForecastSeriesStyle {
  color: string
  lineWidth: number
}

/** The ECharts series of a forecast: per band its hidden lower edge and its filled width, then the dashed mean. */
export function forecastSeries(overlay: ForecastOverlay, style: ForecastSeriesStyle): LineSeriesOption[] {
  const levels = overlay.bands.map((b) => b.level)
  const parts: LineSeriesOption[] = []
  const common = {
    type: 'line' as const,
    showSymbol: false,
    symbol: 'none',
    connectNulls: false,
    emphasis: { disabled: true },
    silent: true,
    z: 1
  }
  for (const band of overlay.bands) {
    const stack = `${FORECAST_PART_PREFIX}${band.level}`
    const opacity = bandOpacity(band.level, levels)
    parts.push({
      ...common,
      id: `${stack}-lower`,
      name: `${bandName(band.level)} lower`,
      stack,
      stackStrategy: 'all',
      data: band.lower,
      lineStyle: { opacity: 0 },
      tooltip: { show: false }
    })
    parts.push({
      ...common,
      id: `${stack}-width`,
      name: bandName(band.level),
      stack,
      stackStrategy: 'all',
      data: band.upper.map(([t, hi], i): Point => [t, hi - band.lower[i][1]]),
      lineStyle: { opacity: 0 },
      itemStyle: { color: style.color, opacity },
      areaStyle: { color: style.color, opacity }
    })
  }
  parts.push({
    ...common,
    id: `${FORECAST_PART_PREFIX}mean`,
    name: FORECAST_NAME,
    data: overlay.mean,
    z: 3,
    lineStyle: { width: style.lineWidth, color: style.color, type: 'dashed' },
    itemStyle: { color: style.color }
  })
  return parts
}

/** The forecast at one step: mean and band edges (for the tooltip); null outside the forecast. */
export function forecastAt(overlay: ForecastOverlay, t: number, tolerance: number): { t: number; mean: number; bands: { level: number; lower: number; upper: number }[] } | null {
  // Skip the anchor (the last observation): it is history, not forecast.
  let best = -1
  for (let i = overlay.anchored ? 1 : 0; i < overlay.mean.length; i++) {
    if (Math.abs(overlay.mean[i][0] - t) <= tolerance && (best === -1 || Math.abs(overlay.mean[i][0] - t) < Math.abs(overlay.mean[best][0] - t))) best = i
  }
  if (best === -1) return null
  const at = overlay.mean[best][0]
  const bands = overlay.bands.flatMap((b) => {
    const j = b.lower.findIndex((p) => p[0] === at)
    return j === -1 ? [] : [{ level: b.level, lower: b.lower[j][1], upper: b.upper[j][1] }]
  })
  return { t: at, mean: overlay.mean[best][1], bands: bands.sort((a, b) => a.level - b.level) }
}

/** The forecast's last step: what the panel states in words ("42 % by 2027-05-28, 80 %: 30–55 %"). */
export function forecastEnd(overlay: ForecastOverlay): { t: number; mean: number; bands: { level: number; lower: number; upper: number }[] } | null {
  const last = overlay.mean[overlay.mean.length - 1]
  return last ? forecastAt(overlay, last[0], 0) : null
}
