// Faults of the csv source's files: invalid UTF-8, a line longer than a read chunk, clock skew,
// duplicate and out-of-order timestamps, and a half-written last line. Good rows are kept, bad
// ones reported with file and line, and a healthy source keeps polling.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { csvSource } from '@shared/config/schema'
import { createCsvSource } from '../../src/main/sources/csv'
import { testDeps } from '../helpers/source-deps'
import { minimumHealthyPolls, runWithFault, type FaultRun } from './harness'

let run: FaultRun | undefined
let dir: string | undefined
afterEach(async () => {
  await run?.close()
  run = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

function csv(content: string | Buffer, extra: Record<string, unknown> = {}) {
  dir = mkdtempSync(join(tmpdir(), 'vigil-csv-fault-'))
  writeFileSync(join(dir, 'data.csv'), content)
  const cfg = csvSource.parse({ id: 'f', kind: 'csv', path: 'data.csv', interval: '100ms', timeout: '5s', ...extra })
  return { source: createCsvSource(cfg, testDeps(dir)), intervalMs: cfg.interval, timeoutMs: cfg.timeout }
}

function expectHealthyKeptGoing(r: FaultRun): void {
  expect(r.healthy).toMatchObject({ state: 'ok', consecutiveFailures: 0 })
  expect(r.healthyPolls).toBeGreaterThanOrEqual(minimumHealthyPolls(r.elapsedMs))
}

const T = Date.UTC(2024, 0, 1)
const MIN = 60_000

describe('csv source faults', () => {
  it('invalid UTF-8 in a label cell: that row is skipped and reported with its line, the others imported', async () => {
    const content = Buffer.concat([
      Buffer.from('timestamp,team,v\n2024-01-01T00:00:00Z,crm,1\n2024-01-01T00:01:00Z,'),
      Buffer.from([0x63, 0xff, 0x6d]),
      Buffer.from(',2\n2024-01-01T00:02:00Z,ops,3\n')
    ])
    run = await runWithFault(csv(content, { label_columns: ['team'] }), { until: (_h, reports) => reports.some((x) => x.state === 'error') })
    // Reported by the run that read the row; later polls find nothing new.
    expect(run.faultyReports.find((x) => x.state === 'error')?.lastError).toBe('csv source "f": data.csv:3: not valid UTF-8 (byte 0xff at offset 22 of the row); row skipped')
    expect((await run.store.latest('v')).map((l) => l.labels.team).sort()).toEqual(['crm', 'ops'])
    expectHealthyKeptGoing(run)
  })

  it('a line longer than a read chunk (4 MiB): the file fails with the line number, not the engine', async () => {
    const huge = `timestamp,v\n2024-01-01T00:00:00Z,1\n2024-01-01T00:01:00Z,${'9'.repeat(5 * 1024 * 1024)}\n`
    // Reported on every poll while the file stays stuck, not once and then hidden behind "ok".
    run = await runWithFault(csv(huge), { until: (h) => (h.consecutiveFailures ?? 0) >= 2 })
    expect(run.faulty.lastError).toBe('csv source "f": data.csv: line 3 is longer than 4194304 bytes')
    expectHealthyKeptGoing(run)
  })

  it('clock skew: after 2200 refused by the store, before 1970 by the parser; duplicates and out-of-order rows stored in time order, once', async () => {
    const rows = [
      'timestamp,v',
      `${new Date(T + 2 * MIN).toISOString()},3`,
      `${new Date(T).toISOString()},1`,
      `${new Date(T + MIN).toISOString()},2`,
      '3000-01-01T00:00:00Z,7',
      '1960-01-01T00:00:00Z,8',
      `${new Date(T + MIN).toISOString()},2`
    ]
    run = await runWithFault(csv(`${rows.join('\n')}\n`), { until: (_h, reports) => reports.length >= 3 })
    // The problems belong to the run that read the rows; later polls find nothing new.
    const firstRun = run.faultyReports.find((h) => h.state === 'error')
    expect(firstRun?.lastError).toContain('data.csv:6: timestamp column "timestamp" is "1960-01-01T00:00:00Z", expected')
    expect(firstRun?.lastError).toContain(`1 sample rejected: v: ts ${Date.UTC(3000, 0, 1)} is outside 1970-01-01..2200-01-01`)
    expect(run.faulty).toMatchObject({ state: 'ok', samples: 4 })
    const points = await run.store.queryRange({ series: 'v', from: T, to: T + 3 * MIN, step: 60, agg: 'count' })
    // The file's own duplicate row is its data and is kept; re-polling adds nothing.
    expect(points.points).toEqual([
      [T, 1],
      [T + MIN, 2],
      [T + 2 * MIN, 1]
    ])
    expectHealthyKeptGoing(run)
  })

  it('a half-written last line is left for later, not reported as bad', async () => {
    run = await runWithFault(csv('timestamp,v\n2024-01-01T00:00:00Z,1\n2024-01-01T00:01:00Z,4'), { until: (h) => h.samples >= 1 })
    expect(run.faulty).toMatchObject({ state: 'ok', lastError: null, samples: 1 })
    expectHealthyKeptGoing(run)
  })
})
