// The store's part of a `.vigil` archive: each archived table's rows in a time range, written by
// DuckDB's COPY as zstd Parquet files, all read in one transaction (one consistent snapshot while
// ingest goes on); plus the KPI values Parquet (written by a throw-away in-memory DuckDB) and the
// clear message when another process holds the database. The archive folder builds the tar.
import { join } from 'node:path'
import { BIGINT, DOUBLE, DuckDBInstance, INTEGER, LIST, listValue, VARCHAR } from '@duckdb/node-api'
import type { ArchivedTable } from '../archive/format'
import type { Params, ParamTypes, Sql } from './sql'
import { MINUTE_MS, HOUR_MS } from './tiers'

/** What the store exports: rows of [from, to) (epoch ms), optionally only series whose name matches a glob. */
export interface ArchiveTablesRequest {
  from: number
  to: number
  /** Glob on series names ("cpu_*"); samples, roll-ups and the catalog keep only matching series. */
  seriesGlob?: string
  /** Folder the Parquet files are written to (one per table, named `<table>.parquet`). */
  dir: string
  /** Strings that must appear in no text column (secret values); a hit fails the export naming the table and column. */
  forbidden?: readonly string[]
  /** Called after each table is written. */
  onTable?: (done: TableExport, index: number, total: number) => void
}

/** The request with the glob resolved to series ids (null: all series). */
export type ParquetExportRequest = Omit<ArchiveTablesRequest, 'seriesGlob'> & {
  seriesIds: number[] | null
  /** 1-minute roll-ups are exported only for buckets before this (where raw samples were deleted by retention); null: none. */
  rollup1mBefore: number | null
}

export interface TableExport {
  table: ArchivedTable
  file: string
  rows: number
  /** How the samples table stores its values (see samplesSelect); absent for other tables. */
  values?: SampleValueEncoding
}

/**
 * The samples member's value encoding: `value` is DECIMAL(18, decimalScale) on every row where
 * that decimal casts back to the exact same DOUBLE (bit for bit), NULL elsewhere; those rows
 * (`doubleRows` of them) hold the DOUBLE in `value_double`. Review mode reads
 * coalesce(value_double, CAST(value AS DOUBLE)).
 */
export interface SampleValueEncoding {
  decimalScale: number
  doubleRows: number
}

export interface ArchiveTablesResult {
  tables: TableExport[]
  /**
   * Up to where each roll-up tier can answer queries on the exported rows: the store's progress at
   * export time (see TierState.servedUntil), the 1-minute tier cut back to the raw floor (its rows
   * where raw samples remain are not exported).
   */
  tiers: { '1m': number | null; '1h': number | null }
}

interface TableSpec {
  table: ArchivedTable
  /** SELECT over the table with $from/$to (and $ids when filtering); constants only, never user text. */
  select(filtered: boolean, valueScale: number): string
  /** Text columns checked against the forbidden strings. */
  text: string[]
  /** Parquet writer options beyond FORMAT and COMPRESSION (see NUMERIC_OPTIONS). */
  options?: string
}

/**
 * Rows per Parquet row group. DuckDB's default (122,880) left timestamps poorly compressed; a
 * million rows per group keeps the per-page overheads small and rows sorted by series still give
 * per-series row-group statistics for readers that prune.
 */
const ROW_GROUP_ROWS = 1_000_000

/**
 * For the big numeric tables (samples, roll-ups): Parquet 2 encodings (DELTA_BINARY_PACKED for
 * integers and decimals, BYTE_STREAM_SPLIT for doubles) and no dictionaries. With dictionaries,
 * DuckDB dictionary-encodes the timestamps (a few hundred thousand distinct values), which cost
 * 1.9 bytes per sample; delta-encoded, a series' 15 s steps cost almost nothing. Measured on 30
 * days × 103 demo series (README.md).
 */
const NUMERIC_OPTIONS = `ROW_GROUP_SIZE ${ROW_GROUP_ROWS}, PARQUET_VERSION V2, DICTIONARY_SIZE_LIMIT 1`

