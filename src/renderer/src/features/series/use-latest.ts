// The latest value(s) of a series.
import { useQuery } from '@tanstack/react-query'
import { getBridge } from '../../api/bridge'
import type { SeriesRef } from './series-ref'
import { seriesKeys } from './series-keys'

/** Fetches the latest sample of each label set of the series. */
export function useLatest(ref: Pick<SeriesRef, 'series' | 'labels'>) {
  return useQuery({
    queryKey: seriesKeys.latest(ref.series, ref.labels),
    queryFn: () => getBridge().latest({ series: ref.series, labels: ref.labels })
  })
}
