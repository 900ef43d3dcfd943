// Query keys for series data. Every per-series key starts with ['series', name] so a `samples`
// event naming that series invalidates its range and latest queries with one prefix match.
import type { Aggregation, Labels } from '@shared/types'

/** Labels as a stable, order-independent key part ("" for none). */
export function labelsKey(labels: Labels | undefined): string {
  if (!labels) return ''
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',')
}

export const seriesKeys = {
  all: ['series'] as const,
  bySeries: (series: string) => ['series', series] as const,
  range: (series: string, labels: Labels | undefined, from: number, to: number, step: number | undefined, agg: Aggregation | undefined) =>
    ['series', series, 'range', { labels: labelsKey(labels), from, to, step: step ?? null, agg: agg ?? 'avg' }] as const,
  /** One line per value of `by` (queryGrouped). */
  grouped: (series: string, labels: Labels | undefined, by: string, from: number, to: number, step: number | undefined, agg: Aggregation | undefined) =>
    ['series', series, 'grouped', { labels: labelsKey(labels), by, from, to, step: step ?? null, agg: agg ?? 'avg' }] as const,
  latest: (series: string, labels: Labels | undefined) => ['series', series, 'latest', { labels: labelsKey(labels) }] as const,
  /** The catalog is not per series: it changes only when a new series appears. */
  catalogAll: ['series-catalog'] as const,
  catalog: (match: string | undefined) => ['series-catalog', match ?? ''] as const
}
