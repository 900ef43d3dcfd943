// reopen(): the store checkpoints, closes and opens its DuckDB file again while the engine keeps
// writing and reading. Nothing acknowledged is lost, no read fails, answers are the same after.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IngestSample, RangeQuery } from '@shared/types'
import { openStore, type DuckDBStore } from './duckdb-store'
import { LONG_RETENTION, referenceRange, tempDir } from './test-support'

const T0 = Date.UTC(2024, 2, 1)

function batch(offset: number, count: number): IngestSample[] {
  return Array.from({ length: count }, (_, i) => {
    const n = offset + i
    return { name: 'req', labels: { host: `h${n % 4}` }, ts: T0 + n * 1000, value: (n * 13) % 29 }
  })
}

describe('store reopen', () => {
  let tmp: ReturnType<typeof tempDir>
  let file: string
  const open: DuckDBStore[] = []
  const openFile = async (): Promise<DuckDBStore> => {
    const store = await openStore({ path: file, retention: LONG_RETENTION, clock: () => T0 })
    open.push(store)
    return store
  }

  beforeEach(() => {
    tmp = tempDir('reopen')
    file = join(tmp.dir, 'vigil.duckdb')
  })
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close()
    tmp.cleanup()
  })

  it('answers the same after a reopen, and keeps taking writes', async () => {
    const store = await openFile()
    const first = batch(0, 2000)
    await store.append('src', first)
    await store.setState('src', 'cursor', { at: 42 })
    const q: RangeQuery = { series: 'req', labels: { host: 'h1' }, from: T0, to: T0 + 4000_000, step: 60, agg: 'avg' }
    const before = await store.queryRange(q)
    const latestBefore = await store.latest('req')

    const ms = await store.reopen()
    expect(ms).toBeTypeOf('number')
    expect(ms).toBeGreaterThanOrEqual(0)

    expect(await store.queryRange(q)).toEqual(before)
    expect(await store.latest('req')).toEqual(latestBefore)
    expect(await store.getState('src', 'cursor')).toEqual({ at: 42 })
    expect((await store.listSeries('req')).length).toBe(4)
    const second = batch(2000, 500)
    expect((await store.append('src', second)).accepted).toBe(500)
    expect((await store.queryRange(q)).points).toEqual(referenceRange([...first, ...second], q))
    // A new series after the reopen gets an id of its own (the catalog was reloaded, not lost).
    await store.append('src', [{ name: 'other', labels: {}, ts: T0, value: 1 }])
    expect((await store.stats()).series).toBe(5)
  })

  it('lets writes and reads issued during a reopen wait for it: none fails, every write is stored', { timeout: 120_000 }, async () => {
    const store = await openFile()
    const all: IngestSample[] = batch(0, 1000)
    await store.append('src', all)
    const q: RangeQuery = { series: 'req', from: T0, to: T0 + 10_000_000, step: 600, agg: 'count' }
    const work: Promise<unknown>[] = []
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5; i++) {
        const b = batch(1000 + round * 1000 + i * 200, 200)
        all.push(...b)
        work.push(store.append('src', b))
        work.push(store.queryRange(q))
        work.push(store.samples('req', { host: 'h2' }, T0, T0 + 10_000_000))
      }
      // Reads keep coming, a pair every 5 ms or so, for as long as the reopen takes.
      let reopened = false
      const reopen = store.reopen().finally(() => (reopened = true))
      work.push(reopen)
      let during = 0
      while (!reopened && during < 2000) {
        work.push(store.queryRange(q), store.samples('req', { host: 'h3' }, T0, T0 + 10_000_000))
        during++
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      await reopen
      expect(during).toBeGreaterThan(1)
      // The reopen finished while reads still came: they wait for it rather than starving it.
      expect(during).toBeLessThan(2000)
    }
    const results = await Promise.allSettled(work)
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    const total = (await store.queryRange(q)).points.reduce((n, [, c]) => n + c, 0)
    expect(total).toBe(all.length)

    // And the file holds them: closed and opened by a fresh store.
    await store.close()
    const again = await openFile()
    expect((await again.queryRange(q)).points).toEqual(referenceRange(all, q))
  })

  it('waits for a maintenance pass in progress (its steps hold the connection they started on)', async () => {
    const store = await openFile()
    // Four days of one sample a minute: the pass rolls them up a day per step.
    const days = 4
    const samples = Array.from({ length: days * 1440 }, (_, i) => ({ name: 'm', labels: {}, ts: T0 + i * 60_000, value: i % 7 }))
    for (let i = 0; i < samples.length; i += 2000) await store.append('src', samples.slice(i, i + 2000))
    const pass = store.runMaintenance(T0 + (days + 1) * 86_400_000)
    const reopened = store.reopen()
    const [report] = await Promise.all([pass, reopened])
    expect(report).toBeDefined()
    expect(await reopened).toBeTypeOf('number')
    const stats = await store.stats()
    expect(stats.rollup1m).toBe(days * 1440)
    expect(stats.watermarks['1m']).toBeGreaterThanOrEqual(T0 + days * 86_400_000)
  })

  it('has nothing to reopen in memory, and refuses once closed', async () => {
    const mem = await openStore({ path: ':memory:', retention: LONG_RETENTION, clock: () => T0 })
    open.push(mem)
    expect(await mem.reopen()).toBeNull()
    const store = await openFile()
    await store.close()
    await expect(store.reopen()).rejects.toThrow(/is closed \(reopen refused\)/)
  })
})
