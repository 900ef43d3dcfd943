// Chart colours from the theme's CSS variables, so the drill-down chart follows dark/light.
import type { DrillChartColors } from './drilldown-option'

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim()
  return v === '' ? fallback : v
}

/** Reads the chart colours of the current theme (call again after a theme change). */
export function readDrillChartColors(root: HTMLElement = document.documentElement): DrillChartColors {
  const style = getComputedStyle(root)
  return {
    text: cssVar(style, '--chart-text', '#c9d4df'),
    grid: cssVar(style, '--chart-grid', '#26313d'),
    line: cssVar(style, '--accent', '#4cc9f0'),
    band: cssVar(style, '--chart-band', 'rgba(76, 201, 240, 0.25)'),
    tooltipBg: cssVar(style, '--panel', '#131a22')
  }
}
