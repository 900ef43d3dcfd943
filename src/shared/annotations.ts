// Annotations drawn on time-series charts: deployments, incidents, alert firings, notes.

export type AnnotationKind = 'deployment' | 'incident' | 'alert' | 'note'

export interface Annotation {
  id: string
  kind: AnnotationKind
  /** Epoch ms; `endTs` set for periods (an outage), null for instants (a deployment). */
  ts: number
  endTs: number | null
  title: string
  text: string | null
  /** Series the annotation concerns (empty: all charts of the view). */
  series: string[]
  labels: Record<string, string>
  source: string
}
