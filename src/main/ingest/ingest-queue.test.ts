import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { IngestSample } from '@shared/types'
import { openStore } from '../store/duckdb-store'
import type { AppendResult } from '../store/metric-store'
import { LONG_RETENTION, tempDir } from '../store/test-support'
import { IngestQueue, splitResult } from './ingest-queue'
import type { QueueTimers } from './ingest-queue'

const T0 = Date.UTC(2024, 0, 1)

/** Timers that fire only when the test says so. */
class ManualTimers implements QueueTimers {
  private next = 1
  readonly pending = new Map<number, { fn: () => void; ms: number }>()
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++
    this.pending.set(id, { fn, ms })
    return id
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number)
  }
  fireAll(): void {
    const due = [...this.pending.values()]
    this.pending.clear()
    for (const t of due) t.fn()
  }
}

/** A store double that records appends and rejects samples whose value is negative. */
class RecordingStore {
  calls: Array<{ source: string; samples: IngestSample[] }> = []
  failNext: Error | null = null
  async append(source: string, samples: IngestSample[]): Promise<AppendResult> {
    this.calls.push({ source, samples })
    if (this.failNext) {
      const err = this.failNext
      this.failNext = null
      throw err
    }
    const rejected = samples.flatMap((s, index) => (s.value < 0 ? [{ index, reason: `value ${s.value} is negative` }] : []))
    return { accepted: samples.length - rejected.length, rejected }
  }
}

const sample = (value: number, name = 'm'): IngestSample => ({ name, labels: {}, ts: T0, value })
const flushMicrotasks = (): Promise<void> => new Promise((r) => setImmediate(r))

