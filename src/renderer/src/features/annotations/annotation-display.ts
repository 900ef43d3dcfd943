// How annotations are shown: a word and a shape per kind, and which charts draw them.
import type { Annotation, AnnotationKind } from '@shared/annotations'
import type { Tone } from '../kpis/kpi-display'

export const KIND_DISPLAY: Record<AnnotationKind, { word: string; shape: string; tone: Tone }> = {
  deployment: { word: 'Deployment', shape: '◆', tone: 'neutral' },
  incident: { word: 'Incident', shape: '▲', tone: 'bad' },
  alert: { word: 'Alert', shape: '!', tone: 'warn' },
  note: { word: 'Note', shape: '✎', tone: 'muted' }
}

/** The display of a kind, tolerating one this build does not know. */
export function kindDisplay(kind: string): { word: string; shape: string; tone: Tone } {
  return KIND_DISPLAY[kind as AnnotationKind] ?? { word: kind, shape: '•', tone: 'muted' }
}

/** Annotations a chart of these series draws: those naming one of them, and those naming none (view-wide). */
export function annotationsForSeries(annotations: readonly Annotation[], series: readonly string[]): Annotation[] {
  const names = new Set(series)
  return annotations.filter((a) => !a.series || a.series.length === 0 || a.series.some((s) => names.has(s)))
}

/** Newest first (by start time), at most `limit`. */
export function newestFirst(annotations: readonly Annotation[], limit: number): Annotation[] {
  return [...annotations].sort((a, b) => b.ts - a.ts || a.id.localeCompare(b.id)).slice(0, Math.max(0, limit))
}
