// The store's public face. Only src/main/store/ imports DuckDB; everything else sees this.
import type { Annotation } from '@shared/annotations'
import type {
  IngestSample,
  Labels,
  LatestValue,
  QueryResult,
  RangeQuery,
  SeriesInfo
} from '@shared/types'
import type { AlertStore } from './alert-store'
import type { NotificationOutbox } from './outbox'
import type { PredictionStore } from './predictions'
import type { SeriesSamples } from './window-samples'
import type { ArchiveTablesRequest, ArchiveTablesResult } from './archive-export'

export type { SeriesSamples } from './window-samples'
export type { PredictionStore } from './predictions'

export interface RejectedSample {
  /** Index in the appended array. */
  index: number
  reason: string
}

export interface AppendResult {
  accepted: number
  rejected: RejectedSample[]
}

export interface RetentionPolicy {
  /** Milliseconds to keep each tier. */
  raw: number
  '1m': number
  '1h': number
}

export interface MaintenanceReport {
  rolledUp: { '1m': number; '1h': number }
  /** predictions: records older than the raw retention (see predictions.ts). */
  deleted: { raw: number; '1m': number; '1h': number; annotations: number; predictions: number }
}

/** An annotation to store; `key` makes writes idempotent per source (a re-sent key replaces the earlier one). */
export type AnnotationInput = Omit<Annotation, 'id'> & { key?: string }

export interface AnnotationQuery {
  from: number
  to: number
  kinds?: Annotation['kind'][]
  /** Newest first, at most this many (default 500). */
  limit?: number
}

export interface MetricStore {
  /** Alert notifications recorded before sending, with their delivery state (see outbox.ts). */
  readonly outbox: NotificationOutbox
  /** The alert engine's history, saved state and noise marks (see alert-store.ts). */
  readonly alerts: AlertStore
  /** Model predictions (outputs, scores, late labels, features) for model quality and drift (see predictions.ts). */
  readonly predictions: PredictionStore
  /** Raw samples with from < ts ≤ to of every series named `series` whose labels include `labels`, per series, ascending (alert rule windows). */
  samples(series: string, labels: Labels | undefined, from: number, to: number): Promise<SeriesSamples[]>
  /** Stores an annotation (upsert by source + key when a key is given). */
  addAnnotation(a: AnnotationInput): Promise<Annotation>
  /** Annotations overlapping [from, to), newest first. */
  listAnnotations(q: AnnotationQuery): Promise<Annotation[]>
  /** Appends samples from one source; resolves once they are committed (durable). Invalid samples are rejected with a reason, the rest kept. */
  append(source: string, samples: IngestSample[]): Promise<AppendResult>
  /** Time-bucketed aggregation over every series named q.series whose labels include q.labels. */
  queryRange(q: RangeQuery): Promise<QueryResult>
  /** Many range queries at once, answered in order; those sharing from/to/step/agg are read in one round trip. */
  queryRangeMany(queries: RangeQuery[]): Promise<QueryResult[]>
  /** Latest sample of each matching series. */
  latest(series: string, labels?: Labels): Promise<LatestValue[]>
  /** The series catalog, optionally filtered by a glob on the name ("cpu_*"). */
  listSeries(match?: string): Promise<SeriesInfo[]>
  /** Per-source key/value state (cursors, "back-fill done"), kept across restarts. */
  getState<T>(source: string, key: string): Promise<T | undefined>
  setState(source: string, key: string, value: unknown): Promise<void>
  /** Builds roll-ups for closed buckets and applies retention, as of `now`. */
  runMaintenance(now: number): Promise<MaintenanceReport>
  /** Writes the archived tables' rows of a time range as Parquet files, from one consistent snapshot (see archive-export.ts). */
  exportArchiveTables(req: ArchiveTablesRequest): Promise<ArchiveTablesResult>
  /** Flushes and closes the database. */
  close(): Promise<void>
  /** Checkpoints, closes and opens the database again (memory DuckDB keeps per finished query is given back); ms taken, null when there is nothing to reopen. */
  reopen?(): Promise<number | null>
}

export interface StoreOptions {
  /** Database file path, or ":memory:". */
  path: string
  retention: RetentionPolicy
  /** Clock for bookkeeping timestamps (series created, state updated); defaults to Date.now. */
  clock?: () => number
  /**
   * DuckDB worker threads (default: the cores but one, 1 to 4); also sizes the reader connection
   * pool (2 to 4). Sums may add in any order, so answers (and roll-up vs raw answers) can differ in the
   * last bits of a double (relative 1e-9 at most); min, max, count and last are exact.
   */
  threads?: number
  /**
   * DuckDB's memory cap, e.g. "512MB" (default DEFAULT_MEMORY_LIMIT in duckdb-settings.ts): bounds
   * its cache of the database file, in-memory table data and query state.
   */
  memoryLimit?: string
}
