// What every data source implements, and what the scheduler hands it on each run.
import type { IngestSample } from '@shared/types'
import type { SourceConfig } from '@shared/config/schema'
import type { AnnotationInput, AppendResult } from '../store/metric-store'
import type { PredictionAppendResult, PredictionInput, PredictionLabel, PredictionLabelResult } from '../store/predictions'

export interface SourceStateAccess {
  get<T>(key: string): Promise<T | undefined>
  set(key: string, value: unknown): Promise<void>
}

export interface SourceContext {
  /** Aborted when the poll times out or the engine stops. */
  signal: AbortSignal
  /** The engine clock (epoch ms). */
  now(): number
  /** Writes samples (the source's config labels are added); resolves once durable. Invalid samples are rejected with reasons, not thrown. */
  write(samples: IngestSample[]): Promise<AppendResult>
  /** Persistent per-source state (cursors, files read, back-fill done). */
  state: SourceStateAccess
  /** Records an annotation (an incident, a deployment) from this source; `key` makes it idempotent. */
  annotate(a: Omit<AnnotationInput, 'source'>): Promise<void>
  /** Reports a non-fatal problem in this run (a skipped row, a bad value); the run is then recorded as an error with this message while its valid samples are kept. */
  warn(message: string): void
  /**
   * Stores model prediction records (see store/predictions.ts), resolving once durable; invalid
   * records are rejected with reasons, not thrown. Absent where the host keeps no predictions
   * (contexts built for sample-only tests).
   */
  writePredictions?(records: PredictionInput[]): Promise<PredictionAppendResult>
  /** Sets late labels on stored records of `model`, matched by the records' source ids. Present with writePredictions. */
  labelPredictions?(model: string, labels: PredictionLabel[]): Promise<PredictionLabelResult>
}

export interface Source {
  readonly id: string
  readonly kind: string
  /** Runs once before the first poll, without the poll timeout (e.g. history back-fill). */
  backfill?(ctx: SourceContext): Promise<void>
  /** One poll: fetch, map, write. Throws an Error with a clear message on failure. */
  poll(ctx: SourceContext): Promise<void>
  /** Releases connections, watchers, etc. */
  close?(): Promise<void>
}

export interface SourceDeps {
  /** Directory of the config file; relative paths in source configs resolve against it. */
  configDir: string
  /** Replaces every ${secret:NAME} in a string; throws naming the missing secret (never its value). */
  expandSecrets(text: string): string
}

export type SourceFactory<C extends SourceConfig = SourceConfig> = (config: C, deps: SourceDeps) => Source
