// The one React wrapper around ECharts: initialises once, updates in place with setOption,
// follows its container's size and disposes on unmount (a wallboard runs for days: charts are
// never recreated per refresh).
import { useEffect, useLayoutEffect, useRef, type HTMLAttributes } from 'react'
import { echarts, type EChartsType } from './echarts-registry'
import type { ChartOption } from './chart-option'

export interface EChartProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  option: ChartOption
  /** Called after the user zooms, with the visible part of the x axis in percent (0–100). */
  onZoomPercent?: (start: number, end: number) => void
  /** When this changes, any zoom is reset (e.g. the time window changed). */
  resetZoomKey?: string | number
}

interface ZoomRange {
  start?: number
  end?: number
}

/** The zoom range a 'datazoom' event reports (inside zoom sends it in a batch). */
function zoomOf(event: ZoomRange & { batch?: ZoomRange[] }): ZoomRange {
  return event.batch?.[0] ?? event
}

/** Renders `option` into a canvas that fills this element. */
export function EChart({ option, onZoomPercent, resetZoomKey, ...divProps }: EChartProps) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<EChartsType | null>(null)
  const onZoomRef = useRef(onZoomPercent)
  useLayoutEffect(() => {
    onZoomRef.current = onZoomPercent
  })
  const zoomed = useRef(false)

  useEffect(() => {
    const node = el.current
    if (!node) return
    const instance = echarts.init(node, undefined, { renderer: 'canvas' })
    chart.current = instance
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(node)
    instance.on('datazoom', (event) => {
      const { start, end } = zoomOf(event as ZoomRange)
      if (typeof start !== 'number' || typeof end !== 'number') return
      zoomed.current = start > 0 || end < 100
      onZoomRef.current?.(start, end)
    })
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    // replaceMerge: series are replaced (no stale lines or markers when their number changes)
    // while the other components, e.g. the zoom state, are updated in place.
    chart.current?.setOption(option, { replaceMerge: ['series'], lazyUpdate: true })
  }, [option])

  useEffect(() => {
    if (!zoomed.current) return
    zoomed.current = false
    chart.current?.dispatchAction({ type: 'dataZoom', start: 0, end: 100 })
  }, [resetZoomKey])

  return <div ref={el} {...divProps} />
}
