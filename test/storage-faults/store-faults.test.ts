// The store itself on a real tmpfs: a full disk makes DuckDB invalidate the database when a
// checkpoint cannot be written ("must be restarted"); the store reopens it in-process once space
// is back, with every committed sample, and the writes in between are refused with a
// StorageError, never acknowledged. A read-only data folder refuses to open, naming the file.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IngestSample } from '@shared/types'
import { openStore, type DuckDBStore } from '../../src/main/store/duckdb-store'
import { StorageError } from '../../src/main/store/storage-error'
import { canMount, mountTmpfs, type SmallMount } from './small-mount'

const enabled = canMount('store storage-fault tests')
const YEAR = 365 * 86_400_000
const retention = { raw: YEAR, '1m': YEAR, '1h': YEAR }

function batch(first: number, count: number, base: number): IngestSample[] {
  return Array.from({ length: count }, (_, i) => ({ name: 'fill', labels: { slot: `s${(first + i) % 4}` }, ts: base + first + i, value: first + i }))
}

describe.skipIf(!enabled)('metric store on a failing disk', () => {
  let mount: SmallMount
  let store: DuckDBStore | null = null

  beforeAll(() => {
    mount = mountTmpfs(16)
  })

  afterAll(async () => {
    await store?.close().catch(() => undefined)
    mount?.free()
    mount?.remove()
  })

  it('reopens DuckDB after a checkpoint failed on a full disk, losing nothing that was acknowledged', { timeout: 120_000 }, async () => {
    const path = join(mount.dir, 'full', 'vigil.duckdb')
    // A small checkpoint threshold makes DuckDB checkpoint (and fail to) within a few appends.
    store = await openStore({ path, retention, threads: 1 }, { afterMigrate: (w) => w.exec(`SET checkpoint_threshold = '256KB'`).then(() => undefined) })
    const base = Date.now() - 3_600_000
    let next = 0
    const acked: Array<[number, number]> = []
    const append = async (): Promise<unknown> => {
      const first = next
      next += 5000
      try {
        const r = await store!.append('test', batch(first, 5000, base))
        expect(r.accepted).toBe(5000)
        acked.push([first, 5000])
        return null
      } catch (err) {
        return err
      }
    }
    for (let i = 0; i < 4; i++) expect(await append()).toBeNull()
    // Room for a WAL entry or two but not for the checkpoint that follows: DuckDB invalidates the database.
    mount.fill(400 * 1024)
    const errors: unknown[] = []
    for (let i = 0; i < 40 && errors.length < 3; i++) {
      const err = await append()
      if (err) errors.push(err)
    }
    expect(errors.length).toBeGreaterThan(0)
    for (const err of errors) {
      expect(err).toBeInstanceOf(StorageError)
      expect((err as StorageError).message).toContain(path)
      expect((err as StorageError).problem).toBe('disk_full')
    }
    console.log(`store on a full disk: ${errors.map((e) => `${(e as Error).message}\n    cause: ${String((e as Error).cause)}`).join('\n  ')}`)
    // The case that needs the in-process reopen really happened.
    expect(errors.some((e) => /invalidated|checkpoint/i.test(String((e as Error).cause)))).toBe(true)

    mount.free()
    let resumed = false
    for (let i = 0; i < 30 && !resumed; i++) {
      const err = await append()
      if (err === null) resumed = true
      else {
        expect(err).toBeInstanceOf(StorageError)
        await new Promise((r) => setTimeout(r, 250))
      }
    }
    expect(resumed).toBe(true)
    for (let i = 0; i < 4; i++) expect(await append()).toBeNull()

    const check = async (s: DuckDBStore): Promise<void> => {
      const got = new Map<number, number>()
      for (const series of await s.samples('fill', undefined, base - 1, base + next)) for (const [ts, v] of series.points) got.set(ts - base, v)
      let missing = 0
      for (const [first, count] of acked) for (let i = first; i < first + count; i++) if (got.get(i) !== i) missing++
      expect(missing).toBe(0)
    }
    await check(store)
    await store.close()
    store = await openStore({ path, retention, threads: 1 })
    await check(store)
    await store.close()
    store = null
  })

  it('a scheduled reopen on a full disk fails with a StorageError, and reopens with every sample once space is back', { timeout: 120_000 }, async () => {
    const path = join(mount.dir, 'reopen', 'vigil.duckdb')
    store = await openStore({ path, retention, threads: 1 })
    const base = Date.now() - 3_600_000
    for (let i = 0; i < 4; i++) expect((await store.append('test', batch(i * 5000, 5000, base))).accepted).toBe(5000)
    mount.fill()
    const err = await store.reopen().then(
      () => null,
      (e: unknown) => e
    )
    expect(err).toBeInstanceOf(StorageError)
    expect((err as StorageError).problem).toBe('disk_full')
    expect((err as Error).message).toContain(path)
    console.log(`reopen on a full disk: ${(err as Error).message}`)
    mount.free()
    let reopened: number | null = null
    let last: unknown = null
    for (let i = 0; i < 20 && reopened === null; i++) {
      try {
        reopened = await store.reopen()
      } catch (e) {
        // Right after an invalidation the store waits a second before it opens again.
        last = e
        await new Promise((r) => setTimeout(r, 300))
      }
    }
    expect(reopened, `never reopened: ${String(last)}`).not.toBeNull()
    const q = await store.queryRange({ series: 'fill', from: base, to: base + 20_000, step: 20, agg: 'count' })
    expect(q.points.reduce((n, [, c]) => n + c, 0)).toBe(20_000)
    await store.close()
    store = null
  })

  it('refuses to open on a read-only data folder with a clear error naming the file', { timeout: 60_000 }, async () => {
    const path = join(mount.dir, 'ro', 'vigil.duckdb')
    const first = await openStore({ path, retention, threads: 1 })
    await first.append('test', batch(0, 10, Date.now() - 60_000))
    await first.close()
    mount.remount('ro')
    try {
      const err = await openStore({ path, retention, threads: 1 }).then(
        async (s) => {
          await s.close()
          return null
        },
        (e: unknown) => e
      )
      expect(err).toBeInstanceOf(StorageError)
      expect((err as StorageError).problem).toBe('read_only')
      expect((err as Error).message).toContain(path)
      expect((err as Error).message).toMatch(/cannot be written/)
      console.log(`store on a read-only folder: ${(err as Error).message}`)
    } finally {
      mount.remount('rw')
    }
  })
})
