// One status word for the header and the wallboard strip: live, reconnecting or stale, each
// with a shape so it is never told by colour alone.
import type { ConnectionStatus } from '../api/connection'
import type { Staleness } from '../features/stale/stale-detection'

export interface LiveStatus {
  kind: 'live' | 'connecting' | 'reconnecting' | 'stale'
  word: string
  shape: string
}

/** The status to show for a connection state and staleness verdict. */
export function liveStatus(connection: ConnectionStatus, staleness: Staleness): LiveStatus {
  if (staleness.stale) return { kind: 'stale', word: 'STALE', shape: '▲' }
  if (connection === 'reconnecting') return { kind: 'reconnecting', word: 'RECONNECTING', shape: '◆' }
  if (connection === 'connecting') return { kind: 'connecting', word: 'CONNECTING', shape: '◆' }
  return { kind: 'live', word: 'LIVE', shape: '●' }
}
