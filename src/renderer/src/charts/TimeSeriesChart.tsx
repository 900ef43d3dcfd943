// A time-series chart in the page theme: lines, normal range, reference lines, annotations;
// in laptop mode zoom, reported (debounced) as a time range through onZoom.
import { useEffect, useMemo, useRef } from 'react'
import type { Annotation } from '@shared/annotations'
import type { ValueFormatter } from '../format/unit-text'
import type { AnomalyShade } from './anomaly-shading'
import { EChart } from './EChart'
import { useChartTheme } from './chart-theme'
import type { ForecastOverlay } from './forecast-series'
import { timeSeriesOption, type ChartLine, type ChartReference } from './time-series-option'
import { useFontScale } from './use-font-scale'

export interface TimeSeriesChartProps {
  lines: ChartLine[]
  format: ValueFormatter
  from: number
  to: number
  interactive: boolean
  area?: boolean
  normalRange?: readonly [number, number] | null
  references?: ChartReference[]
  annotations?: Annotation[]
  /** A forecast after the lines (mean dashed, 80 % / 95 % bands shaded). */
  forecast?: ForecastOverlay | null
  /** Anomalous periods to shade. */
  anomalies?: AnomalyShade[]
  /** Values the series cannot leave (a forecast's axis stops there). */
  valueLimits?: readonly [number, number] | null
  /** Laptop mode: the user zoomed to [from, to) (debounced; not called for the full window). */
  onZoom?: (from: number, to: number) => void
  /** Spoken summary of the chart (series and latest values). */
  ariaLabel: string
}

const ZOOM_DEBOUNCE_MS = 400

export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const { lines, format, from, to, interactive, area, normalRange, references, annotations, forecast, anomalies, valueLimits, onZoom, ariaLabel } = props
  const themeRef = useRef<HTMLDivElement>(null)
  const theme = useChartTheme(themeRef)
  const fontScale = useFontScale()
  const option = useMemo(
    () => timeSeriesOption({ lines, unit: 'number', format, from, to, interactive, fontScale, area, normalRange, references, annotations, forecast, anomalies, valueLimits, theme }),
    [lines, format, from, to, interactive, fontScale, area, normalRange, references, annotations, forecast, anomalies, valueLimits, theme]
  )

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current)
  }, [])
  const onZoomPercent = onZoom
    ? (start: number, end: number) => {
        if (timer.current) clearTimeout(timer.current)
        // The full window is not a zoom (e.g. the reset after the window changed).
        if (start <= 0.5 && end >= 99.5) return
        const span = to - from
        const zFrom = Math.round(from + (span * start) / 100)
        const zTo = Math.round(from + (span * end) / 100)
        timer.current = setTimeout(() => {
          if (zTo > zFrom) onZoom(zFrom, zTo)
        }, ZOOM_DEBOUNCE_MS)
      }
    : undefined

  return (
    <div ref={themeRef} className="chart-frame">
      <EChart
        key={interactive ? 'laptop' : 'wallboard'}
        className="chart-canvas"
        role="img"
        aria-label={ariaLabel}
        option={option}
        onZoomPercent={interactive ? onZoomPercent : undefined}
        resetZoomKey={`${from}-${to}`}
      />
    </div>
  )
}
