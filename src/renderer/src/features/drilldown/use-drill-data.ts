// The drill-down's reads: avg, min and max over the window at the chosen resolution, and the
// newest raw samples. Keys start with ['series', name], so `samples` events refresh them.
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query'
import type { Aggregation, Labels, Point, QueryResult } from '@shared/types'
import { getBridge } from '../../api/bridge'
import type { TimeWindow } from '../../clock/time-window'
import { labelsKey, seriesKeys } from '../series/series-keys'
import { rawWindows, RAW_ROWS } from './drill-links'

const BAND_AGGS: readonly Aggregation[] = ['avg', 'min', 'max']

/** avg, min and max answers (in that order) over `window` with `stepS` buckets. */
export function useBandData(series: string, labels: Labels | undefined, window: TimeWindow, stepS: number, enabled: boolean) {
  return useQueries({
    queries: BAND_AGGS.map((agg) => ({
      queryKey: seriesKeys.range(series, labels, window.from, window.to, stepS, agg),
      queryFn: () => getBridge().queryRange({ series, labels, from: window.from, to: window.to, step: stepS, agg }),
      placeholderData: keepPreviousData,
      enabled
    }))
  })
}

export interface RawData {
  points: Point[]
  /** The window the points came from (the narrowest holding enough samples). */
  window: TimeWindow
  tier: QueryResult['tier']
}

/** The newest samples up to `end`: 1 s buckets over the last hour, widened once when that holds fewer than RAW_ROWS. */
export function useRawData(series: string, labels: Labels | undefined, end: number) {
  return useQuery({
    queryKey: [...seriesKeys.bySeries(series), 'raw', { labels: labelsKey(labels), end }] as const,
    queryFn: async (): Promise<RawData> => {
      const windows = rawWindows(end)
      let last: RawData | null = null
      for (const window of windows) {
        const r = await getBridge().queryRange({ series, labels, from: window.from, to: window.to, step: window.step, agg: 'last' })
        last = { points: r.points, window, tier: r.tier }
        if (r.points.length >= RAW_ROWS) break
      }
      return last as RawData
    },
    placeholderData: keepPreviousData
  })
}
