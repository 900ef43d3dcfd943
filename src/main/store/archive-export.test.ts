// The store's archive export on real DuckDB files: Parquet read back by a fresh DuckDB with no
// Vigil code in between, the series filter, one snapshot, and the message when another process
// holds the database.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lockedStoreMessage } from './archive-export'
import { openStore, type DuckDBStore } from './duckdb-store'
import { LONG_RETENTION, tempDir } from './test-support'

const T0 = Date.UTC(2026, 0, 10)
const MIN = 60_000

let tmp: ReturnType<typeof tempDir>
let store: DuckDBStore

beforeAll(async () => {
  tmp = tempDir('archive-export')
  store = await openStore({ path: join(tmp.dir, 'vigil.duckdb'), retention: LONG_RETENTION, clock: () => T0 })
  const samples = []
  for (let i = 0; i < 600; i++) {
    samples.push({ name: 'cpu', labels: { host: 'a' }, ts: T0 + i * MIN, value: i })
    samples.push({ name: 'disk', labels: { host: 'a' }, ts: T0 + i * MIN, value: i * 2 })
  }
  await store.append('t', samples)
  await store.append('t', [{ name: 'old', labels: {}, ts: T0 - 86_400_000, value: 1 }])
  await store.runMaintenance(T0 + 700 * MIN)
})

afterAll(async () => {
  await store?.close()
  tmp?.cleanup()
})

/** Counts rows of a Parquet file with a fresh DuckDB, no Vigil code in between. */
async function duckCount(file: string, where = ''): Promise<number> {
  const db = await DuckDBInstance.create(':memory:')
  const c = await db.connect()
  try {
    const r = await c.runAndReadAll(`SELECT count(*) FROM read_parquet('${file.replaceAll("'", "''")}') ${where}`)
    return Number(r.getRows()[0][0])
  } finally {
    c.closeSync()
    db.closeSync()
  }
}

describe('exportArchiveTables', () => {
  it('writes each table of the range as Parquet that DuckDB alone reads with the reported row counts', async () => {
    const dir = join(tmp.dir, 'all')
    mkdirSync(dir)
    const result = await store.exportArchiveTables({ from: T0, to: T0 + 300 * MIN, dir })
    const rows = Object.fromEntries(result.tables.map((t) => [t.table, t.rows]))
    expect(rows).toEqual({ series: 2, samples: 600, rollup_1m: 0, rollup_1h: 10, annotations: 0, alert_history: 0, notification_outbox: 0, alert_noise: 0, predictions: 0, source_state: 0 })
    for (const t of result.tables) expect(await duckCount(t.file)).toBe(t.rows)
    // The range is [from, to) on raw samples.
    expect(await duckCount(join(dir, 'samples.parquet'), `WHERE ts < ${T0} OR ts >= ${T0 + 300 * MIN}`)).toBe(0)
    // 1-minute roll-ups are left out where raw samples remain: that tier serves only before the raw floor.
    expect(result.tiers['1h']).toBe(T0 + 11 * 3_600_000)
    expect(result.tiers['1m']).toBeLessThan(T0 - 3000 * 86_400_000)
  })

  it('keeps only series matching the glob', async () => {
    const dir = join(tmp.dir, 'cpu')
    mkdirSync(dir)
    const result = await store.exportArchiveTables({ from: T0, to: T0 + 600 * MIN, dir, seriesGlob: 'c*' })
    const rows = Object.fromEntries(result.tables.map((t) => [t.table, t.rows]))
    expect(rows).toMatchObject({ series: 1, samples: 600 })
    expect(await duckCount(join(dir, 'series.parquet'), `WHERE name = 'cpu'`)).toBe(1)
  })

  it('refuses a bad range, naming it', async () => {
    await expect(store.exportArchiveTables({ from: T0, to: T0, dir: tmp.dir })).rejects.toThrow(`archive export: "to" (${T0}) must be after "from" (${T0})`)
    await expect(store.exportArchiveTables({ from: 1.5, to: T0, dir: tmp.dir })).rejects.toThrow('archive export: from must be whole epoch milliseconds, got 1.5')
  })
})

describe('a database held by another process', () => {
  let holder: ChildProcess | null = null
  afterAll(() => {
    if (holder?.pid) process.kill(holder.pid)
  })

  it('gives the clear "in use by a running Vigil" message with its pid', async () => {
    const file = join(tmp.dir, 'held.duckdb')
    holder = spawn(process.execPath, ['-e', `require('@duckdb/node-api').DuckDBInstance.create(${JSON.stringify(file)}).then(() => { console.log('ready'); setInterval(() => {}, 1000) })`], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit']
    })
    await new Promise<void>((resolve, reject) => {
      holder!.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve())
      holder!.on('exit', (code) => reject(new Error(`holder exited with ${code}`)))
    })
    const err = await openStore({ path: file, retention: LONG_RETENTION }).catch((e: Error) => e)
    expect(err).toBeInstanceOf(Error)
    expect(lockedStoreMessage(err)).toBe(
      `the data dir is in use by a running Vigil (pid ${holder.pid}?); export through it: POST /api/export or the app's File → Export`
    )
    expect(lockedStoreMessage(new Error('disk full'))).toBeNull()
  }, 30_000)
})
