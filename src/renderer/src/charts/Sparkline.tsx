// A KPI tile's trend line (decorative: the tile states the value and change in text).
import { useMemo, useRef } from 'react'
import type { Point } from '@shared/types'
import { EChart } from './EChart'
import { useChartTheme } from './chart-theme'
import { sparklineOption } from './sparkline-option'
import { useFontScale } from './use-font-scale'

export function Sparkline({ points, target, tone }: { points: Point[]; target: number | null; tone: 'ok' | 'warn' | 'bad' | 'neutral' | 'muted' }) {
  const ref = useRef<HTMLDivElement>(null)
  const theme = useChartTheme(ref)
  const fontScale = useFontScale()
  const color = tone === 'ok' ? theme.ok : tone === 'warn' ? theme.warn : tone === 'bad' ? theme.bad : theme.accent
  const option = useMemo(() => sparklineOption({ points, target, color, theme, fontScale }), [points, target, color, theme, fontScale])
  return (
    <div ref={ref} className="sparkline" aria-hidden="true">
      <EChart className="chart-canvas" option={option} />
    </div>
  )
}
