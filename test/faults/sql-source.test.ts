// Faults of the sql (PostgreSQL) source: a server that accepts and never answers, one that resets
// the connection during the handshake, a query slower than the timeout and a result larger than
// the row limit (the last two against a real PostgreSQL). A healthy source keeps its schedule.
import { createServer, type Socket } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { sqlSource } from '@shared/config/schema'
import { createSqlSource } from '../../src/main/sources/sql'
import { runReadOnly } from '../../src/main/sources/sql/run-read-only'
import pg from 'pg'
import { postgresPrograms, startPostgres, type RunningPostgres } from '../helpers/postgres'
import { testDeps } from '../helpers/source-deps'
import { hasPrograms } from '../helpers/system-program'
import { minimumHealthyPolls, runWithFault, type FaultRun } from './harness'

let run: FaultRun | undefined
const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  await run?.close()
  run = undefined
  for (const c of closers.splice(0)) await c()
})

/** A TCP server on 127.0.0.1:0 doing `onConnect` with each connection; resolves with its port. */
async function tcpServer(onConnect: (s: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>()
  const server = createServer((s) => {
    sockets.add(s)
    s.on('error', () => undefined)
    s.on('close', () => sockets.delete(s))
    onConnect(s)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  closers.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy()
        server.close(() => r())
      })
  )
  return (server.address() as { port: number }).port
}

function sql(connection: string, extra: Record<string, unknown> = {}) {
  const cfg = sqlSource.parse({ id: 'f', kind: 'sql', connection, query: 'SELECT now() AS ts, 1 AS v', interval: '150ms', timeout: '1s', ...extra })
  return { source: createSqlSource(cfg, testDeps('/')), intervalMs: cfg.interval, timeoutMs: cfg.timeout }
}

function expectHealthyKeptGoing(r: FaultRun): void {
  expect(r.healthy).toMatchObject({ state: 'ok', consecutiveFailures: 0 })
  expect(r.healthyPolls).toBeGreaterThanOrEqual(minimumHealthyPolls(r.elapsedMs))
}

describe('sql source, protocol faults (fake server)', () => {
  it('hang: a server that accepts and never answers fails the connect within the timeout, naming host and database', async () => {
    const port = await tcpServer(() => undefined)
    run = await runWithFault(sql(`postgres://vigil:pw@127.0.0.1:${port}/warehouse`), { until: (h) => (h.consecutiveFailures ?? 0) >= 2 })
    expect(run.faulty.state).toBe('error')
    expect(run.faulty.lastError).toMatch(new RegExp(`^sql source "f": cannot connect to 127\\.0\\.0\\.1:${port}/warehouse: .*timeout`, 'i'))
    expect(run.faulty.lastError).not.toContain('pw')
    expectHealthyKeptGoing(run)
  })

  it('reset during the handshake: a clear connection error, retried with back-off', async () => {
    const port = await tcpServer((s) => s.once('data', () => s.resetAndDestroy()))
    run = await runWithFault(sql(`postgres://vigil:pw@127.0.0.1:${port}/warehouse`), { until: (h) => (h.consecutiveFailures ?? 0) >= 2 })
    expect(run.faulty.lastError).toMatch(new RegExp(`^sql source "f": cannot connect to 127\\.0\\.0\\.1:${port}/warehouse: .*(ECONNRESET|terminated)`))
    expectHealthyKeptGoing(run)
  })

  it('garbage instead of the protocol: a clear connection error, never a crash', async () => {
    const port = await tcpServer((s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\n\r\n')))
    run = await runWithFault(sql(`postgres://vigil:pw@127.0.0.1:${port}/warehouse`), { until: (h) => (h.consecutiveFailures ?? 0) >= 2 })
    expect(run.faulty.lastError).toMatch(new RegExp(`^sql source "f": cannot connect to 127\\.0\\.0\\.1:${port}/warehouse: `))
    expectHealthyKeptGoing(run)
  })
})

const available = hasPrograms('sql fault', postgresPrograms(), 'apt-get install postgresql, or set VIGIL_TEST_PG_URL')

describe.skipIf(!available)('sql source, query faults (real PostgreSQL)', () => {
  let db: RunningPostgres
  beforeAll(async () => {
    db = await startPostgres()
  }, 60_000)
  afterAll(async () => {
    await db?.stop()
  })

  it('a query slower than the timeout is cancelled by statement_timeout, with a message saying so', async () => {
    // A 5 s timeout leaves PostgreSQL's statement_timeout (4.5 s) a clear lead over the scheduler's abort, even on a loaded machine.
    run = await runWithFault(sql(db.url, { query: 'SELECT now() AS ts, 1 AS v FROM pg_sleep(20)', timeout: '5s' }), { until: (h) => (h.consecutiveFailures ?? 0) >= 1, maxMs: 30_000 })
    expect(run.faulty.lastError).toBe(
      'sql source "f": the query ran longer than 4500 ms and was cancelled (statement_timeout, derived from the source timeout)'
    )
    expectHealthyKeptGoing(run)
  })

  it('a result over the row limit is refused with the limit named; the rows are not kept in memory', async () => {
    const client = new pg.Client({ connectionString: db.url })
    await client.connect()
    try {
      const err = await runReadOnly(client, 'SELECT g AS v FROM generate_series(1, 2500) g', [], 10_000, 1000).catch((e: unknown) => e)
      expect((err as Error).message).toBe(
        'the query returned 2500 rows, more than the limit of 1000 per poll; narrow it (WHERE, LIMIT) or use incremental: true'
      )
      // Up to the limit, every row comes through, in order.
      const ok = await runReadOnly(client, 'SELECT g AS v FROM generate_series(1, 1000) g', [], 10_000, 1000)
      expect(ok.rows.length).toBe(1000)
      expect(ok.rows[999]).toEqual([1000])
      expect(ok.columns).toEqual(['v'])
    } finally {
      await client.end()
    }
  })
})
