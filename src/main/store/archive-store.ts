// The metric store of archive review mode: an in-memory DuckDB whose store tables are VIEWs over
// the archive's Parquet files (read in place, never loaded whole), served by the same store code
// as a live data dir, so every range, latest, catalog, annotation, alert and prediction query
// answers exactly as it would live. Every write is refused (ReadOnlyError).
import { BIGINT, VARCHAR } from '@duckdb/node-api'
import { TABLE_MEMBERS, type ArchivedTable } from '../archive/format'
import { ReadOnlyError } from '../engine/errors'
import { openStore } from './duckdb-store'
import type { DuckDBStore } from './duckdb-store'
import type { Sql } from './sql'
import { toNumber } from './sql'
import { TIERS } from './tiers'

/** The store tables an archive can hold, each as one Parquet file. */
const REVIEW_TABLES = Object.keys(TABLE_MEMBERS) as ArchivedTable[]

export interface ArchiveStoreOptions {
  /** The archive's name (its file name), used in messages. */
  name: string
  /** The Parquet file holding each table; a table without one is empty. */
  tables: Partial<Record<ArchivedTable, string>>
  /** Up to where each roll-up tier served queries when the archive was written (the manifest's `tiers`); derived from the roll-ups when absent. */
  tiers?: { '1m': number | null; '1h': number | null }
  /** DuckDB worker threads (see StoreOptions.threads). */
  threads?: number
  /** Every series' latest sample as (series id, ts, value), as latestValues() gave it for these files; absent: scanned for. */
  latest?: readonly (readonly [number, number, number])[]
}

// Never used: nothing is rolled up or deleted in review mode.
const NO_RETENTION = { raw: 1, '1m': 1, '1h': 1 }

/** Opens a read-only store over an archive's Parquet files; throws a clear Error when one does not fit the store's schema. */
export async function openArchiveStore(opts: ArchiveStoreOptions): Promise<DuckDBStore> {
  for (const table of Object.keys(opts.tables)) {
    if (!(REVIEW_TABLES as string[]).includes(table)) throw new Error(`archive "${opts.name}": "${table}" is not a store table`)
  }
  const store = await openStore(
    { path: ':memory:', retention: NO_RETENTION, threads: opts.threads },
    {
      afterMigrate: async (sql) => {
        const files = REVIEW_TABLES.flatMap((table) => (opts.tables[table] === undefined ? [] : [[table, opts.tables[table]] as [ArchivedTable, string]]))
        await replaceWithParquetViews(sql, opts.name, files)
        await setTierWatermarks(sql, opts.tiers)
      },
      refuseWrites: (op) => new ReadOnlyError(`archive "${opts.name}" is open read-only (review mode): ${op} is refused`),
      ...(opts.latest ? { latest: opts.latest } : {})
    }
  )
  // Every view's KPIs need the latest values, without them a scan of all samples: start it now,
  // while the server starts and the page loads. A failure here shows again, with its message, on first use.
  if (!opts.latest) void store.preloadLatest().catch(() => undefined)
  return store
}

/** SQL text literal (the file paths are ours, but quote them properly anyway). */
const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`

/**
 * Swaps each (empty, freshly migrated) table for a view over its Parquet file with the same columns
 * in the same order; a column of another type is cast, a missing one is an error naming it. A few
 * statements for all tables together (one per table costs ~0.1 s of an archive's opening).
 */
async function replaceWithParquetViews(sql: Sql, archive: string, files: readonly [ArchivedTable, string][]): Promise<void> {
  if (files.length === 0) return
  const expected = new Map<string, [string, string][]>()
  const columnRows = await sql.rows(
    `SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name IN (${files.map(([t]) => literal(t)).join(', ')}) ORDER BY table_name, column_index`
  )
  for (const [table, name, type] of columnRows) {
    const list = expected.get(String(table)) ?? []
    list.push([String(name), String(type)])
    expected.set(String(table), list)
  }
  const found = await describeParquet(sql, archive, files)
  const statements = files.map(([table, file]) => {
    const have = found.get(table)!
    const columns = (expected.get(table) ?? []).map(([column, type]) => {
      const haveType = have.get(column)
      if (haveType === undefined) throw new Error(`archive "${archive}": the ${table} table lacks column "${column}"`)
      const quoted = `"${column}"`
      // A DOUBLE stored as exact decimals, with the values that are not exact decimals beside it
      // (the samples member, see archive-export.ts): the export proved each decimal casts back bit for bit.
      const exceptions = `${column}_double`
      if (type === 'DOUBLE' && haveType.startsWith('DECIMAL(') && have.get(exceptions) === 'DOUBLE') {
        return `coalesce("${exceptions}", CAST(${quoted} AS DOUBLE)) AS ${quoted}`
      }
      return haveType === type ? quoted : `CAST(${quoted} AS ${type}) AS ${quoted}`
    })
    return `DROP TABLE ${table}; CREATE VIEW ${table} AS SELECT ${columns.join(', ')} FROM read_parquet(${literal(file)});`
  })
  await sql.exec(statements.join('\n'))
}

/** Each file's columns and DuckDB types, by table; a file that is not Parquet fails naming its table. */
async function describeParquet(sql: Sql, archive: string, files: readonly [ArchivedTable, string][]): Promise<Map<ArchivedTable, Map<string, string>>> {
  const describe = (file: string): string => `(DESCRIBE SELECT * FROM read_parquet(${literal(file)}))`
  let rows: Awaited<ReturnType<Sql['rows']>>
  try {
    rows = await sql.rows(files.map(([table, file]) => `SELECT ${literal(table)} AS t, column_name, column_type FROM ${describe(file)}`).join(' UNION ALL '))
  } catch {
    // One of them is not readable: find which, for the message.
    for (const [table, file] of files) {
      try {
        await sql.rows(`SELECT column_name FROM ${describe(file)}`)
      } catch (err) {
        throw new Error(`archive "${archive}": the ${table} table cannot be read as Parquet: ${(err as Error).message}`, { cause: err })
      }
    }
    throw new Error(`archive "${archive}": its tables cannot be read as Parquet together`)
  }
  const byTable = new Map<ArchivedTable, Map<string, string>>(files.map(([table]) => [table, new Map()]))
  for (const [table, name, type] of rows) byTable.get(String(table) as ArchivedTable)!.set(String(name), String(type))
  return byTable
}

/**
 * Each tier serves up to where it served when the archive was written, so review-mode queries read
 * the same rows as the live store did. Without that record, up to the end of the tier's newest
 * bucket: the live store rolls up every closed bucket that has samples, so past its last roll-up
 * row the live tier holds nothing either (only buckets made dirty by late samples can differ).
 */
async function setTierWatermarks(sql: Sql, recorded: ArchiveStoreOptions['tiers']): Promise<void> {
  for (const tier of TIERS) {
    let until: number | null
    if (recorded) until = recorded[tier.name]
    else {
      const [[newest]] = await sql.rows(`SELECT max(bucket) FROM ${tier.table}`)
      until = newest === null ? null : toNumber(newest) + tier.ms
    }
    if (until === null) continue
    await sql.exec(
      `INSERT INTO store_meta VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      { key: `watermark_${tier.name}`, value: BigInt(Math.trunc(until)) },
      { key: VARCHAR, value: BIGINT }
    )
  }
}
