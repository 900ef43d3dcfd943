// What a panel plots or shows: one series, optionally narrowed by labels, with its bucket aggregation.
import type { Aggregation, Labels } from '@shared/types'

export interface SeriesRef {
  series: string
  labels?: Labels
  /** Bucket aggregation for charts (default avg). */
  agg?: Aggregation
  /** Legend/tile caption; defaults to the series name. */
  title?: string
}
