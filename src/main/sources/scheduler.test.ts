import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { IngestSample, SourceHealth } from '@shared/types'
import type { AnnotationInput, AppendResult } from '../store/metric-store'
import type { Source, SourceContext, SourceStateAccess } from './source'
import { SourceScheduler, type ScheduledSource } from './scheduler'
import { nextPollDelay } from './backoff'
import { configFingerprint, scheduleEntry } from './schedule-entry'

const T0 = Date.UTC(2025, 0, 6, 12, 0, 0)

/** A store double: keeps what it accepts, rejects non-finite values like the real store. */
class FakeStore {
  written = new Map<string, IngestSample[]>()
  state = new Map<string, Map<string, unknown>>()
  annotations: Array<{ sourceId: string; input: AnnotationInput }> = []

  annotate = async (sourceId: string, input: AnnotationInput): Promise<void> => {
    this.annotations.push({ sourceId, input })
  }

  write = async (sourceId: string, samples: IngestSample[]): Promise<AppendResult> => {
    const list = this.written.get(sourceId) ?? []
    const rejected: AppendResult['rejected'] = []
    samples.forEach((s, index) => {
      if (Number.isFinite(s.value)) list.push(s)
      else rejected.push({ index, reason: `value ${s.value} for ${s.name}` })
    })
    this.written.set(sourceId, list)
    return { accepted: samples.length - rejected.length, rejected }
  }

  stateFor = (sourceId: string): SourceStateAccess => {
    const m = this.state.get(sourceId) ?? new Map<string, unknown>()
    this.state.set(sourceId, m)
    return {
      get: async <T,>(key: string) => m.get(key) as T | undefined,
      set: async (key: string, value: unknown) => void m.set(key, value)
    }
  }

  count(id: string): number {
    return this.written.get(id)?.length ?? 0
  }
}

/** A source whose poll behaviour is a function, recording when each poll started. */
function source(id: string, poll: (ctx: SourceContext, n: number) => Promise<void>, extra: Partial<Source> = {}) {
  const starts: number[] = []
  const src: Source & { starts: number[] } = {
    id,
    kind: 'test',
    starts,
    poll: (ctx) => {
      starts.push(ctx.now())
      return poll(ctx, starts.length)
    },
    ...extra
  }
  return src
}

const sample = (name: string, value: number, labels: Record<string, string> = {}): IngestSample => ({
  name,
  labels,
  ts: Date.now(),
  value
})

const writeOne = (name = 'x') => async (ctx: SourceContext) => {
  await ctx.write([sample(name, 1)])
}

const never = () => new Promise<void>(() => {})

function entry(src: Source, intervalMs = 15_000, timeoutMs = 10_000, extra: Partial<ScheduledSource> = {}): ScheduledSource {
  return { source: src, intervalMs, timeoutMs, ...extra }
}

function makeScheduler(store: FakeStore, sources: ScheduledSource[], healthLog: SourceHealth[] = []) {
  return new SourceScheduler({
    sources,
    write: store.write,
    annotate: store.annotate,
    state: store.stateFor,
    clock: { now: () => Date.now() },
    onHealth: (h) => healthLog.push(h),
    stopGraceMs: 2000
  })
}

const healthOf = (s: SourceScheduler, id: string) => s.health().find((h) => h.id === id)!

/** Stops the scheduler while fake time passes (a hung poll holds stop up to the grace period). */
async function stopAll(s: SourceScheduler): Promise<void> {
  const stopping = s.stop()
  await vi.advanceTimersByTimeAsync(5000)
  await stopping
}

describe('nextPollDelay', () => {
  it('doubles per failure up to max(interval, 5 min) and resets on success', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 100].map((f) => nextPollDelay(15_000, f))).toEqual([
      15_000, 30_000, 60_000, 120_000, 240_000, 300_000, 300_000, 300_000
    ])
    // An interval above the cap is never shortened.
    expect(nextPollDelay(600_000, 3)).toBe(600_000)
  })
})

describe('configFingerprint / scheduleEntry', () => {
  it('ignores key order and maps config to an entry', () => {
    expect(configFingerprint({ a: 1, b: { c: 2, d: [1, { e: 1, f: 2 }] } })).toBe(
      configFingerprint({ b: { d: [1, { f: 2, e: 1 }], c: 2 }, a: 1 })
    )
    expect(configFingerprint({ a: 1 })).not.toBe(configFingerprint({ a: 2 }))
    const src = source('h', writeOne())
    const e = scheduleEntry({ id: 'h', kind: 'host', interval: 5000, timeout: 2000, labels: { env: 'x' }, enabled: true }, src)
    expect(e).toMatchObject({ intervalMs: 5000, timeoutMs: 2000, labels: { env: 'x' } })
    expect(e.fingerprint).toContain('"interval":5000')
  })
})

