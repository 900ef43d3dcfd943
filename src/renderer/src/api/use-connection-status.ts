// React binding of the event-connection status.
import { useSyncExternalStore } from 'react'
import { getConnection } from './bridge'
import type { ConnectionStatus } from './connection'

/** The push-event connection status; re-renders on change. */
export function useConnectionStatus(): ConnectionStatus {
  const connection = getConnection()
  return useSyncExternalStore(connection.subscribe, connection.get)
}
