// Range data for several series over the current time window (one query each, same window).
import { keepPreviousData, useQueries } from '@tanstack/react-query'
import { getBridge } from '../../api/bridge'
import type { TimeWindow } from '../../clock/time-window'
import type { SeriesRef } from './series-ref'
import { seriesKeys } from './series-keys'

/** Fetches bucketed points per series; each keeps showing its previous window while the next loads. */
export function useSeriesRanges(refs: SeriesRef[], window: TimeWindow) {
  return useQueries({
    queries: refs.map((ref) => {
      const agg = ref.agg ?? 'avg'
      return {
        queryKey: seriesKeys.range(ref.series, ref.labels, window.from, window.to, window.step, agg),
        queryFn: () =>
          getBridge().queryRange({ series: ref.series, labels: ref.labels, from: window.from, to: window.to, step: window.step, agg }),
        placeholderData: keepPreviousData
      }
    })
  })
}