describe('SourceScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('keeps polling healthy sources on schedule while another hangs or throws', async () => {
    const store = new FakeStore()
    const fast = source('fast', writeOne())
    const hung = source('hung', never)
    const thrower = source('thrower', async () => {
      throw new Error('connection refused')
    })
    const s = makeScheduler(store, [entry(fast), entry(hung), entry(thrower)])
    s.start()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fast.starts.map((t) => t - T0)).toEqual([0, 15_000, 30_000, 45_000, 60_000])
    expect(store.count('fast')).toBe(5)
    expect(healthOf(s, 'fast')).toMatchObject({ state: 'ok', samples: 5, consecutiveFailures: 0, lastError: null })
    // The hung poll is never started twice: the run at 30 s is skipped and recorded.
    expect(hung.starts).toEqual([T0])
    const h = healthOf(s, 'hung')
    expect(h.state).toBe('error')
    expect(h.lastError).toMatch(/^skipped: the previous poll is still running \(started 30s ago\)/)
    expect(h.consecutiveFailures).toBe(2)
    expect(h.nextRunAt).toBe(T0 + 30_000 + 60_000)
    expect(healthOf(s, 'thrower')).toMatchObject({ state: 'error', lastError: 'connection refused' })
    await stopAll(s)
  })

  it('records a timeout as "timed out after 10s" and aborts the poll signal', async () => {
    const store = new FakeStore()
    let aborted: unknown = null
    const slow = source('slow', (ctx) => {
      return new Promise<void>((_resolve, reject) => {
        ctx.signal.addEventListener('abort', () => {
          aborted = ctx.signal.reason
          reject(ctx.signal.reason as Error)
        })
      })
    })
    const log: SourceHealth[] = []
    const s = makeScheduler(store, [entry(slow)], log)
    s.start()
    await vi.advanceTimersByTimeAsync(10_000)
    expect((aborted as Error).message).toBe('timed out after 10s')
    expect(healthOf(s, 'slow')).toMatchObject({ state: 'error', lastError: 'test source "slow": timed out after 10s (the poll did not finish and was aborted)', consecutiveFailures: 1 })
    // A well-behaved source that honoured the abort is polled again after the back-off (2 × 15 s from its start).
    await vi.advanceTimersByTimeAsync(20_000)
    expect(slow.starts.map((t) => t - T0)).toEqual([0, 30_000])
    expect(log.map((h) => h.state)).toEqual(['pending', 'error'])
    await stopAll(s)
  })

  it('refuses writes from a poll whose run already timed out', async () => {
    const store = new FakeStore()
    let late: Promise<unknown> | null = null
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const src = source('late', async (ctx, n) => {
      if (n === 1) {
        await gate
        late = ctx.write([sample('x', 1)])
        await late.catch(() => undefined)
      }
    })
    const s = makeScheduler(store, [entry(src)])
    s.start()
    await vi.advanceTimersByTimeAsync(11_000)
    release()
    await vi.advanceTimersByTimeAsync(0)
    await expect(late!).rejects.toThrow('source "late": this run already ended (timed out after 10s); 1 sample not written')
    expect(store.count('late')).toBe(0)
    await stopAll(s)
  })

  it('records annotations under the source id with config labels added (the annotation’s own labels win)', async () => {
    const store = new FakeStore()
    const src = source('ann', async (ctx) => {
      await ctx.annotate({ kind: 'incident', key: 'k1', ts: T0, endTs: null, title: 'down', text: null, series: ['up'], labels: { host: 'a' } })
    })
    const s = makeScheduler(store, [entry(src, 15_000, 10_000, { labels: { env: 'prod', host: 'config' } })])
    s.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(store.annotations).toEqual([
      {
        sourceId: 'ann',
        input: { kind: 'incident', key: 'k1', ts: T0, endTs: null, title: 'down', text: null, series: ['up'], labels: { env: 'prod', host: 'a' }, source: 'ann' }
      }
    ])
    await stopAll(s)
  })

  it('refuses annotations from a poll whose run already timed out', async () => {
    const store = new FakeStore()
    let late: Promise<void> | null = null
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const src = source('late', async (ctx, n) => {
      if (n === 1) {
        await gate
        late = ctx.annotate({ kind: 'note', ts: T0, endTs: null, title: 'too late', text: null, series: [], labels: {} })
        await late.catch(() => undefined)
      }
    })
    const s = makeScheduler(store, [entry(src)])
    s.start()
    await vi.advanceTimersByTimeAsync(11_000)
    release()
    await vi.advanceTimersByTimeAsync(0)
    await expect(late!).rejects.toThrow('source "late": this run already ended (timed out after 10s); annotation "too late" not recorded')
    expect(store.annotations).toEqual([])
    await stopAll(s)
  })

  it('backs off exponentially on failures and resumes the interval after a success', async () => {
    const store = new FakeStore()
    let failUntil = 7
    const flaky = source('flaky', async (ctx, n) => {
      if (n <= failUntil) throw new Error(`failure ${n}`)
      await ctx.write([sample('x', n)])
    })
    const s = makeScheduler(store, [entry(flaky, 10_000, 5_000)])
    s.start()
    // Delays after each failure: 20s, 40s, 80s, 160s, 300s (cap), 300s, 300s; then 10s after the success.
    await vi.advanceTimersByTimeAsync(20_000 + 40_000 + 80_000 + 160_000 + 300_000 + 300_000 + 300_000 + 10_000 + 10_000)
    const gaps = flaky.starts.slice(1).map((t, i) => t - flaky.starts[i])
    expect(gaps).toEqual([20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000, 10_000, 10_000])
    expect(healthOf(s, 'flaky')).toMatchObject({ state: 'ok', consecutiveFailures: 0, lastError: null, samples: 3 })
    failUntil = 0
    await stopAll(s)
  })

  it('moves pending → ok, stays pending through back-fill, and counts back-filled samples', async () => {
    const store = new FakeStore()
    const log: SourceHealth[] = []
    let finishBackfill!: () => void
    const backfillGate = new Promise<void>((r) => (finishBackfill = r))
    const bf = source('bf', writeOne('live'), {
      backfill: async (ctx) => {
        await ctx.write([sample('hist', 1), sample('hist', 2)])
        await backfillGate
        await ctx.state.set('done', true)
      }
    })
    const s = makeScheduler(store, [entry(bf)], log)
    s.start()
    expect(log.map((h) => h.state)).toEqual(['pending'])
    // Back-fill has no timeout: it may take longer than the poll timeout.
    await vi.advanceTimersByTimeAsync(60_000)
    expect(healthOf(s, 'bf')).toMatchObject({ state: 'pending', samples: 2 })
    expect(bf.starts).toEqual([])
    finishBackfill()
    await vi.advanceTimersByTimeAsync(0)
    expect(bf.starts).toEqual([T0 + 60_000])
    expect(healthOf(s, 'bf')).toMatchObject({ state: 'ok', samples: 3, lastSuccessAt: T0 + 60_000, nextRunAt: T0 + 75_000 })
    expect(log.map((h) => h.state)).toEqual(['pending', 'ok'])
    expect(store.state.get('bf')?.get('done')).toBe(true)
    // Back-fill runs once only.
    await vi.advanceTimersByTimeAsync(15_000)
    expect(store.written.get('bf')!.map((x) => x.name)).toEqual(['hist', 'hist', 'live', 'live'])
    await stopAll(s)
  })

  it('a failed back-fill makes the first run an error but live polling goes on', async () => {
    const store = new FakeStore()
    const bf = source('bf', writeOne('live'), {
      backfill: async () => {
        throw new Error('range query failed: HTTP 500')
      }
    })
    const s = makeScheduler(store, [entry(bf)])
    s.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(healthOf(s, 'bf')).toMatchObject({ state: 'error', lastError: 'back-fill failed: range query failed: HTTP 500', samples: 1 })
    await vi.advanceTimersByTimeAsync(15_000)
    expect(healthOf(s, 'bf')).toMatchObject({ state: 'ok', samples: 2, lastError: null })
    await stopAll(s)
  })

  it('a run with warnings or rejected samples ends in error but keeps its valid samples', async () => {
    const store = new FakeStore()
    const src = source('csv', async (ctx) => {
      await ctx.write([sample('cpu_percent', 10), sample('cpu_percent', NaN), sample('cpu_percent', Infinity), sample('mem', 3)])
      ctx.warn('row 7: "abc" is not a number')
    })
    const s = makeScheduler(store, [entry(src)])
    s.start()
    await vi.advanceTimersByTimeAsync(0)
    const h = healthOf(s, 'csv')
    expect(h.state).toBe('error')
    expect(h.lastError).toBe('row 7: "abc" is not a number; 2 samples rejected: value NaN for cpu_percent; value Infinity for cpu_percent')
    expect(h.samples).toBe(2)
    expect(h.consecutiveFailures).toBe(0)
    expect(h.lastSuccessAt).toBe(T0)
    expect(store.written.get('csv')!.map((x) => x.value)).toEqual([10, 3])
    await stopAll(s)
  })

  it('adds config labels to samples, sample labels winning', async () => {
    const store = new FakeStore()
    const src = source('lab', async (ctx) => {
      await ctx.write([sample('x', 1, { host: 'a', core: '0' })])
    })
    const s = makeScheduler(store, [entry(src, 15_000, 10_000, { labels: { env: 'prod', host: 'config' } })])
    s.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(store.written.get('lab')![0].labels).toEqual({ env: 'prod', host: 'a', core: '0' })
    await stopAll(s)
  })

  it('stop aborts running polls and back-fills, waits for them, closes sources, and is idempotent', async () => {
    const store = new FakeStore()
    const closed: string[] = []
    const signals: AbortSignal[] = []
    const polite = source('polite', (ctx) => {
      signals.push(ctx.signal)
      return new Promise<void>((_r, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))))
    }, { close: async () => void closed.push('polite') })
    const filling = source('filling', writeOne(), {
      backfill: (ctx) => {
        signals.push(ctx.signal)
        return new Promise<void>((_r, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))))
      },
      close: async () => void closed.push('filling')
    })
    const stubborn = source('stubborn', never, { close: async () => void closed.push('stubborn') })
    const s = makeScheduler(store, [entry(polite, 15_000, 60_000), entry(filling), entry(stubborn, 15_000, 60_000)])
    s.start()
    await vi.advanceTimersByTimeAsync(1000)
    let done = false
    const stopping = s.stop().then(() => (done = true))
    expect(s.stop()).toBe(s.stop())
    expect(signals.map((sig) => sig.aborted)).toEqual([true, true])
    await vi.advanceTimersByTimeAsync(0)
    // The stubborn poll ignores its signal: stop waits for it up to the grace period, then closes anyway.
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(2000)
    await stopping
    expect(closed.sort()).toEqual(['filling', 'polite', 'stubborn'])
    expect(filling.starts).toEqual([])
    // Nothing runs after stop; aborted runs are not recorded as failures.
    await vi.advanceTimersByTimeAsync(120_000)
    expect(polite.starts.length + stubborn.starts.length).toBe(2)
    for (const h of s.health()) {
      expect(h.nextRunAt).toBeNull()
      expect(h.consecutiveFailures).toBe(0)
    }
  })

  it('update keeps unchanged sources running, restarts changed ones and stops removed ones', async () => {
    const store = new FakeStore()
    const closed: string[] = []
    const mk = (id: string) =>
      source(id, writeOne(), { backfill: async () => undefined, close: async () => void closed.push(id) })
    const a = mk('a')
    const b = mk('b')
    const c = mk('c')
    const s = makeScheduler(store, [
      entry(a, 10_000, 5_000, { fingerprint: 'a1' }),
      entry(b, 10_000, 5_000, { fingerprint: 'b1' }),
      entry(c, 10_000, 5_000, { fingerprint: 'c1' })
    ])
    s.start()
    await vi.advanceTimersByTimeAsync(5_000)
    const a2 = mk('a')
    const b2 = mk('b')
    const d = mk('d')
    await s.update([
      entry(a2, 10_000, 5_000, { fingerprint: 'a1' }),
      entry(b2, 10_000, 5_000, { fingerprint: 'b2' }),
      entry(d, 10_000, 5_000, { fingerprint: 'd1' })
    ])
    expect(closed.sort()).toEqual(['b', 'c'])
    expect(s.health().map((h) => h.id)).toEqual(['a', 'b', 'd'])
    await vi.advanceTimersByTimeAsync(10_000)
    // 'a' was not restarted: same Source object, schedule continued (0 s, 10 s).
    expect(a.starts.map((t) => t - T0)).toEqual([0, 10_000])
    expect(a2.starts).toEqual([])
    // 'b' was replaced: the new one starts at once and inherits the sample count.
    expect(b.starts.map((t) => t - T0)).toEqual([0])
    expect(b2.starts.map((t) => t - T0)).toEqual([5_000, 15_000])
    expect(healthOf(s, 'b').samples).toBe(3)
    expect(d.starts.map((t) => t - T0)).toEqual([5_000, 15_000])
    expect(c.starts.map((t) => t - T0)).toEqual([0])
    expect(() => s.update([entry(mk('x')), entry(mk('x'))])).toThrow('scheduler: duplicate source id "x"')
    await stopAll(s)
    expect(closed.sort()).toEqual(['a', 'b', 'b', 'c', 'd'])
  })

  it('a source that throws synchronously is recorded, not a crash', async () => {
    const store = new FakeStore()
    const bad: Source = {
      id: 'sync',
      kind: 'test',
      poll: () => {
        throw new Error('bad config: url missing')
      }
    }
    const s = makeScheduler(store, [entry(bad)])
    s.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(healthOf(s, 'sync')).toMatchObject({ state: 'error', lastError: 'bad config: url missing' })
    await stopAll(s)
  })
})
