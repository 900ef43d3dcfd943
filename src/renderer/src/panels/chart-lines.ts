// Chart lines from range and grouped answers: one line per series ref, or one per label value.
import type { GroupedQueryResult } from '@shared/api'
import type { QueryResult } from '@shared/types'
import type { ChartLineRef } from '@shared/views/panel-requests'
import type { ChartLine } from '../charts/time-series-option'

/** Builds the lines in ref order; refs without an answer (yet) contribute none. */
export function chartLines(refs: readonly ChartLineRef[], answers: readonly (QueryResult | GroupedQueryResult | undefined)[]): ChartLine[] {
  const several = refs.length > 1
  return refs.flatMap((ref, i) => {
    const answer = answers[i]
    if (!answer) return []
    const name = ref.title ?? ref.series
    if ('groups' in answer) {
      return answer.groups
        .filter((g) => g.points.length > 0)
        .map((g) => ({ name: several ? `${name} ${g.value}` : g.value, points: g.points, dashed: ref.dashed }))
    }
    return answer.points.length > 0 ? [{ name, points: answer.points, dashed: ref.dashed }] : []
  })
}
