// Turns push events into cache updates, so components never poll:
// - samples: invalidates the range/latest queries of the named series (coalesced, ≤ 4 flushes/s),
//   and the series catalog when a series it does not list yet appears;
// - sourceState: patches the cached health answer in place;
// - config: refetches app info and health (sources may have changed);
// - reconnect: after the event stream was lost, events may have been missed, so every query
//   is invalidated once. This replaces a polling fallback.
import type { QueryClient } from '@tanstack/react-query'
import type { VigilBridge } from '@shared/api'
import type { Health, SeriesInfo } from '@shared/types'
import type { ConnectionState } from '../api/connection'
import { appInfoKeys } from '../features/app-info/app-info-keys'
import { applySourceState } from '../features/health/apply-source-state'
import { healthKeys } from '../features/health/health-keys'
import { seriesKeys } from '../features/series/series-keys'
import { createCoalescer, type CoalescerClock } from './invalidation-coalescer'

export const INVALIDATION_INTERVAL_MS = 250

export interface PushInvalidationDeps {
  bridge: Pick<VigilBridge, 'on'>
  connection: ConnectionState
  queryClient: QueryClient
  clock?: CoalescerClock
}

/** Subscribes the query cache to push events; returns the function that unsubscribes it. */
export function connectPushInvalidation({ bridge, connection, queryClient, clock }: PushInvalidationDeps): () => void {
  const coalescer = createCoalescer<string>(
    (names) => {
      for (const name of names) void queryClient.invalidateQueries({ queryKey: seriesKeys.bySeries(name) })
      if (hasUnknownSeries(queryClient, names)) void queryClient.invalidateQueries({ queryKey: seriesKeys.catalogAll })
    },
    INVALIDATION_INTERVAL_MS,
    clock
  )

  const offSamples = bridge.on('samples', (event) => {
    if (Array.isArray(event?.series)) coalescer.add(event.series.filter((s): s is string => typeof s === 'string'))
  })
  const offSourceState = bridge.on('sourceState', (update) => {
    if (typeof update?.id !== 'string') return
    if (queryClient.getQueryData<Health>(healthKeys.all)) {
      queryClient.setQueryData<Health>(healthKeys.all, (old) => (old ? applySourceState(old, update) : old))
    } else {
      void queryClient.invalidateQueries({ queryKey: healthKeys.all })
    }
  })
  const offConfig = bridge.on('config', () => {
    void queryClient.invalidateQueries({ queryKey: appInfoKeys.all })
    void queryClient.invalidateQueries({ queryKey: healthKeys.all })
  })

  let wasLost = false
  const offConnection = connection.subscribe((status) => {
    if (status === 'reconnecting') wasLost = true
    else if (status === 'connected' && wasLost) {
      wasLost = false
      void queryClient.invalidateQueries()
    }
  })

  return () => {
    offSamples()
    offSourceState()
    offConfig()
    offConnection()
    coalescer.dispose()
  }
}

/** True when some name is missing from every cached catalog answer (a new series appeared). */
function hasUnknownSeries(queryClient: QueryClient, names: Set<string>): boolean {
  const catalogs = queryClient.getQueriesData<SeriesInfo[]>({ queryKey: seriesKeys.catalogAll })
  if (catalogs.length === 0) return false
  const known = new Set<string>()
  for (const [, data] of catalogs) for (const info of data ?? []) known.add(info.name)
  for (const name of names) if (!known.has(name)) return true
  return false
}
