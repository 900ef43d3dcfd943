// The spoken summary of a chart (its aria-label): what is drawn and the latest values.
import type { ValueFormatter } from '../format/unit-text'
import type { ChartLine } from './time-series-option'

/** "AI ROI: ai_roi_percent latest 42.1 %; target 25 %; 2 annotations". */
export function chartSummary(title: string, lines: readonly ChartLine[], format: ValueFormatter, extras: string[] = []): string {
  const parts = lines.map((l) => {
    const last = l.points[l.points.length - 1]
    return last ? `${l.name} latest ${format(last[1])}` : `${l.name} no data`
  })
  return [`${title} chart`, parts.join(', '), ...extras].filter((s) => s !== '').join('; ')
}