describe('IngestQueue', () => {
  it('coalesces concurrent writers into one append per source and gives each caller its own result', async () => {
    const store = new RecordingStore()
    const timers = new ManualTimers()
    const durable: Array<{ source: string; count: number; rejected: number }> = []
    const queue = new IngestQueue({
      store,
      flushIntervalMs: 250,
      maxBatch: 1000,
      flushWhenIdle: false,
      timers,
      onDurable: (source, samples, result) => durable.push({ source, count: samples.length, rejected: result.rejected.length })
    })
    const a = queue.write('push', [sample(1), sample(-1), sample(2)])
    const b = queue.write('push', [sample(-5), sample(3)])
    const c = queue.write('csv', [sample(4)])
    await flushMicrotasks()
    expect(store.calls).toHaveLength(0) // waiting for the timer
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([250])
    expect(queue.pendingCount).toBe(6)

    timers.fireAll()
    expect(await a).toEqual({ accepted: 2, rejected: [{ index: 1, reason: 'value -1 is negative' }] })
    expect(await b).toEqual({ accepted: 1, rejected: [{ index: 0, reason: 'value -5 is negative' }] })
    expect(await c).toEqual({ accepted: 1, rejected: [] })
    expect(store.calls.map((call) => [call.source, call.samples.length])).toEqual([
      ['push', 5],
      ['csv', 1]
    ])
    expect(durable).toEqual([
      { source: 'push', count: 5, rejected: 2 },
      { source: 'csv', count: 1, rejected: 0 }
    ])
  })

  it('by default flushes on the next tick when idle, and right after the append in flight completes', async () => {
    let release: () => void = () => undefined
    const calls: number[] = []
    const store = {
      append: async (_source: string, samples: IngestSample[]): Promise<AppendResult> => {
        calls.push(samples.length)
        if (calls.length === 1) await new Promise<void>((r) => (release = r))
        return { accepted: samples.length, rejected: [] }
      }
    }
    const timers = new ManualTimers()
    const queue = new IngestQueue({ store, flushIntervalMs: 250, maxBatch: 1000, timers })
    const first = queue.write('s', [sample(1), sample(2)])
    const alsoFirst = queue.write('s', [sample(3)])
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([0]) // store idle: next tick
    timers.fireAll()
    await flushMicrotasks()
    expect(calls).toEqual([3])

    // While that append is in flight, new writes wait (at most the interval)...
    const second = queue.write('s', [sample(4)])
    const third = queue.write('s', [sample(5), sample(6)])
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([250])
    await flushMicrotasks()
    expect(calls).toEqual([3])
    // ...and go as one batch the moment it completes, without waiting for the timer.
    release()
    expect(await first).toEqual({ accepted: 2, rejected: [] })
    expect(await alsoFirst).toEqual({ accepted: 1, rejected: [] })
    expect(await second).toEqual({ accepted: 1, rejected: [] })
    expect(await third).toEqual({ accepted: 2, rejected: [] })
    expect(calls).toEqual([3, 3])
    expect(timers.pending.size).toBe(0)
  })

  it('flushes at once when maxBatch samples are pending', async () => {
    const store = new RecordingStore()
    const timers = new ManualTimers()
    const queue = new IngestQueue({ store, flushIntervalMs: 60_000, maxBatch: 4, timers })
    const first = queue.write('s', [sample(1), sample(2)])
    const second = queue.write('s', [sample(3), sample(4), sample(5)])
    expect(await Promise.all([first, second])).toEqual([
      { accepted: 2, rejected: [] },
      { accepted: 3, rejected: [] }
    ])
    expect(store.calls).toHaveLength(1)
    expect(timers.pending.size).toBe(0) // the timer was cancelled by the early flush
  })

  it('rejects only the callers of a failing batch, with the error', async () => {
    const store = new RecordingStore()
    const timers = new ManualTimers()
    const queue = new IngestQueue({ store, flushIntervalMs: 10, maxBatch: 100, timers })
    store.failNext = new Error('disk full')
    const doomed = [queue.write('s', [sample(1)]), queue.write('s', [sample(2)])]
    timers.fireAll()
    for (const p of doomed) await expect(p).rejects.toThrow('disk full')
    const later = queue.write('s', [sample(3)])
    timers.fireAll()
    expect(await later).toEqual({ accepted: 1, rejected: [] })
  })

  it('drain() appends everything pending without waiting for the timer', async () => {
    const store = new RecordingStore()
    const timers = new ManualTimers()
    const queue = new IngestQueue({ store, flushIntervalMs: 60_000, maxBatch: 100, timers })
    const writes = [queue.write('a', [sample(1)]), queue.write('b', [sample(2)])]
    await queue.drain()
    expect(store.calls).toHaveLength(2)
    await expect(Promise.all(writes)).resolves.toHaveLength(2)
    expect(queue.pendingCount).toBe(0)
  })

  it('answers empty writes at once and refuses malformed ones', async () => {
    const store = new RecordingStore()
    const queue = new IngestQueue({ store, flushIntervalMs: 10, maxBatch: 100, timers: new ManualTimers() })
    expect(await queue.write('s', [])).toEqual({ accepted: 0, rejected: [] })
    await expect(queue.write('', [sample(1)])).rejects.toThrow(/non-empty source/)
    await expect(queue.write('s', 'x' as never)).rejects.toThrow(/must be an array/)
    expect(store.calls).toHaveLength(0)
  })

  it('splits rejections by caller even when the store reports them out of order', () => {
    const result = { accepted: 3, rejected: [{ index: 5, reason: 'e' }, { index: 0, reason: 'a' }, { index: 2, reason: 'c' }] }
    expect(splitResult(result, [1, 3, 2])).toEqual([
      { accepted: 0, rejected: [{ index: 0, reason: 'a' }] },
      { accepted: 2, rejected: [{ index: 1, reason: 'c' }] },
      { accepted: 1, rejected: [{ index: 1, reason: 'e' }] }
    ])
  })

  describe('with the DuckDB store', () => {
    const tmp = tempDir('ingest')
    afterAll(() => tmp.cleanup())

    it('makes every accepted sample durable and reports per-caller rejections', async () => {
      const store = await openStore({ path: join(tmp.dir, 'vigil.duckdb'), retention: LONG_RETENTION })
      try {
        const queue = new IngestQueue({ store, flushIntervalMs: 5, maxBatch: 50_000 })
        const writers = Array.from({ length: 8 }, (_, w) =>
          queue.write(
            'push',
            Array.from({ length: 100 }, (_, i) => ({
              name: 'req',
              labels: { w: String(w) },
              ts: T0 + i * 1000,
              value: i === 7 ? Number.NaN : i
            }))
          )
        )
        const results = await Promise.all(writers)
        for (const r of results) {
          expect(r.accepted).toBe(99)
          expect(r.rejected).toEqual([{ index: 7, reason: 'req: value is NaN, expected a finite number' }])
        }
        const count = await store.queryRange({ series: 'req', from: T0, to: T0 + 100_000, step: 100, agg: 'count' })
        expect(count.points).toEqual([[T0, 8 * 99]])
      } finally {
        await store.close()
      }
    })
  })
})
