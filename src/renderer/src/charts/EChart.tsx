// The one React wrapper around ECharts: initialises once, updates in place with setOption,
// follows its container's size and disposes on unmount.
import { useEffect, useRef, type HTMLAttributes } from 'react'
import { echarts, type EChartsType } from './echarts-registry'
import { seriesCount, type ChartOption } from './chart-option'

export interface EChartProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  option: ChartOption
}

/** Renders `option` into a canvas that fills this element. */
export function EChart({ option, ...divProps }: EChartProps) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<EChartsType | null>(null)
  const lastSeriesCount = useRef(-1)

  useEffect(() => {
    const node = el.current
    if (!node) return
    const instance = echarts.init(node, undefined, { renderer: 'canvas' })
    chart.current = instance
    lastSeriesCount.current = -1
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(node)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    const instance = chart.current
    if (!instance) return
    const count = seriesCount(option)
    // Merging keeps zoom state and animates nothing; a changed series count would leave stale series behind.
    instance.setOption(option, { notMerge: count !== lastSeriesCount.current, lazyUpdate: true })
    lastSeriesCount.current = count
  }, [option])

  return <div ref={el} {...divProps} />
}
