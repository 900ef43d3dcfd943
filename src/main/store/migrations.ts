// Versioned schema. Each migration runs once, in order, in its own transaction, and is recorded
// in schema_version; a database written by a newer Vigil (higher version) is refused.
import type { Sql } from './sql'
import { toNumber } from './sql'

export interface Migration {
  version: number
  description: string
  statements: string[]
}

const rollupTable = (name: string): string =>
  `CREATE TABLE ${name} (
     series_id INTEGER NOT NULL,
     bucket BIGINT NOT NULL,
     min DOUBLE NOT NULL,
     max DOUBLE NOT NULL,
     sum DOUBLE NOT NULL,
     count BIGINT NOT NULL,
     last DOUBLE NOT NULL,
     last_ts BIGINT NOT NULL
   )`

/** The store's schema history; append new entries, never edit applied ones. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'series catalog, raw samples, 1m/1h roll-ups, store meta, source state',
    statements: [
      `CREATE TABLE series (
         id INTEGER PRIMARY KEY,
         name VARCHAR NOT NULL,
         labels VARCHAR NOT NULL,
         unit VARCHAR,
         source VARCHAR NOT NULL,
         created BIGINT NOT NULL,
         UNIQUE (name, labels)
       )`,
      // No index: DuckDB's per-row-group min/max (zone maps) on ts prune time ranges.
      `CREATE TABLE samples (series_id INTEGER NOT NULL, ts BIGINT NOT NULL, value DOUBLE NOT NULL)`,
      rollupTable('rollup_1m'),
      rollupTable('rollup_1h'),
      `CREATE TABLE store_meta (key VARCHAR PRIMARY KEY, value BIGINT)`,
      `CREATE TABLE source_state (
         source VARCHAR NOT NULL,
         key VARCHAR NOT NULL,
         value VARCHAR NOT NULL,
         updated BIGINT NOT NULL,
         PRIMARY KEY (source, key)
       )`
    ]
  },
  {
    version: 2,
    description: 'annotations (deployments, incidents, alert firings, notes)',
    statements: [
      // id is derived from (source, key) for keyed annotations, so an upsert is a plain primary-key conflict.
      `CREATE TABLE annotations (
         id VARCHAR PRIMARY KEY,
         source VARCHAR NOT NULL,
         key VARCHAR,
         kind VARCHAR NOT NULL,
         ts BIGINT NOT NULL,
         end_ts BIGINT,
         title VARCHAR NOT NULL,
         text VARCHAR,
         series VARCHAR NOT NULL,
         labels VARCHAR NOT NULL,
         created BIGINT NOT NULL
       )`
    ]
  },
  {
    version: 3,
    description: 'notification outbox (alert notifications recorded before sending, with delivery state)',
    statements: [
      // seq orders a receiver's notifications of one alert group (firing before resolved).
      `CREATE SEQUENCE notification_outbox_seq`,
      // id is derived from (receiver, dedup_key), so a re-enqueue is a plain primary-key conflict.
      `CREATE TABLE notification_outbox (
         id VARCHAR PRIMARY KEY,
         seq BIGINT NOT NULL DEFAULT nextval('notification_outbox_seq'),
         dedup_key VARCHAR NOT NULL,
         receiver VARCHAR NOT NULL,
         group_key VARCHAR NOT NULL,
         kind VARCHAR NOT NULL,
         level INTEGER NOT NULL,
         summary VARCHAR NOT NULL,
         payload VARCHAR NOT NULL,
         state VARCHAR NOT NULL,
         attempts INTEGER NOT NULL,
         next_attempt_at BIGINT NOT NULL,
         last_error VARCHAR,
         created BIGINT NOT NULL,
         updated BIGINT NOT NULL,
         delivered_at BIGINT,
         UNIQUE (receiver, dedup_key)
       )`
    ]
  },
  {
    version: 4,
    description: 'alert history, alert engine state (routing + active instances per rule), noise marks',
    statements: [
      // seq keeps the order entries were recorded in when several share a timestamp.
      `CREATE SEQUENCE alert_history_seq`,
      `CREATE TABLE alert_history (
         seq BIGINT NOT NULL DEFAULT nextval('alert_history_seq'),
         ts BIGINT NOT NULL,
         kind VARCHAR NOT NULL,
         alert_id VARCHAR,
         rule VARCHAR,
         severity VARCHAR,
         group_key VARCHAR,
         receivers VARCHAR NOT NULL,
         level INTEGER,
         actor VARCHAR,
         value DOUBLE,
         labels VARCHAR NOT NULL,
         detail VARCHAR NOT NULL
       )`,
      `CREATE TABLE alert_engine_state (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL, updated BIGINT NOT NULL)`,
      `CREATE TABLE alert_rule_instances (rule VARCHAR PRIMARY KEY, instances VARCHAR NOT NULL, updated BIGINT NOT NULL)`,
      // episode = the alert's firedAt: one verdict per firing episode.
      `CREATE TABLE alert_noise (
         alert_id VARCHAR NOT NULL,
         episode BIGINT NOT NULL,
         rule VARCHAR NOT NULL,
         severity VARCHAR NOT NULL,
         noise BOOLEAN NOT NULL,
         actor VARCHAR NOT NULL,
         ts BIGINT NOT NULL,
         PRIMARY KEY (alert_id, episode)
       )`
    ]
  },
  {
    version: 5,
    description: 'model predictions (outputs, scores, late labels, features) for model quality and drift',
    statements: [
      // seq keeps arrival order among records of one model sharing a timestamp (stable query order).
      `CREATE SEQUENCE predictions_seq`,
      // No index: rows arrive roughly in (model, ts) order per source, so DuckDB's per-row-group
      // min/max (zone maps) on model and ts prune window scans, like the samples table. Features are
      // JSON object text, not a MAP: feature sets differ per model and change over time, values are
      // numbers or strings (a MAP has one value type, and "1" vs 1 decides categorical vs numeric),
      // and they are only ever read back whole for the drift statistics, never filtered in SQL.
      `CREATE TABLE predictions (
         seq BIGINT NOT NULL DEFAULT nextval('predictions_seq'),
         model VARCHAR NOT NULL,
         ts BIGINT NOT NULL,
         record_id VARCHAR,
         prediction DOUBLE NOT NULL,
         score DOUBLE,
         label DOUBLE,
         latency_ms DOUBLE,
         features VARCHAR NOT NULL
       )`
    ]
  }
]

export interface MigrationOutcome {
  /** Version before opening (0 for a new database). */
  from: number
  /** Version after migrating. */
  to: number
  applied: number[]
}

