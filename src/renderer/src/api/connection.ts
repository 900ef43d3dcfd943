// Status of the push-event channel, shown as a banner when live updates are interrupted.

/** connecting: first attempt; connected: events flow; reconnecting: lost, retrying. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting'

export interface ConnectionState {
  get(): ConnectionStatus
  /** Calls the listener on every change; returns the unsubscribe function. */
  subscribe(listener: (status: ConnectionStatus) => void): () => void
}

/** A settable ConnectionState; only the transport that owns it calls set(). */
export function createConnectionState(initial: ConnectionStatus): ConnectionState & { set(status: ConnectionStatus): void } {
  let status = initial
  const listeners = new Set<(status: ConnectionStatus) => void>()
  return {
    get: () => status,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    set(next) {
      if (next === status) return
      status = next
      for (const listener of listeners) listener(next)
    }
  }
}
