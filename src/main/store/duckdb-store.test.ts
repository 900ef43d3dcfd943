import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AGGREGATIONS } from '@shared/types'
import type { IngestSample, Labels } from '@shared/types'
import { openStore } from './duckdb-store'
import type { DuckDBStore } from './duckdb-store'
import { LONG_RETENTION, referenceRange, tempDir } from './test-support'

const T0 = Date.UTC(2024, 2, 1)

describe('DuckDB metric store', () => {
  let tmp: ReturnType<typeof tempDir>
  let file: string
  const open: DuckDBStore[] = []
  const openFile = async (): Promise<DuckDBStore> => {
    const store = await openStore({ path: file, retention: LONG_RETENTION, clock: () => T0 })
    open.push(store)
    return store
  }

  beforeEach(() => {
    tmp = tempDir('store')
    file = join(tmp.dir, 'data', 'vigil.duckdb')
  })
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close()
    tmp.cleanup()
  })

  function workload(): IngestSample[] {
    const out: IngestSample[] = []
    const hosts = ['a', 'b', 'c']
    for (let i = 0; i < 600; i++) {
      const host = hosts[i % 3]
      out.push({
        name: 'http_requests',
        labels: { host, region: host === 'c' ? 'us' : 'eu' },
        ts: T0 + Math.floor(i / 3) * 5000 + (i % 3) * 1000,
        value: ((i * 7) % 23) * 0.5 - 3
      })
    }
    return out
  }

  it('round-trips samples through a file and keeps them across a restart', async () => {
    const samples = workload()
    let store = await openFile()
    const result = await store.append('src-a', samples)
    expect(result).toEqual({ accepted: samples.length, rejected: [] })
    const queries = AGGREGATIONS.map((agg) => ({ series: 'http_requests', from: T0, to: T0 + 3_600_000, step: 60, agg }))
    const before = await Promise.all(queries.map((q) => store.queryRange(q)))
    queries.forEach((q, i) => {
      expect(before[i].points).toEqual(referenceRange(samples, q))
      expect(before[i].points.length).toBeGreaterThan(10)
      expect(before[i].tier).toBe('raw')
    })
    await store.close()
    open.length = 0

    store = await openFile()
    const after = await Promise.all(queries.map((q) => store.queryRange(q)))
    expect(after).toEqual(before)
    expect((await store.stats()).samples).toBe(samples.length)
    // A restart must not duplicate the catalog: the same series are reused.
    await store.append('src-a', [{ name: 'http_requests', labels: { region: 'eu', host: 'a' }, ts: T0 + 4_000_000, value: 1 }])
    expect(await store.listSeries()).toHaveLength(3)
  })

  it('rejects invalid samples with index and reason while keeping the valid ones', async () => {
    const store = await openFile()
    const ok = (ts: number, value: number): IngestSample => ({ name: 'temp', labels: { room: 'x' }, ts, value })
    const batch = [
      ok(T0, 1),
      { ...ok(T0 + 1, 0), value: NaN },
      { ...ok(T0 + 2, 0), value: Infinity },
      { ...ok(T0 + 3, 0), value: -Infinity },
      { ...ok(T0 + 4, 0), value: '7' as unknown as number },
      { ...ok(T0 + 5, 0), name: '9lives' },
      { ...ok(T0 + 6, 0), name: '' },
      { ...ok(Date.UTC(2300, 0, 1), 0) },
      { ...ok(-5, 0) },
      { ...ok(T0 + 9, 0), labels: { room: 5 as unknown as string } },
      { ...ok(T0 + 10, 0), labels: ['x'] as unknown as Record<string, string> },
      null as unknown as IngestSample,
      { ...ok(T0 + 12, 0), unit: 42 as unknown as string },
      ok(T0 + 13, 2),
      { ...ok(T0 + 14, 0), ts: Number.NaN }
    ]
    const result = await store.append('src', batch)
    expect(result.accepted).toBe(2)
    const reasons = new Map(result.rejected.map((r) => [r.index, r.reason]))
    expect([...reasons.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14])
    expect(reasons.get(1)).toMatch(/value is NaN/)
    expect(reasons.get(2)).toMatch(/value is Infinity/)
    expect(reasons.get(3)).toMatch(/value is -Infinity/)
    expect(reasons.get(4)).toMatch(/value is the string "7", expected a finite number/)
    expect(reasons.get(5)).toMatch(/name "9lives" is not a valid series name/)
    expect(reasons.get(6)).toMatch(/name is empty/)
    expect(reasons.get(7)).toMatch(/outside 1970-01-01\.\.2200-01-01/)
    expect(reasons.get(8)).toMatch(/outside 1970/)
    expect(reasons.get(9)).toMatch(/label "room" is 5, expected a string/)
    expect(reasons.get(10)).toMatch(/labels must be an object/)
    expect(reasons.get(11)).toMatch(/sample is null/)
    expect(reasons.get(12)).toMatch(/unit is 42, expected a string/)
    expect(reasons.get(14)).toMatch(/ts is NaN/)
    const count = await store.queryRange({ series: 'temp', from: T0, to: T0 + 60_000, step: 60, agg: 'count' })
    expect(count.points).toEqual([[T0, 2]])
    // Rejected names never reach the catalog.
    expect((await store.listSeries()).map((s) => s.name)).toEqual(['temp'])
  })

  it('an append whose samples are all invalid changes nothing', async () => {
    const store = await openFile()
    const result = await store.append('src', [{ name: 'x', labels: {}, ts: T0, value: NaN }])
    expect(result.accepted).toBe(0)
    expect(await store.listSeries()).toEqual([])
  })

  it('filters by labels (subset match) and treats label order as irrelevant', async () => {
    const samples = workload()
    const store = await openFile()
    await store.append('src', samples)
    await store.append('src', [{ name: 'http_requests', labels: { region: 'eu', host: 'b' }, ts: T0 + 1, value: 100 }])
    const all = [...samples, { name: 'http_requests', labels: { host: 'b', region: 'eu' }, ts: T0 + 1, value: 100 }]
    expect(await store.listSeries('http_requests')).toHaveLength(3)
    const filters: Labels[] = [{ region: 'eu' }, { host: 'c' }, { host: 'a', region: 'eu' }, { host: 'a', region: 'us' }]
    for (const labels of filters) {
      for (const agg of ['sum', 'count', 'last'] as const) {
        const q = { series: 'http_requests', labels, from: T0, to: T0 + 3_600_000, step: 300, agg }
        expect((await store.queryRange(q)).points).toEqual(referenceRange(all, q))
      }
    }
    const none = await store.queryRange({ series: 'http_requests', labels: { host: 'zzz' }, from: T0, to: T0 + 1000, step: 1, agg: 'sum' })
    expect(none.points).toEqual([])
  })

  it('lists series by glob, treating every other character literally', async () => {
    const store = await openFile()
    const names = ['cpu_user', 'cpu_system', 'cpu.user', 'cpuXuser', 'mem_used', 'disk:io']
    await store.append(
      'host',
      names.map((name, i) => ({ name, labels: { host: 'h1' }, ts: T0 + i, value: i, unit: name.startsWith('cpu') ? '%' : undefined }))
    )
    const list = async (glob?: string): Promise<string[]> => (await store.listSeries(glob)).map((s) => s.name)
    expect(await list()).toEqual([...names].sort())
    expect(await list('cpu_*')).toEqual(['cpu_system', 'cpu_user'])
    expect(await list('cpu?user')).toEqual(['cpu.user', 'cpuXuser', 'cpu_user'])
    expect(await list('cpu.user')).toEqual(['cpu.user'])
    expect(await list('*:*')).toEqual(['disk:io'])
    expect(await list("(.*)' OR 1=1 --")).toEqual([])
    expect(await list('*')).toHaveLength(names.length)
    const [cpu] = await store.listSeries('cpu_user')
    expect(cpu).toEqual({ name: 'cpu_user', labels: { host: 'h1' }, unit: '%', source: 'host' })
  })

  it('returns the latest sample of each matching series, also after a restart', async () => {
    const samples = workload()
    let store = await openFile()
    await store.append('src', samples)
    const expected = (host: string): { ts: number; value: number } => {
      const mine = samples.filter((s) => s.labels.host === host)
      const last = mine.reduce((a, s) => (s.ts > a.ts ? s : a))
      return { ts: last.ts, value: last.value }
    }
    const check = async (): Promise<void> => {
      const latest = await store.latest('http_requests', { region: 'eu' })
      expect(latest.map((l) => l.labels.host).sort()).toEqual(['a', 'b'])
      for (const l of latest) expect({ ts: l.ts, value: l.value }).toEqual(expected(l.labels.host))
    }
    await check()
    // Newer samples move it; older ones do not.
    await store.append('src', [
      { name: 'http_requests', labels: { host: 'a', region: 'eu' }, ts: T0 + 9_000_000, value: 42 },
      { name: 'http_requests', labels: { host: 'b', region: 'eu' }, ts: T0 - 9_000_000, value: 43 }
    ])
    const a = (await store.latest('http_requests', { host: 'a' }))[0]
    expect([a.ts, a.value]).toEqual([T0 + 9_000_000, 42])
    const b = (await store.latest('http_requests', { host: 'b' }))[0]
    expect([b.ts, b.value]).toEqual([expected('b').ts, expected('b').value])
    await store.close()
    open.length = 0
    store = await openFile()
    const a2 = (await store.latest('http_requests', { host: 'a' }))[0]
    expect([a2.ts, a2.value]).toEqual([T0 + 9_000_000, 42])
    expect(await store.latest('nope')).toEqual([])
  })

  it('keeps per-source state across a restart', async () => {
    let store = await openFile()
    expect(await store.getState('csv', 'files')).toBeUndefined()
    await store.setState('csv', 'files', { 'a.csv': 120, nested: [1, 'two', null] })
    await store.setState('csv', 'done', true)
    await store.setState('csv', 'done', false)
    await store.setState('other', 'files', 'x')
    await expect(store.setState('csv', 'bad', 10n)).rejects.toThrow(/state "bad" of source "csv" cannot be stored as JSON/)
    await expect(store.setState('csv', 'bad', undefined)).rejects.toThrow(/JSON cannot store/)
    await store.close()
    open.length = 0
    store = await openFile()
    expect(await store.getState('csv', 'files')).toEqual({ 'a.csv': 120, nested: [1, 'two', null] })
    expect(await store.getState('csv', 'done')).toBe(false)
    expect(await store.getState('other', 'files')).toBe('x')
    expect(await store.getState('csv', 'bad')).toBeUndefined()
  })

  it('serialises concurrent appends and resolves each only after its commit', async () => {
    const store = await openFile()
    const writes = Array.from({ length: 20 }, (_, w) =>
      Array.from({ length: 500 }, (_, i) => ({ name: `w${w % 4}`, labels: { writer: String(w) }, ts: T0 + i * 1000, value: 1 }))
    )
    const results = await Promise.all(
      writes.map(async (batch) => {
        const r = await store.append(`s${batch[0].labels.writer}`, batch)
        // Durable on resolve: a query issued right now sees this batch.
        const q = await store.queryRange({ series: batch[0].name, labels: batch[0].labels, from: T0, to: T0 + 600_000, step: 600, agg: 'count' })
        expect(q.points).toEqual([[T0, 500]])
        return r.accepted
      })
    )
    expect(results.every((n) => n === 500)).toBe(true)
    expect((await store.stats()).samples).toBe(10_000)
  })

  it('a failed append loses only its own samples; appends prepared meanwhile still store their series', async () => {
    const store = await openStore(
      { path: file, retention: LONG_RETENTION },
      {
        beforeAppendCommit: (source) => {
          if (source === 'doomed') throw new Error('injected failure')
        }
      }
    )
    open.push(store)
    const x = { name: 'x', labels: { k: '1' } }
    // Both are prepared before either commits; the second refers to series x, which the first created.
    const doomed = store.append('doomed', [{ ...x, ts: T0, value: 1 }])
    const fine = store.append('fine', [
      { ...x, ts: T0 + 1, value: 2 },
      { name: 'y', labels: {}, ts: T0 + 2, value: 3 }
    ])
    await expect(doomed).rejects.toThrow(/could not append 1 samples from source "doomed": injected failure/)
    await expect(fine).resolves.toEqual({ accepted: 2, rejected: [] })
    const check = async (s: DuckDBStore): Promise<void> => {
      expect((await s.listSeries()).map((e) => [e.name, e.source])).toEqual([
        ['x', 'fine'],
        ['y', 'fine']
      ])
      expect((await s.queryRange({ series: 'x', from: T0, to: T0 + 10, step: 0.001, agg: 'sum' })).points).toEqual([[T0 + 1, 2]])
      expect((await s.stats()).samples).toBe(2)
    }
    await check(store)
    await store.close()
    open.length = 0
    await check(await openFile())
  })

  it('treats from as inclusive and to as exclusive, also for fractional bounds', async () => {
    const store = await openFile()
    await store.append('s', [0, 1, 2, 3].map((i) => ({ name: 'b', labels: {}, ts: T0 + i, value: 1 })))
    const count = async (from: number, to: number): Promise<number> =>
      (await store.queryRange({ series: 'b', from, to, step: 60, agg: 'count' })).points[0]?.[1] ?? 0
    expect(await count(T0, T0 + 3)).toBe(3)
    expect(await count(T0 + 0.5, T0 + 3)).toBe(2)
    expect(await count(T0, T0 + 2.5)).toBe(3)
    expect(await count(T0 + 1, T0 + 1.5)).toBe(1)
  })

  it('refuses bad queries with clear messages', async () => {
    const store = await openFile()
    const base = { series: 'x', from: T0, to: T0 + 1000, step: 1, agg: 'avg' as const }
    await expect(store.queryRange({ ...base, to: T0 })).rejects.toThrow(/"to" .* must be after "from"/)
    await expect(store.queryRange({ ...base, step: 0 })).rejects.toThrow(/step must be at least/)
    await expect(store.queryRange({ ...base, from: NaN })).rejects.toThrow(/from must be a finite number/)
    await expect(store.queryRange({ ...base, agg: 'median' as never })).rejects.toThrow(/agg "median" is not one of/)
    await expect(store.queryRange({ ...base, to: T0 + 10 * 86_400_000, step: 0.1 })).rejects.toThrow(/buckets requested/)
    await expect(store.queryRange({ ...base, labels: { a: 1 as unknown as string } })).rejects.toThrow(/label "a" is 1/)
    await expect(store.append('', [])).rejects.toThrow(/non-empty source/)
    await expect(store.append('s', {} as never)).rejects.toThrow(/must be an array/)
  })

  it('closes idempotently, refuses work afterwards and refuses a second open of the same file', async () => {
    const store = await openFile()
    await expect(openStore({ path: file, retention: LONG_RETENTION })).rejects.toThrow(/already open in this process/)
    const pending = store.append('s', [{ name: 'm', labels: {}, ts: T0, value: 1 }])
    await Promise.all([store.close(), store.close()])
    await expect(pending).resolves.toEqual({ accepted: 1, rejected: [] })
    await expect(store.append('s', [])).rejects.toThrow(/is closed/)
    await expect(store.queryRange({ series: 'm', from: 0, to: 1, step: 1, agg: 'sum' })).rejects.toThrow(/is closed/)
    open.length = 0
    const again = await openFile()
    expect((await again.stats()).samples).toBe(1)
  })

  it('refuses a retention policy that is not a number of milliseconds', async () => {
    await expect(openStore({ path: file, retention: { ...LONG_RETENTION, raw: -1 } })).rejects.toThrow(/retention\.raw/)
  })

  it('works in memory', async () => {
    const store = await openStore({ path: ':memory:', retention: LONG_RETENTION })
    open.push(store)
    await store.append('s', [{ name: 'm', labels: {}, ts: T0, value: 2.5 }])
    expect((await store.latest('m'))[0].value).toBe(2.5)
  })
})
