// How recommendations are shown: severity as word + shape + colour (the alerts' display, so a
// "critical" reads the same everywhere), the most severe first, and each cited figure as text. Pure.
import type { Figure, Recommendation } from '@shared/analytics-business'
import { severityDisplay } from '../features/alerts/alert-display'
import { formatValue } from '../format/number-format'

export { severityDisplay }

const RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 }

/** Most severe first; the engine's order within a severity. */
export function sortRecommendations(list: readonly Recommendation[]): Recommendation[] {
  return list
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (RANK[a.r.severity] ?? 3) - (RANK[b.r.severity] ?? 3) || a.i - b.i)
    .map(({ r }) => r)
}

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 })

/** A figure's value with its unit: "0.2295", "-33.27 %", "$1.2M", "2026-11-29", "35.6 % of capacity". */
export function figureValueText(f: Pick<Figure, 'value' | 'unit'>): string {
  if (typeof f.value === 'string') return f.value
  if (!Number.isFinite(f.value)) return '—'
  const unit = f.unit?.trim() ?? ''
  if (unit === '' || unit === 'date') return number.format(f.value)
  if (/^(usd|\$)$/i.test(unit)) return formatValue(f.value, 'usd')
  return `${number.format(f.value)} ${unit}`
}

export interface ShownRecommendations {
  shown: Recommendation[]
  /** The ones past the limit (titled in the "+ n more" line). */
  more: Recommendation[]
}

/** The recommendations to show (most severe first, at most `limit`) and the rest. */
export function recommendationsToShow(list: readonly Recommendation[], limit: number): ShownRecommendations {
  const sorted = sortRecommendations(list)
  const n = Math.max(1, Math.floor(limit))
  return { shown: sorted.slice(0, n), more: sorted.slice(n) }
}

/** "1 critical, 2 warnings" (empty string for none). */
export function severityCounts(list: readonly Pick<Recommendation, 'severity'>[]): string {
  const counts = new Map<string, number>()
  for (const r of list) counts.set(r.severity, (counts.get(r.severity) ?? 0) + 1)
  const word = (s: string, n: number) => (s === 'critical' ? 'critical' : s === 'warning' ? (n === 1 ? 'warning' : 'warnings') : s)
  return ['critical', 'warning', 'info', ...[...counts.keys()].filter((s) => !(s in RANK))]
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${word(s, counts.get(s)!)}`)
    .join(', ')
}
