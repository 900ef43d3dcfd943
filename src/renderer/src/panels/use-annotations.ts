// The annotations a chart draws: the view's list for the window, narrowed to the chart's series.
import { useMemo } from 'react'
import type { Annotation } from '@shared/annotations'
import type { CallOf } from '@shared/views/panel-requests'
import { annotationsForSeries } from '../features/annotations/annotation-display'
import { useCall } from '../views/use-call'

const NONE: Annotation[] = []

/** Annotations for these series (a failed list only means no markers: the data still shows). */
export function useChartAnnotations(call: CallOf<'listAnnotations'>, series: readonly string[]): Annotation[] {
  const q = useCall(call)
  const key = series.join('\u0000')
  return useMemo(() => (Array.isArray(q.data) ? annotationsForSeries(q.data, series) : NONE), [q.data, key])
}