/** Decimal scales tried for the samples' values; the one that holds the most values exactly wins (the smallest on a tie). */
const VALUE_SCALES = [0, 1, 2, 3, 4, 5, 6] as const
/** Rows sampled to choose the scale (the choice only affects size: every row is checked when written). */
const SCALE_SAMPLE_ROWS = 100_000

/**
 * True when the DOUBLE `v` survives DECIMAL(18, scale) and back bit for bit: the same number,
 * the same sign (-0.0 does not), not NaN or ±Inf (TRY_CAST gives NULL), not out of range.
 */
const exactAsDecimal = (v: string, scale: number): string =>
  `coalesce(CAST(TRY_CAST(${v} AS DECIMAL(18,${scale})) AS DOUBLE) = ${v} AND signbit(CAST(TRY_CAST(${v} AS DECIMAL(18,${scale})) AS DOUBLE)) = signbit(${v}), false)`

const samplesRange = (f: boolean): string => `ts >= $from AND ts < $to${seriesFilter('series_id', f)}`

/**
 * The samples' rows with values as exact decimals where they are (measured on the demo: 0.6 bytes
 * per sample instead of 2.9 as doubles), the rest as doubles in `value_double`.
 */
function samplesSelect(filtered: boolean, scale: number): string {
  return `SELECT series_id, ts,
      CASE WHEN exact THEN CAST(value AS DECIMAL(18,${scale})) END AS value,
      CASE WHEN NOT exact THEN value END AS value_double
    FROM (SELECT series_id, ts, value, ${exactAsDecimal('value', scale)} AS exact FROM samples WHERE ${samplesRange(filtered)})
    ORDER BY series_id, ts`
}

const seriesFilter = (column: string, filtered: boolean): string => (filtered ? ` AND list_contains($ids, ${column})` : '')
const rollup = (table: 'rollup_1m' | 'rollup_1h', ms: number, end: string): TableSpec => ({
  table,
  // Buckets overlapping the range, so queries at the range's edges see their roll-ups.
  select: (f) => `SELECT * FROM ${table} WHERE bucket < ${end} AND bucket + ${ms} > $from${seriesFilter('series_id', f)} ORDER BY series_id, bucket`,
  text: [],
  options: NUMERIC_OPTIONS
})

/** The archived tables, in archive order. */
export const ARCHIVE_TABLES: readonly TableSpec[] = [
  {
    table: 'series',
    // The catalog: series with samples or roll-ups in the range.
    select: (f) => `SELECT * FROM series WHERE id IN (
        SELECT series_id FROM samples WHERE ts >= $from AND ts < $to
        UNION SELECT series_id FROM rollup_1m WHERE bucket < $to AND bucket + ${MINUTE_MS} > $from
        UNION SELECT series_id FROM rollup_1h WHERE bucket < $to AND bucket + ${HOUR_MS} > $from)${seriesFilter('id', f)} ORDER BY id`,
    text: ['name', 'labels', 'unit', 'source']
  },
  {
    table: 'samples',
    // Sorted by series then time: neighbouring values compress far better in Parquet.
    select: samplesSelect,
    text: [],
    options: NUMERIC_OPTIONS
  },
  // 1-minute roll-ups where raw samples remain are derivable from the samples member and would
  // double the archive (≈ 2 bytes per raw sample): only those before the raw floor are kept.
  rollup('rollup_1m', MINUTE_MS, '$r1m_to'),
  rollup('rollup_1h', HOUR_MS, '$to'),
  {
    table: 'annotations',
    select: () => `SELECT * FROM annotations WHERE ts < $to AND coalesce(end_ts, ts) >= $from ORDER BY ts, id`,
    text: ['source', 'key', 'kind', 'title', 'text', 'series', 'labels']
  },
  {
    table: 'alert_history',
    select: () => `SELECT * FROM alert_history WHERE ts >= $from AND ts < $to ORDER BY seq`,
    text: ['kind', 'alert_id', 'rule', 'severity', 'group_key', 'receivers', 'actor', 'labels', 'detail']
  },
  {
    table: 'notification_outbox',
    select: () => `SELECT * FROM notification_outbox WHERE created >= $from AND created < $to ORDER BY seq`,
    text: ['dedup_key', 'receiver', 'group_key', 'kind', 'summary', 'payload', 'state', 'last_error']
  },
  {
    table: 'alert_noise',
    // A verdict belongs to the range its firing episode started in.
    select: () => `SELECT * FROM alert_noise WHERE episode >= $from AND episode < $to ORDER BY episode, alert_id`,
    text: ['alert_id', 'rule', 'severity', 'actor']
  },
  {
    table: 'predictions',
    select: () => `SELECT * FROM predictions WHERE ts >= $from AND ts < $to ORDER BY model, ts, seq`,
    text: ['model', 'record_id', 'features']
  },
  {
    table: 'source_state',
    // Small and not time-ranged: review mode needs it whole (programme start, back-fill marks).
    select: () => `SELECT * FROM source_state ORDER BY source, key`,
    text: ['source', 'key', 'value']
  }
]

