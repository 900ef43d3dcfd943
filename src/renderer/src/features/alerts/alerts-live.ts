// Keeps the alerting queries current: an `alerts` event (evaluation, routing, acknowledgement,
// silence, delivery, noise mark, config) refetches them, coalesced to at most one refetch per
// ALERTS_REFRESH_MS so a burst of deliveries costs one round trip.
import type { QueryClient } from '@tanstack/react-query'
import type { VigilBridge } from '@shared/api'
import { createCoalescer, type CoalescerClock } from '../../query/invalidation-coalescer'
import { alertKeys } from './alert-keys'

export const ALERTS_REFRESH_MS = 500

export interface AlertsLiveDeps {
  bridge: Pick<VigilBridge, 'on'>
  queryClient: QueryClient
  clock?: CoalescerClock
}

/** Subscribes; returns the function that unsubscribes. */
export function connectAlertsLiveUpdates({ bridge, queryClient, clock }: AlertsLiveDeps): () => void {
  const refresh = createCoalescer<string>(() => void queryClient.invalidateQueries({ queryKey: alertKeys.all }), ALERTS_REFRESH_MS, clock)
  const off = bridge.on('alerts', (event) => refresh.add([typeof event?.reason === 'string' ? event.reason : 'alerts']))
  return () => {
    off()
    refresh.dispose()
  }
}
