import { afterEach, describe, expect, it, vi } from 'vitest'
import type { IngestSample, SourceHealth } from '@shared/types'
import { demoSource as demoSchema } from '@shared/config/schema'
import type { SourceContext, SourceStateAccess } from '../source'
import type { AnnotationInput } from '../../store/metric-store'
import { SourceScheduler } from '../scheduler'
import { scheduleEntry } from '../schedule-entry'
import { BACKFILL_CHUNK_SAMPLES, DEMO_STATE, createDemoSource } from './demo-source'
import { defaultProgrammeStart, demoValuesAt } from './model'
import { DAY, HOUR, MINUTE } from './calendar'

const NOW = Date.UTC(2025, 5, 4, 14, 7, 30)

const config = (extra: Record<string, unknown> = {}) => demoSchema.parse({ id: 'demo', kind: 'demo', ...extra })
const deps = { configDir: '.', expandSecrets: (t: string) => t }

type SourceAnnotation = Omit<AnnotationInput, 'source'>

/** Persistent state that survives "restarts" (new source objects). */
function memoryState(): SourceStateAccess & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>()
  return {
    data,
    get: async <T,>(key: string) => data.get(key) as T | undefined,
    set: async (key: string, value: unknown) => void data.set(key, value)
  }
}

/** Annotations kept across "restarts", upserted by key like the store does. */
function memoryAnnotations(): { sent: SourceAnnotation[]; byKey: Map<string, SourceAnnotation> } {
  return { sent: [], byKey: new Map() }
}

function context(state: SourceStateAccess, now: number, signal = new AbortController().signal, annotations = memoryAnnotations()) {
  const writes: IngestSample[][] = []
  const warnings: string[] = []
  const ctx: SourceContext = {
    signal,
    now: () => now,
    state,
    warn: (m) => void warnings.push(m),
    write: async (samples) => {
      writes.push(samples)
      return { accepted: samples.length, rejected: [] }
    },
    annotate: async (a) => {
      annotations.sent.push(a)
      annotations.byKey.set(a.key!, a)
    }
  }
  return { ctx, writes, warnings, annotations, all: () => writes.flat() }
}

/** What a back-fill of [from, to) on the step grid should contain, straight from the pure model. */
function expectedSamples(seed: number, start: number, from: number, to: number, step: number): number {
  let n = 0
  for (let t = Math.ceil(from / step) * step; t < to; t += step) n += demoValuesAt(seed, t, start).length
  return n
}