/** A SQL string literal for a file path (COPY takes no bound parameter for its target). */
export function sqlPathLiteral(path: string): string {
  if (path.includes('\0')) throw new Error(`archive export: a file path cannot contain a NUL character`)
  return `'${path.replaceAll("'", "''")}'`
}

/**
 * Writes every archived table's rows of the range to `<dir>/<table>.parquet` on one connection
 * inside one transaction (a consistent snapshot); returns the files and row counts.
 */
export async function copyTablesToParquet(sql: Sql, req: ParquetExportRequest): Promise<TableExport[]> {
  for (const [key, value] of [['from', req.from], ['to', req.to]] as const) {
    if (!Number.isSafeInteger(value)) throw new Error(`archive export: ${key} must be whole epoch milliseconds, got ${String(value)}`)
  }
  if (req.to <= req.from) throw new Error(`archive export: "to" (${req.to}) must be after "from" (${req.from})`)
  const filtered = req.seriesIds !== null
  const r1mTo = req.rollup1mBefore === null ? req.from - MINUTE_MS : Math.min(req.to, req.rollup1mBefore)
  const params: Params = { from: BigInt(req.from), to: BigInt(req.to), r1m_to: BigInt(r1mTo) }
  const types: ParamTypes = { from: BIGINT, to: BIGINT, r1m_to: BIGINT }
  if (filtered) {
    params.ids = listValue(req.seriesIds ?? [])
    types.ids = LIST(INTEGER)
  }
  const forbidden = (req.forbidden ?? []).filter((s) => s.length > 0)
  const out: TableExport[] = []
  await sql.transaction(async () => {
    const scale = await chooseValueScale(sql, filtered, params, types)
    for (const [index, spec] of ARCHIVE_TABLES.entries()) {
      const file = join(req.dir, `${spec.table}.parquet`)
      const select = spec.select(filtered, scale)
      const [used, usedTypes] = bound(select, params, types)
      let rows: number
      try {
        rows = await sql.exec(`COPY (${select}) TO ${sqlPathLiteral(file)} (FORMAT parquet, COMPRESSION zstd, ${spec.options ?? `ROW_GROUP_SIZE ${ROW_GROUP_ROWS}`})`, used, usedTypes)
      } catch (err) {
        throw new Error(`archive export: writing table ${spec.table} to ${file} failed: ${(err as Error).message}`, { cause: err })
      }
      await checkForbidden(sql, spec, file, forbidden)
      const done: TableExport = { table: spec.table, file, rows }
      if (spec.table === 'samples') done.values = { decimalScale: scale, doubleRows: await countDoubleRows(sql, file) }
      out.push(done)
      req.onTable?.(done, index, ARCHIVE_TABLES.length)
    }
  })
  return out
}

/** The parameters (and their types) the statement names: DuckDB refuses unused ones. */
function bound(select: string, params: Params, types: ParamTypes): [Params, ParamTypes] {
  const named = (k: string): boolean => select.includes(`$${k}`)
  return [Object.fromEntries(Object.entries(params).filter(([k]) => named(k))), Object.fromEntries(Object.entries(types).filter(([k]) => named(k)))]
}

