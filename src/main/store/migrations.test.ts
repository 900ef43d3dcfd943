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

/** The version a test migration gets: one after the real history. */
const NEXT = MIGRATIONS.length + 1

describe('store migrations', () => {
  let tmp: ReturnType<typeof tempDir>
  let file: string

  beforeEach(() => {
    tmp = tempDir('migrations')
    file = join(tmp.dir, 'vigil.duckdb')
  })
  afterEach(() => tmp.cleanup())

  it('applies each migration once; a re-open applies nothing again', async () => {
    // The extra version is deliberately not re-runnable: applying it twice would fail and double the row.
    const migrations: Migration[] = [
      ...MIGRATIONS,
      { version: NEXT, description: 'test table', statements: ['CREATE TABLE extra (x INTEGER)', 'INSERT INTO extra VALUES (1)'] }
    ]
    for (let i = 0; i < 3; i++) {
      const store = await openStore({ path: file, retention: LONG_RETENTION }, { migrations })
      await store.close()
    }
    expect(await peek(file, 'SELECT version FROM schema_version ORDER BY version')).toEqual([...MIGRATIONS.map((m) => [m.version]), [NEXT]])
    expect(await peek(file, 'SELECT count(*)::INTEGER FROM extra')).toEqual([[1]])
  })

  it('rolls back a failing migration completely and names it', async () => {
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: NEXT, description: 'broken', statements: ['CREATE TABLE half (x INTEGER)', 'INSERT INTO missing_table VALUES (1)'] }
    ]
    await expect(openStore({ path: file, retention: LONG_RETENTION }, { migrations: broken })).rejects.toThrow(
      `migration ${NEXT} (broken) failed`
    )
    const store = await openStore({ path: file, retention: LONG_RETENTION })
    await store.close()
    expect(await peek(file, 'SELECT max(version) FROM schema_version')).toEqual([[NEXT - 1]])
    expect(await peek(file, `SELECT count(*)::INTEGER FROM duckdb_tables() WHERE table_name = 'half'`)).toEqual([[0]])
  })

  it('upgrades a version-1 database to the annotations schema, keeping its samples', async () => {
    const v1 = await openStore({ path: file, retention: LONG_RETENTION }, { migrations: MIGRATIONS.slice(0, 1) })
    await v1.append('src', [{ name: 'kept', labels: {}, ts: 1000, value: 7 }])
    await v1.close()
    const store = await openStore({ path: file, retention: LONG_RETENTION })
    try {
      expect(await store.latest('kept')).toEqual([{ series: 'kept', labels: {}, ts: 1000, value: 7 }])
      await store.addAnnotation({ source: 'src', kind: 'note', ts: 1000, endTs: null, title: 'after upgrade', text: null, series: [], labels: {} })
      expect((await store.listAnnotations({ from: 0, to: 2000 })).map((a) => a.title)).toEqual(['after upgrade'])
    } finally {
      await store.close()
    }
    expect(await peek(file, 'SELECT version FROM schema_version ORDER BY version')).toEqual(MIGRATIONS.map((m) => [m.version]))
  })

  it('refuses a database written by a newer version, with a clear message', async () => {
    const store = await openStore({ path: file, retention: LONG_RETENTION })
    await store.close()
    await peek(file, `INSERT INTO schema_version VALUES (99, 'from the future', 0)`)
    await expect(openStore({ path: file, retention: LONG_RETENTION })).rejects.toThrow(
      `has schema version 99, but this Vigil only knows versions up to ${NEXT - 1}; it was written by a newer Vigil`
    )
    // The refusal left the file usable by the newer version (and closed it again).
    expect(await peek(file, 'SELECT max(version) FROM schema_version')).toEqual([[99]])
  })
})
