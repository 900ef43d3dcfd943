// Alert markers on charts: a firing episode becomes an `alert` annotation (view-wide, so every
// chart draws it), keyed by alert and episode; when the alert resolves the same annotation gets
// its end, so the chart shows the period it fired.
import type { AlertInstance } from '@shared/alerts'
import type { AnnotationInput } from '../store/metric-store'
import type { AlertTransition } from './rules'

/** Source id of the annotations the alert engine writes. */
export const ALERT_ANNOTATION_SOURCE = 'alerting'

const MAX_TITLE = 200

function annotationFor(a: AlertInstance, firedAt: number, endTs: number | null): AnnotationInput {
  const summary = a.annotations.summary?.trim()
  const title = `${a.severity === 'critical' ? 'Critical' : a.severity === 'warning' ? 'Warning' : 'Info'}: ${summary || a.rule}`
  return {
    source: ALERT_ANNOTATION_SOURCE,
    key: `${a.id}@${firedAt}`,
    kind: 'alert',
    ts: firedAt,
    endTs,
    title: title.length <= MAX_TITLE ? title : `${title.slice(0, MAX_TITLE - 1)}…`,
    text: `${a.rule} (${a.severity})${a.value === null ? '' : `, value ${a.value}`}${endTs === null ? '' : ', resolved'}`,
    series: [],
    labels: { ...a.labels }
  }
}

/** The annotation writes for a batch of transitions: one per firing episode started, one per episode ended. */
export function alertAnnotations(transitions: readonly AlertTransition[]): AnnotationInput[] {
  const out: AnnotationInput[] = []
  for (const t of transitions) {
    const a = t.instance
    if (t.to === 'firing') out.push(annotationFor(a, a.firedAt ?? t.at, null))
    else if (t.to === 'resolved' && a.firedAt !== null) out.push(annotationFor(a, a.firedAt, Math.max(a.firedAt, a.resolvedAt ?? t.at)))
  }
  return out
}