/** The decimal scale that holds the most sampled values of the range exactly (the smallest on a tie). */
async function chooseValueScale(sql: Sql, filtered: boolean, params: Params, types: ParamTypes): Promise<number> {
  const counts = VALUE_SCALES.map((s) => `count_if(${exactAsDecimal('value', s)})`).join(', ')
  const select = `SELECT ${counts} FROM (SELECT value FROM samples WHERE ${samplesRange(filtered)}) TABLESAMPLE reservoir(${SCALE_SAMPLE_ROWS} ROWS) REPEATABLE (1)`
  const [row] = await sql.rows(select, ...bound(select, params, types))
  let best = 0
  VALUE_SCALES.forEach((_, i) => {
    if (Number(row[i]) > Number(row[best])) best = i
  })
  return VALUE_SCALES[best]
}

async function countDoubleRows(sql: Sql, file: string): Promise<number> {
  const [[n]] = await sql.rows(`SELECT count(value_double) FROM read_parquet(${sqlPathLiteral(file)})`)
  return Number(n)
}

/** Fails when a forbidden string (a secret value) occurs in one of the table's text columns; names the secret's table and column, never the value. */
async function checkForbidden(sql: Sql, spec: TableSpec, file: string, forbidden: readonly string[]): Promise<void> {
  if (forbidden.length === 0 || spec.text.length === 0) return
  const checks = spec.text.map((c) => `count_if(contains(coalesce(${c}, ''), $s)) AS "${c}"`).join(', ')
  for (const s of forbidden) {
    const [counts] = await sql.rows(`SELECT ${checks} FROM read_parquet(${sqlPathLiteral(file)})`, { s }, { s: VARCHAR })
    const column = spec.text.find((_, i) => Number(counts[i]) > 0)
    if (column !== undefined) {
      throw new Error(`archive export refused: a secret value occurs in table ${spec.table}, column ${column} (secrets never enter an archive)`)
    }
  }
}

/** One KPI trend point. */
export interface KpiValueRow {
  kpi: string
  ts: number
  value: number
}

/** Writes KPI trend points as a zstd Parquet file (kpi VARCHAR, ts BIGINT, value DOUBLE) through a throw-away in-memory DuckDB; returns the row count. */
export async function writeKpiValuesParquet(rows: readonly KpiValueRow[], file: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' })
  const connection = await instance.connect()
  try {
    await connection.run(`CREATE TABLE kpi_values (kpi VARCHAR NOT NULL, ts BIGINT NOT NULL, value DOUBLE NOT NULL)`)
    const appender = await connection.createAppender('kpi_values')
    try {
      for (const r of rows) {
        appender.appendVarchar(r.kpi)
        appender.appendBigInt(BigInt(Math.trunc(r.ts)))
        appender.appendDouble(r.value)
        appender.endRow()
      }
      appender.flushSync()
    } finally {
      appender.closeSync()
    }
    const result = await connection.run(`COPY (SELECT * FROM kpi_values ORDER BY kpi, ts) TO ${sqlPathLiteral(file)} (FORMAT parquet, COMPRESSION zstd)`)
    return result.rowsChanged
  } catch (err) {
    throw new Error(`archive export: writing KPI values to ${file} failed: ${(err as Error).message}`, { cause: err })
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

/** Row counts of a Parquet file as DuckDB reads it (no Vigil code between): for verification and tests. */
export async function countParquetRows(file: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' })
  const connection = await instance.connect()
  try {
    const reader = await connection.runAndReadAll(`SELECT count(*) FROM read_parquet(${sqlPathLiteral(file)})`)
    return Number(reader.getRows()[0][0])
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

/** The clear message for "another process holds the database", or null for any other open failure. */
export function lockedStoreMessage(err: unknown): string | null {
  const text = err instanceof Error ? err.message : String(err)
  if (!/Could not set lock on file|Conflicting lock is held/i.test(text)) return null
  const pid = /\(PID (\d+)\)/i.exec(text)?.[1]
  return (
    `the data dir is in use by a running Vigil (pid ${pid ?? 'unknown'}?); ` +
    `export through it: POST /api/export or the app's File → Export`
  )
}
