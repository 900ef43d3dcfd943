// What every receiver implements, and what it is given to do its work.
import type { EventBus } from '../../engine/event-bus'
import type { DeliveryIntent } from './intent'
import type { ExpandSecrets } from './redactor'
import type { ReceiverKind } from './receiver-config'

/** One send of one recorded notification. */
export interface Outgoing {
  /** The outbox id: stable across retries and restarts, so receivers can deduplicate on it. */
  notificationId: string
  /** 1 for the first attempt. */
  attempt: number
  intent: DeliveryIntent
}

export interface Receiver {
  readonly id: string
  readonly kind: ReceiverKind
  /** False when the receiver is not told about resolved alerts (config send_resolved: false). */
  readonly sendResolved: boolean
  /** Sends one notification; resolves once the receiver accepted it, throws a DeliveryError (retryable or permanent) otherwise. */
  send(n: Outgoing, signal: AbortSignal): Promise<void>
}

export interface ReceiverDeps {
  /** The engine bus: the desktop receiver emits `notification` events on it. */
  bus: Pick<EventBus, 'emit'>
  expandSecrets: ExpandSecrets
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number
  /** Vigil's own URL (e.g. http://noc-box:8080) for links in messages; empty = no links. */
  externalUrl?: string
  /** PagerDuty payload.source when the alerts carry no instance/service label (default "vigil"). */
  sourceName?: string
}

export const DEFAULT_SEND_TIMEOUT_MS = 10_000

/** The send timeout for a receiver: its own `timeout`, else the deps' default, else 10 s. */
export function sendTimeout(config: { timeout?: number }, deps: ReceiverDeps): number {
  return config.timeout ?? deps.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS
}

/** Link to an alert in Vigil's UI, or "" without an external URL. */
export function alertLink(externalUrl: string, alertId: string): string {
  return externalUrl === '' ? '' : `${externalUrl.replace(/\/+$/, '')}/#/alerts?alert=${encodeURIComponent(alertId)}`
}