describe('demo source', () => {
  it('back-fills the configured window in whole-step chunks of about 20k samples, matching the pure model', async () => {
    const state = memoryState()
    const src = createDemoSource(config({ backfill: '2d', backfill_step: '5m' }), deps)
    const run = context(state, NOW)
    await src.backfill!(run.ctx)
    expect(run.warnings).toEqual([])
    const start = defaultProgrammeStart(NOW)
    expect(state.data.get(DEMO_STATE.programmeStart)).toBe(start)
    const samples = run.all()
    expect(samples.length).toBe(expectedSamples(42, start, NOW - 2 * DAY, NOW, 5 * MINUTE))
    const times = [...new Set(samples.map((s) => s.ts))]
    expect(times.length).toBe(2 * 24 * 12)
    expect(times.every((t) => t % (5 * MINUTE) === 0 && t >= NOW - 2 * DAY && t < NOW)).toBe(true)
    // Each chunk holds whole time steps: a timestamp never spans two writes.
    const perWrite = run.writes.map((w) => new Set(w.map((s) => s.ts)))
    for (let i = 1; i < perWrite.length; i++) for (const t of perWrite[i]) expect(perWrite[i - 1].has(t)).toBe(false)
    for (const w of run.writes.slice(0, -1)) {
      expect(w.length).toBeGreaterThanOrEqual(BACKFILL_CHUNK_SAMPLES)
      expect(w.length).toBeLessThan(BACKFILL_CHUNK_SAMPLES + 200)
    }
    // The back-filled values are exactly the model's.
    const t = times[100]
    expect(samples.filter((s) => s.ts === t)).toEqual(demoValuesAt(42, t, start))
    expect(state.data.get(DEMO_STATE.lastTs)).toBe(times.at(-1))
    expect(state.data.get(DEMO_STATE.backfillDoneAt)).toBe(NOW)
  })

  it('a restart fills only the gap since the last sample written, never duplicating', async () => {
    const state = memoryState()
    const cfg = config({ backfill: '1d', backfill_step: '5m' })
    const first = context(state, NOW)
    const a = createDemoSource(cfg, deps)
    await a.backfill!(first.ctx)
    await a.poll(first.ctx)
    const seen = new Set(first.all().map((s) => `${s.ts} ${s.name} ${JSON.stringify(s.labels)}`))
    expect(seen.size).toBe(first.all().length)
    expect(state.data.get(DEMO_STATE.lastTs)).toBe(NOW)

    // Restart 3 hours later: a new source object, same persistent state.
    const later = NOW + 3 * HOUR
    const b = createDemoSource(cfg, deps)
    const second = context(state, later)
    await b.backfill!(second.ctx)
    const gap = second.all()
    const start = defaultProgrammeStart(NOW)
    expect(gap.length).toBe(expectedSamples(42, start, NOW + 1, later, 5 * MINUTE))
    expect(Math.min(...gap.map((s) => s.ts))).toBeGreaterThan(NOW)
    for (const s of gap) expect(seen.has(`${s.ts} ${s.name} ${JSON.stringify(s.labels)}`)).toBe(false)
    // The programme start stays where the first start put it, even though "now" moved on.
    expect(state.data.get(DEMO_STATE.programmeStart)).toBe(start)
    await b.poll(second.ctx)
    expect(second.writes.at(-1)).toEqual(demoValuesAt(42, later, start))

    // Restart right away: nothing to fill.
    const c = createDemoSource(cfg, deps)
    const third = context(state, later + 1000)
    await c.backfill!(third.ctx)
    expect(third.all()).toEqual([])
  })

  it('after a long pause the gap fill is bounded by the back-fill window', async () => {
    const state = memoryState()
    const cfg = config({ backfill: '6h', backfill_step: '15m' })
    await createDemoSource(cfg, deps).backfill!(context(state, NOW).ctx)
    const much = NOW + 30 * DAY
    const run = context(state, much)
    await createDemoSource(cfg, deps).backfill!(run.ctx)
    const times = new Set(run.all().map((s) => s.ts))
    expect(times.size).toBe(24)
    expect(Math.min(...times)).toBe(much - 6 * HOUR + (15 * MINUTE - ((much - 6 * HOUR) % (15 * MINUTE))) % (15 * MINUTE))
  })

  it('stops a back-fill at a chunk boundary when aborted, and resumes from there', async () => {
    const state = memoryState()
    const controller = new AbortController()
    const cfg = config({ backfill: '3d', backfill_step: '5m' })
    const run = context(state, NOW, controller.signal)
    const write = run.ctx.write
    run.ctx.write = async (samples) => {
      const r = await write(samples)
      if (run.writes.length === 2) controller.abort(new Error('source "demo" stopped'))
      return r
    }
    await expect(createDemoSource(cfg, deps).backfill!(run.ctx)).rejects.toThrow('source "demo" stopped')
    expect(run.writes.length).toBe(2)
    const lastWritten = Math.max(...run.all().map((s) => s.ts))
    expect(state.data.get(DEMO_STATE.lastTs)).toBe(lastWritten)
    expect(state.data.has(DEMO_STATE.backfillDoneAt)).toBe(false)

    const resumed = context(state, NOW)
    await createDemoSource(cfg, deps).backfill!(resumed.ctx)
    const all = [...run.all(), ...resumed.all()]
    expect(all.length).toBe(expectedSamples(42, defaultProgrammeStart(NOW), NOW - 3 * DAY, NOW, 5 * MINUTE))
  })

  it('reports unusable stored state and starts afresh', async () => {
    const state = memoryState()
    state.data.set(DEMO_STATE.lastTs, 'yesterday')
    const run = context(state, NOW)
    await createDemoSource(config({ backfill: '1h', backfill_step: '5m' }), deps).backfill!(run.ctx)
    expect(run.warnings).toEqual(['demo source "demo": state "last_ts" is "yesterday", expected a number; ignoring it'])
    expect(new Set(run.all().map((s) => s.ts)).size).toBe(12)
  })

  it('different seeds give different data', async () => {
    const a = context(memoryState(), NOW)
    const b = context(memoryState(), NOW)
    await createDemoSource(config({ seed: 1 }), deps).poll(a.ctx)
    await createDemoSource(config({ seed: 2 }), deps).poll(b.ctx)
    expect(a.all().map((s) => s.name)).toEqual(b.all().map((s) => s.name))
    expect(a.all().map((s) => s.value)).not.toEqual(b.all().map((s) => s.value))
  })
})

describe('demo source under the scheduler', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('stays pending through the back-fill, then polls live; health counts every sample', async () => {
    vi.useFakeTimers({ now: NOW })
    const state = memoryState()
    const written: IngestSample[] = []
    const log: SourceHealth[] = []
    const cfg = config({ backfill: '12h', backfill_step: '10m', interval: '15s', labels: { env: 'demo' } })
    const scheduler = new SourceScheduler({
      sources: [scheduleEntry(cfg, createDemoSource(cfg, deps))],
      write: async (_id, samples) => {
        written.push(...samples)
        return { accepted: samples.length, rejected: [] }
      },
      annotate: async () => undefined,
      state: () => state,
      onHealth: (h) => log.push(h)
    })
    scheduler.start()
    await vi.advanceTimersByTimeAsync(30_000)
    const start = defaultProgrammeStart(NOW)
    const backfilled = expectedSamples(42, start, NOW - 12 * HOUR, NOW, 10 * MINUTE)
    const live = [NOW, NOW + 15_000, NOW + 30_000].reduce((n, t) => n + demoValuesAt(42, t, start).length, 0)
    expect(written.length).toBe(backfilled + live)
    expect(written.every((s) => s.labels.env === 'demo')).toBe(true)
    const h = scheduler.health()[0]
    expect(h).toMatchObject({ id: 'demo', kind: 'demo', state: 'ok', samples: backfilled + live, lastError: null })
    expect(log.map((x) => x.state).slice(0, 2)).toEqual(['pending', 'ok'])
    await scheduler.stop()
  })
})
