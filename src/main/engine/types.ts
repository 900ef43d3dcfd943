// The engine as the shells (Electron, `vigil serve`) and the HTTP server see it.
import type { VigilApi } from '@shared/api'
import type { IngestSample } from '@shared/types'
import type { AppendResult } from '../store/metric-store'
import type { EventBus } from './event-bus'

export interface Engine {
  /** Implementation of every contract request. */
  api: VigilApi
  /** Push events of the contract. */
  bus: EventBus
  /** Writes pushed samples (from /api/write) into the push source; resolves once durable. */
  push(samples: IngestSample[], sourceId?: string): Promise<AppendResult>
  /** Largest accepted /api/write body in bytes. */
  maxPushBodyBytes: number
  /** True for archive review mode (writes refused). */
  readOnly: boolean
  /** Stops sources, flushes pending writes, closes the store. Idempotent. */
  stop(): Promise<void>
}

/** An engine on a live data dir, as `startEngine` returns it. */
export interface LiveEngineHandle extends Engine {
  /** Sets Vigil's own URL for links in notifications, unless the config's alerting.external_url names one ('' = no links). */
  setExternalUrl(url: string): void
}
