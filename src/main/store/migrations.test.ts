import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DuckDBInstance } from '@duckdb/node-api'
import { openStore } from './duckdb-store'
import { MIGRATIONS } from './migrations'
import type { Migration } from './migrations'
import { LONG_RETENTION, tempDir } from './test-support'

/** Runs one query directly on a (closed) store file. */
async function peek(file: string, sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(file)
  const conn = await instance.connect()
  try {
    return (await conn.runAndReadAll(sql)).getRowsJS()
  } finally {
    conn.closeSync()
    instance.closeSync()
  }
}

describe('store migrations', () => {
  let tmp: ReturnType<typeof tempDir>
  let file: string

  beforeEach(() => {
    tmp = tempDir('migrations')
    file = join(tmp.dir, 'vigil.duckdb')
  })
  afterEach(() => tmp.cleanup())

  it('applies each migration once; a re-open applies nothing again', async () => {
    // Version 2 is deliberately not re-runnable: applying it twice would fail and double the row.
    const migrations: Migration[] = [
      ...MIGRATIONS,
      { version: 2, description: 'test table', statements: ['CREATE TABLE extra (x INTEGER)', 'INSERT INTO extra VALUES (1)'] }
    ]
    for (let i = 0; i < 3; i++) {
      const store = await openStore({ path: file, retention: LONG_RETENTION }, { migrations })
      await store.close()
    }
    expect(await peek(file, 'SELECT version FROM schema_version ORDER BY version')).toEqual([[1], [2]])
    expect(await peek(file, 'SELECT count(*)::INTEGER FROM extra')).toEqual([[1]])
  })

  it('rolls back a failing migration completely and names it', async () => {
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: 2, description: 'broken', statements: ['CREATE TABLE half (x INTEGER)', 'INSERT INTO missing_table VALUES (1)'] }
    ]
    await expect(openStore({ path: file, retention: LONG_RETENTION }, { migrations: broken })).rejects.toThrow(
      /migration 2 \(broken\) failed/
    )
    const store = await openStore({ path: file, retention: LONG_RETENTION })
    await store.close()
    expect(await peek(file, 'SELECT max(version) FROM schema_version')).toEqual([[1]])
    expect(await peek(file, `SELECT count(*)::INTEGER FROM duckdb_tables() WHERE table_name = 'half'`)).toEqual([[0]])
  })

  it('refuses a database written by a newer version, with a clear message', async () => {
    const store = await openStore({ path: file, retention: LONG_RETENTION })
    await store.close()
    await peek(file, `INSERT INTO schema_version VALUES (99, 'from the future', 0)`)
    await expect(openStore({ path: file, retention: LONG_RETENTION })).rejects.toThrow(
      /has schema version 99, but this Vigil only knows versions up to 1; it was written by a newer Vigil/
    )
    // The refusal left the file usable by the newer version (and closed it again).
    expect(await peek(file, 'SELECT max(version) FROM schema_version')).toEqual([[99]])
  })
})
