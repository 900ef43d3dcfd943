// Bad data inside well-formed responses: NaN/Infinity strings, numbers as strings, clock skew
// (timestamps far in the future or past) and duplicate / out-of-order timestamps. Valid values
// are kept, each bad one is named with its path, and the store's rules decide what is stored
// (timestamps from 1970-01-01 to 2200-01-01). A healthy source keeps polling throughout.
import { afterEach, describe, expect, it } from 'vitest'
import { httpJsonSource, prometheusSource } from '@shared/config/schema'
import { createHttpJsonSource } from '../../src/main/sources/http-json'
import { createPrometheusSource } from '../../src/main/sources/prometheus'
import { startHttpServer, jsonReply, type Reply, type TestHttpServer } from '../helpers/http-server'
import { testDeps } from '../helpers/source-deps'
import { minimumHealthyPolls, runWithFault, type FaultRun } from './harness'

let server: TestHttpServer | undefined
let run: FaultRun | undefined
afterEach(async () => {
  await run?.close()
  await server?.close()
  run = undefined
  server = undefined
})

const T = Date.UTC(2024, 4, 1, 10, 0, 0)
const MIN = 60_000

function httpJson(url: string, metrics: unknown[]) {
  const cfg = httpJsonSource.parse({ id: 'f', kind: 'http-json', url, interval: '100ms', timeout: '1s', metrics })
  return { source: createHttpJsonSource(cfg, testDeps('/')), intervalMs: cfg.interval, timeoutMs: cfg.timeout }
}

function expectHealthyKeptGoing(r: FaultRun): void {
  expect(r.healthy).toMatchObject({ state: 'ok', consecutiveFailures: 0 })
  expect(r.healthyPolls).toBeGreaterThanOrEqual(minimumHealthyPolls(r.elapsedMs))
}

/** Bucket start times (1-day buckets) of every stored point of `series`. */
async function times(r: FaultRun, series: string): Promise<number[]> {
  const res = await r.store.queryRange({ series, from: 0, to: Date.UTC(2200, 0, 1), step: 86_400, agg: 'count' })
  return res.points.map(([ts]) => ts)
}

describe('http-json: values that are not plain numbers', () => {
  it('rejects "NaN", "Infinity", hex and "1,234" naming each path; takes numeric strings and booleans', async () => {
    server = await startHttpServer(() =>
      jsonReply({ a: 'NaN', b: 'Infinity', c: '12.5', d: ' 7 ', e: true, f: '0x1F', g: '1,234', h: '-1e3' })
    )
    const metrics = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k) => ({ series: `v_${k}`, path: `$.${k}` }))
    run = await runWithFault(httpJson(`${server.url}/`, metrics), { until: (h) => h.samples >= 4 })
    expect(run.faulty.state).toBe('error')
    const msg = run.faulty.lastError ?? ''
    expect(msg).toContain('http-json source "f": $.a is "NaN", expected a number')
    expect(msg).toContain('$.b is "Infinity", expected a number')
    expect(msg).toContain('$.f is "0x1F", expected a number')
    expect(msg).toMatch(/and 1 more warning/)
    const latest = async (s: string) => (await run!.store.latest(s)).map((v) => v.value)
    expect(await latest('v_c')).toEqual([12.5])
    expect(await latest('v_d')).toEqual([7])
    expect(await latest('v_e')).toEqual([1])
    expect(await latest('v_h')).toEqual([-1000])
    expect(await latest('v_a')).toEqual([])
    expectHealthyKeptGoing(run)
  })
})

