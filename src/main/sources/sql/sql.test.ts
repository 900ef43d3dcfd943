// The sql source against a real PostgreSQL (started by the test helper, or VIGIL_TEST_PG_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sqlSource } from '@shared/config/schema'
import { createFakeContext } from '../../../../test/helpers/fake-context'
import { postgresPrograms, runSql, startPostgres, type RunningPostgres } from '../../../../test/helpers/postgres'
import { testDeps } from '../../../../test/helpers/source-deps'
import { hasPrograms } from '../../../../test/helpers/system-program'
import { createSqlSource, CURSOR_KEY } from './source'

const available = hasPrograms('sql source', postgresPrograms(), 'apt-get install postgresql, or set VIGIL_TEST_PG_URL')
const T0 = Date.UTC(2024, 0, 1)

describe.skipIf(!available)('sql source against PostgreSQL', () => {
  let db: RunningPostgres
  let password: string
  let templateUrl: string
  const table = `vigil_test_${process.pid}_${Date.now()}`
  const env: NodeJS.ProcessEnv = {}

  beforeAll(async () => {
    db = await startPostgres()
    const u = new URL(db.url)
    password = decodeURIComponent(u.password)
    u.password = 'PLACEHOLDER'
    templateUrl = u.toString().replace('PLACEHOLDER', '${secret:warehouse}')
    env.VIGIL_SECRET_WAREHOUSE = password
    await runSql(
      db.url,
      `CREATE TABLE ${table} (ts timestamptz NOT NULL, local_ts timestamp, region text, revenue numeric, users int8, name text, active boolean)`
    )
    await runSql(
      db.url,
      `INSERT INTO ${table} VALUES
        ('2024-01-01T00:00:00Z', '2024-01-01 00:00:00', 'eu', 10.5, 3, 'alice', true),
        ('2024-01-01T00:01:00Z', '2024-01-01 00:01:00', 'us', 20, 4, 'bob', false),
        ('2024-01-01T00:02:00Z', '2024-01-01 00:02:00', NULL, NULL, 5, 'carol', true)`
    )
  })
  afterAll(async () => {
    if (db) await runSql(db.url, `DROP TABLE IF EXISTS ${table}`).catch(() => undefined)
    await db?.stop()
  })

  function source(extra: Record<string, unknown>) {
    const cfg = sqlSource.parse({ id: 'wh', kind: 'sql', connection: templateUrl, query: `SELECT * FROM ${table}`, ...extra })
    return createSqlSource(cfg, testDeps('/', env))
  }

  async function rowCount(): Promise<number> {
    return Number((await runSql(db.url, `SELECT count(*) AS n FROM ${table}`)).rows[0].n)
  }

  it('maps timestamp, value and label columns (numeric and int8 as numbers, NULL as no value)', async () => {
    const src = source({
      query: `SELECT ts, region, revenue, users, active FROM ${table} ORDER BY ts`,
      label_columns: ['region'],
      series_prefix: 'wh_'
    })
    const ctx = createFakeContext()
    try {
      await src.poll(ctx)
    } finally {
      await src.close?.()
    }
    expect(ctx.warnings).toEqual([])
    expect(ctx.series('wh_revenue').map((s) => [s.ts - T0, s.value, s.labels.region])).toEqual([
      [0, 10.5, 'eu'],
      [60_000, 20, 'us']
    ])
    expect(ctx.series('wh_users').map((s) => s.value)).toEqual([3, 4, 5])
    expect(ctx.series('wh_active').map((s) => s.value)).toEqual([1, 0, 1])
  })

  it('reads timestamps without time zone as UTC and honours configured columns', async () => {
    const src = source({
      query: `SELECT local_ts, users FROM ${table} ORDER BY ts`,
      timestamp_column: 'local_ts',
      columns: [{ column: 'users', series: 'seats', unit: 'seats' }]
    })
    const ctx = createFakeContext()
    await src.poll(ctx)
    await src.close?.()
    expect(ctx.samples.map((s) => [s.name, s.ts - T0, s.unit])).toEqual([
      ['seats', 0, 'seats'],
      ['seats', 60_000, 'seats'],
      ['seats', 120_000, 'seats']
    ])
  })

  it('incremental: binds $1 to the newest timestamp written and only reads newer rows', async () => {
    const src = source({ query: `SELECT ts, users FROM ${table} WHERE ts > $1 ORDER BY ts`, incremental: true })
    const ctx = createFakeContext()
    try {
      await src.poll(ctx)
      expect(ctx.samples.map((s) => s.value)).toEqual([3, 4, 5])
      expect(ctx.stateMap.get(CURSOR_KEY)).toBe(T0 + 120_000)

      await src.poll(ctx.nextRun())
      expect(ctx.samples).toHaveLength(3)

      await runSql(db.url, `INSERT INTO ${table} (ts, users) VALUES ('2024-01-01T00:03:00Z', 6)`)
      ctx.failNextWrite(new Error('store closed'))
      await expect(src.poll(ctx.nextRun())).rejects.toThrow('store closed')
      expect(ctx.stateMap.get(CURSOR_KEY)).toBe(T0 + 120_000)

      await src.poll(ctx.nextRun())
      expect(ctx.samples.map((s) => s.value)).toEqual([3, 4, 5, 6])
      expect(ctx.stateMap.get(CURSOR_KEY)).toBe(T0 + 180_000)
    } finally {
      await runSql(db.url, `DELETE FROM ${table} WHERE users = 6`)
      await src.close?.()
    }
  })

  it('refuses writes: the transaction is read-only and only one statement runs', async () => {
    const before = await rowCount()
    const attempts = [
      `INSERT INTO ${table} (ts, users) VALUES (now(), 99) RETURNING ts, users`,
      `WITH gone AS (DELETE FROM ${table} RETURNING ts, users) SELECT * FROM gone`
    ]
    for (const query of attempts) {
      const src = source({ query })
      await expect(src.poll(createFakeContext())).rejects.toThrow(
        /^sql source "wh": the query tried to write \(cannot execute (INSERT|DELETE|SELECT) in a read-only transaction\); sql sources run queries read-only$/
      )
      await src.close?.()
    }
    const sneaky = source({ query: `SELECT now() AS ts, 1 AS v; COMMIT; INSERT INTO ${table} (ts, users) VALUES (now(), 99)` })
    await expect(sneaky.poll(createFakeContext())).rejects.toThrow(/cannot insert multiple commands into a prepared statement/)
    await sneaky.close?.()
    expect(await rowCount()).toBe(before)
  })

  it('reports SQL errors with their position', async () => {
    const src = source({ query: `SELECT ts, users\nFROM no_such_table_here` })
    await expect(src.poll(createFakeContext())).rejects.toThrow(
      'sql source "wh": the query failed: relation "no_such_table_here" does not exist (SQLSTATE 42P01) at line 2, column 6 of the query'
    )
    // The connection is still usable after a query error.
    const ctx = createFakeContext()
    await source({ query: `SELECT ts, users FROM ${table}` }).poll(ctx)
    expect(ctx.samples.length).toBeGreaterThan(0)
    await src.close?.()
  })

  it('names a non-numeric value column and a missing timestamp column', async () => {
    const src = source({ query: `SELECT ts, name, users FROM ${table} ORDER BY ts` })
    const ctx = createFakeContext()
    await src.poll(ctx)
    expect(ctx.series('users')).toHaveLength(3)
    expect(ctx.warnings).toEqual(['sql source "wh": column "name" is "alice", expected a number (row 1; 3 of 3 rows)'])
    const noTs = source({ query: `SELECT users FROM ${table}` })
    await expect(noTs.poll(createFakeContext())).rejects.toThrow(
      'sql source "wh": the query result has no timestamp column "ts" (found: "users")'
    )
    await Promise.all([src.close?.(), noTs.close?.()])
  })

  it('cancels a query that runs past the statement timeout', async () => {
    const src = source({ query: 'SELECT now() AS ts, 1 AS v FROM pg_sleep(30)', timeout: '1s' })
    await expect(src.poll(createFakeContext())).rejects.toThrow(
      'sql source "wh": the query ran longer than 900 ms and was cancelled (statement_timeout, derived from the source timeout)'
    )
    await src.close?.()
  })

  it('aborts a running query when the poll is aborted, and reconnects on the next poll', async () => {
    const flag = `${table}_sleep`
    await runSql(db.url, `CREATE TABLE ${flag} (seconds int); INSERT INTO ${flag} VALUES (30)`)
    const src = source({ query: `SELECT now() AS ts, 1 AS v FROM pg_sleep((SELECT seconds FROM ${flag}))`, timeout: '60s' })
    try {
      const ctx = createFakeContext()
      const polling = src.poll(ctx)
      setTimeout(() => ctx.controller.abort(new Error('engine stopping')), 300)
      await expect(polling).rejects.toThrow('sql source "wh": query aborted: engine stopping')
      // The server-side query was cancelled too: its lock is gone (otherwise this waits out pg_sleep and fails).
      await runSql(db.url, `SET lock_timeout = '10s'; ALTER TABLE ${flag} ADD COLUMN note text`)
      await runSql(db.url, `UPDATE ${flag} SET seconds = 0`)
      const next = createFakeContext()
      await src.poll(next)
      expect(next.samples.map((s) => s.value)).toEqual([1])
    } finally {
      await src.close?.()
      await runSql(db.url, `DROP TABLE ${flag}`)
    }
  })

  it('reports connection problems without the password, and a missing secret by name', async () => {
    const missing = createSqlSource(
      sqlSource.parse({ id: 'wh', kind: 'sql', connection: templateUrl, query: 'SELECT 1' }),
      testDeps('/', {})
    )
    await expect(missing.poll(createFakeContext())).rejects.toThrow(
      'sql source "wh": connection: secret "warehouse" is not set (set the environment variable VIGIL_SECRET_WAREHOUSE)'
    )
    const refused = createSqlSource(
      sqlSource.parse({ id: 'wh', kind: 'sql', connection: 'postgres://vigil:hunter2-literal@127.0.0.1:1/db', query: 'SELECT 1' }),
      testDeps('/')
    )
    const err = (await refused.poll(createFakeContext()).catch((e: Error) => e)) as Error
    expect(err.message).toMatch(/^sql source "wh": cannot connect to 127\.0\.0\.1:1\/db: .*ECONNREFUSED/)
    expect(err.message).not.toContain('hunter2')
  })

  it('reports a wrong password without showing it (own server: password auth is known to be on)', async (t) => {
    if (!db.ownServer) {
      t.skip()
      return
    }
    const wrong = createSqlSource(
      sqlSource.parse({ id: 'wh', kind: 'sql', connection: templateUrl, query: 'SELECT 1' }),
      testDeps('/', { VIGIL_SECRET_WAREHOUSE: 'not-the-password' })
    )
    const err = (await wrong.poll(createFakeContext()).catch((e: Error) => e)) as Error
    expect(err.message).toMatch(/^sql source "wh": cannot connect to 127\.0\.0\.1:\d+\/postgres: password authentication failed for user "vigil"$/)
    expect(err.message).not.toContain('not-the-password')
  })

  it('reuses one connection across polls and releases it on close', async () => {
    const src = source({ query: `SELECT ts, users, pg_backend_pid() AS pid FROM ${table}`, columns: ['users', 'pid'] })
    const ctx = createFakeContext()
    await src.poll(ctx)
    await src.poll(ctx.nextRun())
    const pids = new Set(ctx.series('pid').map((s) => s.value))
    expect(pids.size).toBe(1)
    const [pid] = [...pids]
    const alive = async () => Number((await runSql(db.url, 'SELECT count(*) AS n FROM pg_stat_activity WHERE pid = $1', [pid])).rows[0].n)
    expect(await alive()).toBe(1)
    await src.close?.()
    for (let i = 0; i < 50 && (await alive()) > 0; i++) await new Promise((r) => setTimeout(r, 100))
    expect(await alive()).toBe(0)
  })
})
