import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_MEMORY_LIMIT, memoryLimitBytes } from '@shared/config/storage-memory-schema'
import { openStore } from './duckdb-store'
import type { DuckDBStore } from './duckdb-store'
import { duckdbMemory } from './duckdb-memory'
import { instanceOptions } from './duckdb-settings'
import { LONG_RETENTION, tempDir } from './test-support'

const T0 = Date.UTC(2024, 2, 1)

describe('DuckDB settings of a store', () => {
  let tmp: ReturnType<typeof tempDir>
  const open: DuckDBStore[] = []
  const openAt = async (name: string, memoryLimit?: string): Promise<DuckDBStore> => {
    const store = await openStore({ path: join(tmp.dir, name), retention: LONG_RETENTION, threads: 1, memoryLimit })
    open.push(store)
    return store
  }

  beforeEach(() => {
    tmp = tempDir('settings')
  })
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close()
    tmp.cleanup()
  })

  it('caps DuckDB at 512MB by default, not at 80 % of the RAM (read back from DuckDB)', async () => {
    await openAt('a.duckdb')
    const memory = await duckdbMemory()
    // DuckDB reports the cap rounded to a tenth of a MiB ("488.2 MiB").
    expect(memory!.limitBytes / memoryLimitBytes(DEFAULT_MEMORY_LIMIT)!).toBeCloseTo(1, 3)
  })

  it('applies the configured cap, and it bounds what DuckDB accounts for', async () => {
    const store = await openAt('b.duckdb', '256MB')
    const samples = Array.from({ length: 5000 }, (_, i) => ({ name: 'cpu', labels: { host: `h${i % 10}` }, ts: T0 + i * 1000, value: i }))
    await store.append('test', samples)
    const memory = await duckdbMemory()
    expect(memory!.limitBytes / 256e6).toBeCloseTo(1, 3)
    expect(memory!.usedBytes).toBeGreaterThan(0)
    expect(memory!.usedBytes).toBeLessThanOrEqual(memory!.limitBytes)
    expect(Object.keys(memory!.byTag).length).toBeGreaterThan(0)
  })

  it('reports no DuckDB memory once every store is closed', async () => {
    const store = await openAt('c.duckdb')
    expect(await duckdbMemory()).not.toBeNull()
    await store.close()
    open.splice(0)
    expect(await duckdbMemory()).toBeNull()
  })

  it('refuses a cap that is not a size, or too small to work in, with a clear message', async () => {
    await expect(openAt('d.duckdb', 'lots')).rejects.toThrow('store memory_limit: expected a size such as "512MB" or "2GB" (units KB, MB, GB, TB, KiB, MiB, GiB, TiB), got "lots"')
    await expect(openAt('d.duckdb', '8MB')).rejects.toThrow('store memory_limit: "8MB" is below the smallest cap DuckDB can work in (64MiB)')
    // Nothing was left open: the file opens fine afterwards.
    await openAt('d.duckdb', '1GB')
    expect((await duckdbMemory())!.limitBytes / 1e9).toBeCloseTo(1, 3)
  })

  it('passes threads and the cap to DuckDB', () => {
    expect(instanceOptions({ threads: 3, memoryLimit: '2GiB' })).toMatchObject({ threads: '3', memory_limit: '2GiB' })
    expect(instanceOptions({ threads: 1 }).memory_limit).toBe(DEFAULT_MEMORY_LIMIT)
  })
})
