import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DuckDBInstance } from '@duckdb/node-api'
import { openStore } from './duckdb-store'
import { migrate } from './migrations'
import { StorePredictions } from './predictions'
import { Sql } from './sql'
import type { TableAccess } from './table-access'
import type { DuckDBStore, OpenStoreExtras } from './duckdb-store'
import type { PredictionInput } from './predictions'
import { DAY, LONG_RETENTION, tempDir } from './test-support'

const T0 = Date.UTC(2025, 0, 1)
const MIN = 60_000

function rec(i: number, over: Partial<PredictionInput> = {}): PredictionInput {
  return {
    ts: T0 + i * MIN,
    model: 'fraud',
    prediction: i % 2,
    score: (i % 10) / 10,
    label: i % 3 === 0 ? null : i % 2,
    latencyMs: 10 + i,
    features: { amount: i * 1.5, country: i % 2 ? 'FR' : 'DE' },
    ...over
  }
}

describe('predictions store', () => {
  let tmp: ReturnType<typeof tempDir>
  let file: string
  let store: DuckDBStore | null = null

  const reopen = async (extras: OpenStoreExtras = {}, retention = LONG_RETENTION): Promise<DuckDBStore> => {
    await store?.close()
    store = await openStore({ path: file, retention, threads: 1 }, extras)
    return store
  }

  beforeEach(() => {
    tmp = tempDir('predictions')
    file = join(tmp.dir, 'vigil.duckdb')
  })
  afterEach(async () => {
    await store?.close()
    store = null
    tmp.cleanup()
  })

  it('stores valid records durably, rejects bad ones with index and field, and reads them back in time order', async () => {
    const s = await reopen()
    const records: PredictionInput[] = [
      rec(2),
      rec(0),
      { ...rec(1), score: 1.5 },
      rec(1, { features: { amount: Number.NaN } as Record<string, number> }),
      rec(1),
      rec(3, { model: '' }),
      rec(4, { id: 'r-4', label: 1, score: null, latencyMs: null, features: { text: 'x' } })
    ]
    const result = await s.predictions.append(records)
    expect(result.accepted).toBe(4)
    expect(result.duplicates).toEqual([])
    expect(result.rejected.map((r) => r.index)).toEqual([2, 3, 5])
    expect(result.rejected[0].reason).toBe('score is 1.5, expected a probability from 0 to 1 or null')
    expect(result.rejected[1].reason).toContain('features.amount is NaN')
    expect(result.rejected[2].reason).toContain('model is empty')

    // Durable: a reopened store reads the same records.
    const again = await reopen()
    const read = await again.predictions.queryPredictions('fraud', T0, T0 + DAY, 100)
    expect(read.map((r) => r.ts)).toEqual([T0, T0 + MIN, T0 + 2 * MIN, T0 + 4 * MIN])
    expect(read[0]).toEqual({ ...rec(0), id: null })
    expect(read[3]).toEqual({ ...rec(4, { id: 'r-4', label: 1, score: null, latencyMs: null, features: { text: 'x' } }) })
    // The window is [from, to).
    expect((await again.predictions.queryPredictions('fraud', T0 + MIN, T0 + 2 * MIN, 100)).map((r) => r.ts)).toEqual([T0 + MIN])
    expect(await again.predictions.queryPredictions('other', T0, T0 + DAY, 100)).toEqual([])
  })

  it('keeps arrival order among records sharing a timestamp', async () => {
    const s = await reopen()
    await s.predictions.append([rec(0, { features: { n: 1 } }), rec(0, { features: { n: 2 } })])
    await s.predictions.append([rec(0, { features: { n: 3 } })])
    const read = await s.predictions.queryPredictions('fraud', T0, T0 + 1, 10)
    expect(read.map((r) => r.features.n)).toEqual([1, 2, 3])
  })

  it('samples evenly when a window holds more than the limit, and counts the whole window', async () => {
    const s = await reopen()
    await s.predictions.append(Array.from({ length: 1000 }, (_, i) => rec(i)))
    const sampled = await s.predictions.queryPredictions('fraud', T0, T0 + DAY, 100)
    expect(sampled).toHaveLength(100)
    // Every 10th record, from the first: spread over the window, not the oldest 100.
    expect(sampled.map((r) => (r.ts - T0) / MIN)).toEqual(Array.from({ length: 100 }, (_, i) => i * 10))
    const odd = await s.predictions.queryPredictions('fraud', T0, T0 + DAY, 300)
    expect(odd).toHaveLength(300)
    expect(new Set(odd.map((r) => r.ts)).size).toBe(300)
    expect(odd.at(-1)!.ts).toBeGreaterThan(T0 + 990 * MIN)
    const labelled = Array.from({ length: 1000 }, (_, i) => rec(i)).filter((r) => r.label !== null).length
    expect(await s.predictions.countPredictions('fraud', T0, T0 + DAY)).toEqual({ total: 1000, labelled })
    await expect(s.predictions.queryPredictions('fraud', T0, T0 + DAY, 0)).rejects.toThrow('limit must be a whole number')
    await expect(s.predictions.queryPredictions('fraud', T0 + 1, T0, 5)).rejects.toThrow('"to" (1735689600000) must not be before "from"')
  })

  it('fills in late labels by (model, id), reporting ids it does not know', async () => {
    const s = await reopen()
    await s.predictions.append([rec(0, { id: 'a', label: null }), rec(1, { id: 'b', label: null }), rec(2, { id: 'a', label: null, model: 'other' })])
    const result = await s.predictions.labelPredictions('fraud', [
      { id: 'a', label: 1 },
      { id: 'zzz', label: 0 },
      { id: 'b', label: Number.NaN },
      { id: '', label: 1 }
    ])
    expect(result.updated).toBe(1)
    expect(result.unmatched).toEqual(['zzz'])
    expect(result.rejected.map((r) => r.index)).toEqual([2, 3])
    expect(result.rejected[0].reason).toContain('label is NaN')
    const fraud = await s.predictions.queryPredictions('fraud', T0, T0 + DAY, 10)
    expect(fraud.map((r) => [r.id, r.label])).toEqual([
      ['a', 1],
      ['b', null]
    ])
    // The other model's record with the same id is untouched.
    expect((await s.predictions.queryPredictions('other', T0, T0 + DAY, 10))[0].label).toBeNull()
    await expect(s.predictions.labelPredictions('', [])).rejects.toThrow('model is empty')
  })

  it('stores a re-sent id once, taking its label when the stored record has none', async () => {
    const s = await reopen()
    expect(await s.predictions.append([rec(0, { id: 'a', label: null }), rec(1, { id: 'b', label: 0 })])).toMatchObject({ accepted: 2, duplicates: [] })
    const resent = await s.predictions.append([
      rec(0, { id: 'a', label: 1 }),
      rec(1, { id: 'b', label: 1 }),
      rec(5, { id: 'c' }),
      rec(5, { id: 'c' })
    ])
    expect(resent).toEqual({ accepted: 1, rejected: [], duplicates: [0, 1, 3], labelled: 1 })
    const read = await s.predictions.queryPredictions('fraud', T0, T0 + DAY, 10)
    // 'b' kept its first label; 'a' got its late one.
    expect(read.map((r) => [r.id, r.label])).toEqual([
      ['a', 1],
      ['b', 0],
      ['c', rec(5).label]
    ])
  })

  it('writes an append all or nothing: a failure in a later chunk stores none of it', async () => {
    const instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    const sql = new Sql(connection)
    try {
      await migrate(sql, '(test)', T0)
      let inserts = 0
      // The real connection, except that the second INSERT statement fails.
      const failing = Object.create(sql) as Sql
      failing.exec = async (text, params, types) => {
        if (text.includes('INSERT INTO predictions') && ++inserts === 2) throw new Error('disk full')
        return sql.exec(text, params, types)
      }
      const access: TableAccess = { write: (_op, task) => task(failing), read: (_op, task) => task(sql) }
      const predictions = new StorePredictions(access)
      const many = Array.from({ length: 6000 }, (_, i) => rec(i))
      await expect(predictions.append(many)).rejects.toThrow('disk full')
      expect(await predictions.countPredictions('fraud', 0, T0 + 30 * DAY)).toEqual({ total: 0, labelled: 0 })
      // The next append goes through whole.
      expect((await predictions.append(many)).accepted).toBe(6000)
      expect((await predictions.countPredictions('fraud', 0, T0 + 30 * DAY)).total).toBe(6000)
    } finally {
      sql.close()
      connection.closeSync()
      instance.closeSync()
    }
  })

  it('lists models with counts and time range', async () => {
    const s = await reopen()
    expect(await s.predictions.listModels()).toEqual([])
    await s.predictions.append([rec(3), rec(1), rec(2, { model: 'churn', label: null })])
    expect(await s.predictions.listModels()).toEqual([
      { model: 'churn', count: 1, labelled: 0, firstTs: T0 + 2 * MIN, lastTs: T0 + 2 * MIN },
      { model: 'fraud', count: 2, labelled: 1, firstTs: T0 + MIN, lastTs: T0 + 3 * MIN }
    ])
  })

  it('maintenance deletes records older than the raw retention', async () => {
    const retention = { raw: 2 * DAY, '1m': 10 * DAY, '1h': 100 * DAY }
    const s = await reopen({}, retention)
    await s.predictions.append([rec(0), rec(0, { ts: T0 + DAY }), rec(0, { ts: T0 + 3 * DAY })])
    const report = await s.runMaintenance(T0 + 3 * DAY - 1)
    expect(report.deleted.predictions).toBe(1)
    expect((await s.predictions.queryPredictions('fraud', 0, T0 + 10 * DAY, 10)).map((r) => r.ts)).toEqual([T0 + DAY, T0 + 3 * DAY])
    // Kept only while younger than the raw retention: the cut is now - raw, to the millisecond.
    expect(await s.predictions.prune(T0 + 2 * DAY)).toBe(1)
  })

  it('refuses work once closed', async () => {
    const s = await reopen()
    await s.close()
    store = null
    await expect(s.predictions.append([rec(0)])).rejects.toThrow('is closed (predictions append refused)')
    await expect(s.predictions.listModels()).rejects.toThrow('is closed (predictions models refused)')
  })
})
