// Distinct series names from the catalog (for Explore suggestions).
import { useQuery } from '@tanstack/react-query'
import { getBridge } from '../../api/bridge'
import { seriesKeys } from './series-keys'

/** Sorted distinct series names; refreshed when a `samples` event names an unknown series. */
export function useSeriesNames(enabled: boolean) {
  return useQuery({
    queryKey: seriesKeys.catalog(undefined),
    queryFn: () => getBridge().listSeries({}),
    select: (infos) => [...new Set(infos.map((i) => i.name))].sort(),
    enabled
  })
}
