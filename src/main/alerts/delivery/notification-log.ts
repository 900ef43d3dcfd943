// The notification log as the UI and `GET /api/notifications` show it: one entry per
// notification and receiver, with its delivery state, attempts, last error and times.
import type { OutboxEntry, OutboxQuery, OutboxState } from '../../store/outbox'
import type { DeliveryKind } from './intent'
import type { Receiver } from './receiver'
import type { ReceiverKind } from './receiver-config'

export type NotificationLogQuery = OutboxQuery

export interface NotificationLogEntry {
  /** Stable id of this notification to this receiver (desktop notices and e-mails carry it too). */
  id: string
  /** The intent's id (unique per notification). */
  notificationKey: string
  receiver: string
  /** The receiver's kind, or null when it is no longer configured. */
  receiverKind: ReceiverKind | null
  groupKey: string
  kind: DeliveryKind
  level: number
  /** Subject line, e.g. "[FIRING:2] HighLatency (checkout)". */
  summary: string
  state: OutboxState
  attempts: number
  lastError: string | null
  createdAt: number
  updatedAt: number
  /** When the next attempt is due; null unless pending. */
  nextAttemptAt: number | null
  deliveredAt: number | null
}

/** An outbox row as a log entry. */
export function toLogEntry(e: OutboxEntry, receivers: ReadonlyMap<string, Receiver>): NotificationLogEntry {
  return {
    id: e.id,
    notificationKey: e.dedupKey,
    receiver: e.receiver,
    receiverKind: receivers.get(e.receiver)?.kind ?? null,
    groupKey: e.groupKey,
    kind: e.kind as DeliveryKind,
    level: e.level,
    summary: e.summary,
    state: e.state,
    attempts: e.attempts,
    lastError: e.lastError,
    createdAt: e.created,
    updatedAt: e.updated,
    nextAttemptAt: e.state === 'pending' ? e.nextAttemptAt : null,
    deliveredAt: e.deliveredAt
  }
}
