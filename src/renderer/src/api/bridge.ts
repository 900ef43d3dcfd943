// The renderer's single entry to the API: Electron's preload bridge when present, else HTTP.
// Nothing else in the renderer knows which transport is in use.
import type { VigilBridge } from '@shared/api'
import { createConnectionState, type ConnectionState } from './connection'
import { createHttpBridge } from './http-bridge'

let transport: { bridge: VigilBridge; connection: ConnectionState } | null = null

function resolveTransport(): { bridge: VigilBridge; connection: ConnectionState } {
  if (transport) return transport
  if (window.vigil) {
    // IPC events cannot drop while the window lives, so the channel is always connected.
    transport = { bridge: window.vigil, connection: createConnectionState('connected') }
  } else {
    transport = createHttpBridge({ createEventSource: (url) => new EventSource(url) })
  }
  return transport
}

/** The API client for this page (created once). */
export function getBridge(): VigilBridge {
  return resolveTransport().bridge
}

/** Status of the push-event channel (for the reconnect banner and refetch-on-reconnect). */
export function getConnection(): ConnectionState {
  return resolveTransport().connection
}
