// The engine as the shells (Electron, `vigil serve`) and the HTTP server see it.
import type { ArchiveExportResult, VigilApi } from '@shared/api'
import type { IngestSample } from '@shared/types'
import type { AppendResult } from '../store/metric-store'
import type { PredictionInput, PredictionLabel } from '../store/predictions'
import type { ReportRenderer } from '../reports/report-renderer'
import type { EventBus } from './event-bus'
import type { SecretStore } from '../config/secrets-store'

export interface Engine {
  /** Implementation of every contract request. */
  api: VigilApi
  /** Push events of the contract. */
  bus: EventBus
  /** Writes pushed samples (from /api/write) into the push source; resolves once durable. */
  push(samples: IngestSample[], sourceId?: string): Promise<AppendResult>
  /**
   * Stores pushed prediction records and late labels (from POST /api/predictions) through the named
   * (or first) push source, plus their summary samples; resolves once durable. Absent on engines
   * that keep no predictions; a read-only engine refuses (ReadOnlyError).
   */
  pushPredictions?(records: PredictionInput[], labels?: LateLabel[], sourceId?: string): Promise<PredictionPushResult>
  /** Largest accepted /api/write (and /api/predictions) body in bytes. */
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
  /**
   * Runs the config's scheduled reports (`reports:`) through this renderer, again after every
   * config reload; null stops them. Does nothing on a read-only engine.
   */
  setReportRenderer(renderer: ReportRenderer | null): Promise<void>
  /** Writes an archive to an absolute path the user chose (the app's save dialog), reporting progress 0–1. */
  exportArchiveTo(out: string, range: ArchiveFileRequest, onProgress?: (fraction: number, stage: string) => void): Promise<ArchiveExportResult>
  /** Where ${secret:NAME} values come from (the OS keychain, then the environment). */
  readonly secrets: SecretStore
  /** Secrets were set or deleted: the sources that use them restart with the new values. */
  secretsChanged(names: readonly string[]): Promise<void>
}

/** What an archive written to a chosen file covers. */
export interface ArchiveFileRequest {
  from: number
  to: number
  seriesGlob?: string
  sign?: boolean
}

/** A late label sent on its own: the stored record of `model` with source id `id` gets `label`. */
export interface LateLabel extends PredictionLabel {
  model: string
}

export interface PredictionPushResult {
  /** New records stored. */
  accepted: number
  /** Records whose (model, id) was already stored (not stored again; their label fills a missing one). */
  duplicates: number
  /** Labels set. */
  labelled: number
  /** Late labels whose (model, id) matches no stored record. */
  unmatched: LateLabel[]
  /** Records the store refused (index in `records` + reason); the route checks first, so normally none. */
  rejected: { index: number; reason: string }[]
}