describe('clock skew', () => {
  it('http-json: a time after 2200 is refused by the store, one before 1970 by the parser; 2150 is stored as given', async () => {
    const y3000 = Date.UTC(3000, 0, 1)
    const y2150 = Date.UTC(2150, 0, 1)
    server = await startHttpServer(() =>
      jsonReply({ rows: [{ v: 1, at: y3000 }, { v: 2, at: '1960-01-01T00:00:00Z' }, { v: 3, at: T }, { v: 4, at: y2150 }] })
    )
    const metrics = [{ series: 'skew', items: '$.rows', path: '$.v', timestamp_path: '$.at' }]
    run = await runWithFault(httpJson(`${server.url}/`, metrics), { until: (h) => h.samples >= 2 })
    expect(run.faulty.state).toBe('error')
    expect(run.faulty.lastError).toContain('http-json source "f": $.rows[1].at is "1960-01-01T00:00:00Z", expected a timestamp')
    expect(run.faulty.lastError).toContain(`1 sample rejected: skew: ts ${y3000} is outside 1970-01-01..2200-01-01`)
    const day = (ms: number) => ms - (ms % 86_400_000)
    expect(await times(run, 'skew')).toEqual([day(T), day(y2150)])
    expectHealthyKeptGoing(run)
  })

  it('prometheus: a sample stamped after 2200 is refused with the store\'s reason; the rest of the vector is kept', async () => {
    const farFuture = Date.UTC(2500, 0, 1) / 1000
    server = await startHttpServer(() =>
      jsonReply({
        status: 'success',
        data: {
          resultType: 'vector',
          result: [
            { metric: { __name__: 'up', job: 'late' }, value: [farFuture, '1'] },
            { metric: { __name__: 'up', job: 'ok' }, value: [T / 1000, '1'] },
            { metric: { __name__: 'up', job: 'nan' }, value: [T / 1000, 'NaN'] }
          ]
        }
      })
    )
    const cfg = prometheusSource.parse({ id: 'f', kind: 'prometheus', url: server.url, interval: '100ms', timeout: '1s', backfill: '0s', queries: [{ query: 'up' }] })
    run = await runWithFault({ source: createPrometheusSource(cfg, testDeps('/')), intervalMs: cfg.interval, timeoutMs: cfg.timeout }, { until: (h) => h.samples >= 1 })
    expect(run.faulty.lastError).toContain('up{job="nan"} at 2024-05-01T10:00:00.000Z is NaN, which cannot be stored')
    expect(run.faulty.lastError).toContain(`ts ${farFuture * 1000} is outside 1970-01-01..2200-01-01`)
    expect((await run.store.latest('up')).map((v) => v.labels.job)).toEqual(['ok'])
    expectHealthyKeptGoing(run)
  })
})

describe('duplicate and out-of-order timestamps (http-json with timestamp_path)', () => {
  it('stores out-of-order points in time order, drops exact repeats, reports conflicting values, and never re-writes a re-served document', async () => {
    const reply: Reply = jsonReply({
      rows: [
        { v: 3, at: T + 2 * MIN },
        { v: 1, at: T },
        { v: 2, at: T + MIN },
        { v: 2, at: T + MIN },
        { v: 9, at: T }
      ]
    })
    server = await startHttpServer(() => reply)
    const metrics = [{ series: 'orders', items: '$.rows', path: '$.v', timestamp_path: '$.at' }]
    // Several polls of the same document: each point must be stored once.
    run = await runWithFault(httpJson(`${server.url}/`, metrics), { until: (_h, reports) => reports.length >= 4 })
    expect(run.faulty.lastError).toBe(
      'http-json source "f": series orders{} has 2 values at 2024-05-01T10:00:00.000Z (1 and 9); kept the first'
    )
    const range = await run.store.queryRange({ series: 'orders', from: T, to: T + 3 * MIN, step: 60, agg: 'sum' })
    expect(range.points).toEqual([
      [T, 1],
      [T + MIN, 2],
      [T + 2 * MIN, 3]
    ])
    expectHealthyKeptGoing(run)
  })

  it('a point re-served with a changed value is written again (a correction), an unchanged one is not', async () => {
    let version = 1
    server = await startHttpServer(() => jsonReply({ rows: [{ v: version === 1 ? 10 : 11, at: T }, { v: 5, at: T + MIN }] }))
    const metrics = [{ series: 'daily', items: '$.rows', path: '$.v', timestamp_path: '$.at' }]
    run = await runWithFault(httpJson(`${server.url}/`, metrics), {
      until: (_h, reports) => {
        if (reports.length >= 2) version = 2
        return reports.length >= 5
      }
    })
    expect(run.faulty).toMatchObject({ state: 'ok', samples: 3 })
    const counts = await run.store.queryRange({ series: 'daily', from: T, to: T + 2 * MIN, step: 60, agg: 'count' })
    expect(counts.points).toEqual([
      [T, 2],
      [T + MIN, 1]
    ])
  })
})
