// Domain types shared by the engine, both transports and the renderer.

/** Label set of a series, e.g. { service: "checkout", region: "eu" }. */
export type Labels = Record<string, string>

/** One sample as a source produces it; the ingest layer attaches the source id. */
export interface IngestSample {
  /** Series name, e.g. "cpu_usage_percent". */
  name: string
  labels: Labels
  /** Epoch milliseconds. */
  ts: number
  value: number
  unit?: string
}

/** A series in the catalog: name + labels identify it. */
export interface SeriesInfo {
  name: string
  labels: Labels
  unit: string | null
  source: string
}

export type Aggregation = 'avg' | 'min' | 'max' | 'sum' | 'last' | 'count'
export const AGGREGATIONS: readonly Aggregation[] = ['avg', 'min', 'max', 'sum', 'last', 'count']

/** [epoch ms, value] */
export type Point = [number, number]

export interface RangeQuery {
  series: string
  /** Only series whose labels include all of these. */
  labels?: Labels
  /** Epoch ms, inclusive. */
  from: number
  /** Epoch ms, exclusive. */
  to: number
  /** Bucket width in seconds. */
  step: number
  agg: Aggregation
}

export interface QueryResult {
  series: string
  points: Point[]
  /** Which storage tier answered: raw samples or a roll-up. */
  tier?: 'raw' | '1m' | '1h' | 'mixed'
}

export interface LatestValue {
  series: string
  labels: Labels
  ts: number
  value: number
}

export type SourceState = 'ok' | 'error' | 'pending'

export interface SourceHealth {
  id: string
  kind: string
  state: SourceState
  /** Epoch ms of the last successful poll, or null. */
  lastSuccessAt: number | null
  lastError: string | null
  /** Samples accepted from this source since the engine started (plus back-fill). */
  samples: number
  /** Epoch ms of the next scheduled poll (null for push sources). */
  nextRunAt?: number | null
  consecutiveFailures?: number
}

export interface Health {
  status: 'ok'
  version: string
  sources: SourceHealth[]
}

export interface AppInfo {
  version: string
  mode: 'live' | 'archive'
  configPath: string | null
  /** The last config error, if the file on disk is invalid (the engine keeps the last good one). */
  configError: string | null
  dataDir: string | null
  /** Server clock, epoch ms, so the renderer can compute ranges consistently. */
  now: number
  /** The archive under review (mode 'archive'); null or absent on a live engine. */
  archive?: ArchiveInfo | null
}

/** The archive a review-mode engine serves (read-only; the time range is locked to it). */
export interface ArchiveInfo {
  /** The archive's file name, e.g. "q3-review.vigil". */
  name: string
  /** The archived time range [from, to), epoch ms. */
  from: number
  to: number
  /** Every member's checksum matched the manifest (always true for an archive that opened). */
  verified: boolean
  /** The manifest carries a signature, and it verified. */
  signed: boolean
  /** Fingerprint of the signing public key as OpenSSH prints it ("SHA256:…"), when signed. */
  keyFingerprint?: string
}

/** Pushed when samples are durable in the store (batched). */
export interface SamplesEvent {
  source: string
  /** Distinct series names in the batch. */
  series: string[]
  count: number
  /** Largest sample timestamp in the batch. */
  maxTs: number
}

export interface ConfigEvent {
  ok: boolean
  error: string | null
  configPath: string | null
}

export type Severity = 'critical' | 'warning' | 'info'

/** A notice the shells show natively (Electron Notification, or the browser Notification API). */
export interface NotificationEvent {
  id: string
  severity: Severity
  title: string
  body: string
  /** Hash route to open on click, e.g. "#/technical". */
  route: string | null
  /** Play a sound (critical notices on the wallboard). */
  sound: boolean
  /** What an "Acknowledge" action on the notice acknowledges (an alert group key); null when there is nothing to acknowledge. */
  ack?: string | null
  ts: number
}
