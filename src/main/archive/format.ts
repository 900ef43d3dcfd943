// The `.vigil` metric archive: what it holds and how. One uncompressed POSIX tar (ustar) file:
// `manifest.json` first, then Parquet files written by DuckDB (zstd inside Parquet, so the tar
// itself needs no compression and each member can be read at its byte offset), then the config
// and view definitions. The manifest lists every other member with its size and SHA-256, and
// may carry an Ed25519 signature over itself. See README.md in this folder.

import type { ForecastView } from '@shared/analytics'
import type { BusinessForecastsView, Recommendation } from '@shared/analytics-business'
import type { ArgsOf } from '@shared/api'

export const ARCHIVE_FORMAT = 'vigil-archive'
export const ARCHIVE_FORMAT_VERSION = 1
export const ARCHIVE_EXTENSION = '.vigil'

export const MANIFEST_MEMBER = 'manifest.json'

/** Store tables exported as Parquet, by member path. Review mode maps each back to a table view of the same name. */
export const TABLE_MEMBERS = {
  series: 'data/series.parquet',
  samples: 'data/samples.parquet',
  rollup_1m: 'data/rollup_1m.parquet',
  rollup_1h: 'data/rollup_1h.parquet',
  annotations: 'data/annotations.parquet',
  alert_history: 'data/alert_history.parquet',
  notification_outbox: 'data/notifications.parquet',
  alert_noise: 'data/alert_noise.parquet',
  predictions: 'data/predictions.parquet',
  /** Sources' recorded state (e.g. the demo's programme start, which KPI baselines refer to). */
  source_state: 'data/source_state.parquet'
} as const

export type ArchivedTable = keyof typeof TABLE_MEMBERS

/** KPI values over the archive's range (computed at export, for tools other than Vigil). */
export const KPI_VALUES_MEMBER = 'data/kpi_values.parquet'
/** The config in use, secrets as `${secret:NAME}` references only (never values). */
export const CONFIG_MEMBER = 'config/vigil.yaml'
/** The views in use (built-in and configured), as getViews answers. */
export const VIEWS_MEMBER = 'config/views.json'
/** The KPI and milestone definitions in use. */
export const KPIS_MEMBER = 'config/kpis.json'
/**
 * Answers review mode would otherwise work out on opening, computed from this archive's own
 * members by the same code, data and clock (the archive's end), once at export so opening the
 * archive is quick: the business forecasts and recommendations, each series' latest sample and the
 * views' panel forecasts. Optional; a Vigil of another version recomputes.
 */
export const ANALYTICS_MEMBER = 'analytics/business.json'

/** The analytics member's content. */
export interface ArchivedAnalytics {
  /** The Vigil version that computed it (review mode uses it only when its own version matches). */
  appVersion: string
  /** The clock it was computed at: the archive's end. */
  generatedAt: number
  forecasts: BusinessForecastsView
  /** Every recommendation (all views). */
  recommendations: Recommendation[]
  /**
   * The latest sample of every series as [series id, ts, value] (a value JSON cannot hold, such as
   * NaN, as its string), so opening need not scan every sample for the KPIs' current values.
   */
  latest?: [number, number, number | string][]
  /** getForecast's answer for each forecast the archived views' panels ask for (they start at the archive's end). */
  panelForecasts?: { args: ArgsOf<'getForecast'>; forecast: ForecastView }[]
}

export interface ArchiveMemberEntry {
  path: string
  bytes: number
  /** Lower-case hex SHA-256 of the member's bytes. */
  sha256: string
  /** Rows, for Parquet members. */
  rows?: number
}

export interface ArchiveSignature {
  algorithm: 'ed25519'
  /** Base64 of the raw 32-byte public key. */
  publicKey: string
  /** Base64 of the signature over the canonical JSON of the manifest without `signature`. */
  signature: string
}

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT
  formatVersion: number
  appVersion: string
  /** Epoch ms. */
  createdAt: number
  /** The exported time range [from, to), epoch ms. */
  range: { from: number; to: number }
  /** Series filter used (a glob on names), or null for all. */
  seriesFilter: string | null
  sources: { id: string; kind: string }[]
  /** Every member except the manifest, in archive order. */
  members: ArchiveMemberEntry[]
  signature: ArchiveSignature | null
  /**
   * Up to where each roll-up tier answered range queries when the archive was written (epoch ms,
   * null: that tier served nothing); review mode plans queries the same way. Absent in archives
   * written before it was added.
   */
  tiers?: { '1m': number | null; '1h': number | null }
  /** Bucket width of the KPI values member's trends, in seconds. */
  kpiStepSeconds?: number
  /**
   * How the samples member stores values: `value` as DECIMAL(18, decimalScale) where that is the
   * exact DOUBLE, else NULL with the DOUBLE in `value_double` (`doubleRows` rows). Absent in
   * archives written before it was added (then `value` is DOUBLE).
   */
  sampleValues?: { decimalScale: number; doubleRows: number }
}