/** Brings the schema up to the newest migration; refuses a database from a newer version. */
export async function migrate(
  sql: Sql,
  where: string,
  now: number,
  migrations: readonly Migration[] = MIGRATIONS
): Promise<MigrationOutcome> {
  checkOrdered(migrations)
  await sql.exec(
    `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at BIGINT NOT NULL)`
  )
  const [[maxVersion]] = await sql.rows(`SELECT coalesce(max(version), 0) FROM schema_version`)
  const from = toNumber(maxVersion)
  const newest = migrations.length > 0 ? migrations[migrations.length - 1].version : 0
  if (from > newest) {
    throw new Error(
      `metric store ${where} has schema version ${from}, but this Vigil only knows versions up to ${newest}; ` +
        `it was written by a newer Vigil. Upgrade Vigil, or point it at another data directory.`
    )
  }
  const applied: number[] = []
  for (const m of migrations) {
    if (m.version <= from) continue
    try {
      await sql.transaction(async () => {
        for (const statement of m.statements) await sql.exec(statement)
        await sql.exec(`INSERT INTO schema_version VALUES ($version, $description, $at)`, {
          version: m.version,
          description: m.description,
          at: BigInt(Math.trunc(now))
        })
      })
    } catch (err) {
      throw new Error(`metric store ${where}: migration ${m.version} (${m.description}) failed: ${(err as Error).message}`, {
        cause: err
      })
    }
    applied.push(m.version)
  }
  return { from, to: Math.max(from, newest), applied }
}

function checkOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`store migrations must be numbered 1, 2, 3...; entry ${i} has version ${m.version}`)
    }
  })
}
