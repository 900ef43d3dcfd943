// Per-source key/value state (cursors, "back-fill done"), stored as JSON text.
import { BIGINT, VARCHAR } from '@duckdb/node-api'
import type { Sql } from './sql'

const KEY_TYPES = { source: VARCHAR, key: VARCHAR }

/** Reads one state value; undefined when never set. */
export async function readState<T>(sql: Sql, source: string, key: string): Promise<T | undefined> {
  checkKey(source, key)
  const rows = await sql.rows(`SELECT value FROM source_state WHERE source = $source AND key = $key`, { source, key }, KEY_TYPES)
  if (rows.length === 0) return undefined
  return JSON.parse(String(rows[0][0])) as T
}

/** Writes (or replaces) one state value; it must survive JSON.stringify. */
export async function writeState(sql: Sql, source: string, key: string, value: unknown, now: number): Promise<void> {
  checkKey(source, key)
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch (err) {
    throw new Error(`state "${key}" of source "${source}" cannot be stored as JSON: ${(err as Error).message}`)
  }
  if (text === undefined) throw new Error(`state "${key}" of source "${source}" is ${typeof value}, which JSON cannot store`)
  await sql.exec(
    `INSERT INTO source_state VALUES ($source, $key, $value, $updated)
     ON CONFLICT (source, key) DO UPDATE SET value = excluded.value, updated = excluded.updated`,
    { source, key, value: text, updated: BigInt(Math.trunc(now)) },
    { ...KEY_TYPES, value: VARCHAR, updated: BIGINT }
  )
}

function checkKey(source: string, key: string): void {
  if (typeof source !== 'string' || source === '') throw new Error('source state needs a non-empty source id')
  if (typeof key !== 'string' || key === '') throw new Error(`source state of "${source}" needs a non-empty key`)
}
