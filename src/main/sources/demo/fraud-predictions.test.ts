// The demo's fraud-detector predictions through the demo source into a real store: back-fill,
// late labels, restarts without duplicates, and the drift and decay the demo promises.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { demoSource as demoSchema } from '@shared/config/schema'
import { openStore, type DuckDBStore } from '../../store/duckdb-store'
import type { StoredPrediction } from '../../store/predictions'
import { LONG_RETENTION, tempDir } from '../../store/test-support'
import type { SourceContext } from '../source'
import { DAY, HOUR, MINUTE } from './calendar'
import { createDemoSource, DEMO_STATE, PREDICTION_BACKFILL_MAX } from './demo-source'
import { FRAUD_MODEL, fraudPredictions, MAX_LABEL_DELAY } from './fraud-predictions'
import { defaultProgrammeStart } from './model'

const NOW = Date.UTC(2025, 5, 4, 14, 7, 30)
const deps = { configDir: '.', expandSecrets: (t: string) => t }

function f1(records: readonly StoredPrediction[]): number {
  let tp = 0
  let fp = 0
  let fn = 0
  for (const r of records) {
    if (r.label === null) continue
    if (r.prediction === 1 && r.label === 1) tp++
    else if (r.prediction === 1) fp++
    else if (r.label === 1) fn++
  }
  return (2 * tp) / (2 * tp + fp + fn)
}

const median = (values: number[]): number => values.sort((a, b) => a - b)[values.length >> 1]

describe('demo fraud-detector predictions', () => {
  let tmp: ReturnType<typeof tempDir>
  let store: DuckDBStore
  const state = new Map<string, unknown>()

  const ctx = (now: number): SourceContext => ({
    signal: new AbortController().signal,
    now: () => now,
    write: async (s) => ({ accepted: s.length, rejected: [] }),
    state: { get: async <T,>(key: string) => state.get(key) as T | undefined, set: async (key: string, value: unknown) => void state.set(key, value) },
    annotate: async () => undefined,
    warn: (m) => {
      throw new Error(`unexpected warning: ${m}`)
    },
    writePredictions: (records) => store.predictions.append(records),
    labelPredictions: (model, labels) => store.predictions.labelPredictions(model, labels)
  })
  const read = (from: number, to: number) => store.predictions.queryPredictions(FRAUD_MODEL, from, to, 200_000)

  beforeEach(async () => {
    tmp = tempDir('demo-predictions')
    store = await openStore({ path: join(tmp.dir, 'vigil.duckdb'), retention: LONG_RETENTION, threads: 1 })
    state.clear()
  })
  afterEach(async () => {
    await store.close()
    tmp.cleanup()
  })

  it('back-fills two weeks of scored transactions whose features drift and whose F1 decays', async () => {
    const source = createDemoSource(demoSchema.parse({ id: 'demo', kind: 'demo', backfill: '3d', backfill_step: '1h' }), deps)
    // The sample back-fill is 3 days here; predictions are bounded separately.
    await source.backfill!(ctx(NOW))
    const all = await read(0, NOW + DAY)
    expect(all.length).toBeGreaterThan(3 * 24 * 60 * 0.3)
    expect(all[0].ts).toBeGreaterThanOrEqual(NOW - 3 * DAY)
    expect(state.get(DEMO_STATE.predictionsTo)).toBe(NOW)

    const big = createDemoSource(demoSchema.parse({ id: 'demo', kind: 'demo', backfill: '90d', backfill_step: '1d' }), deps)
    state.clear()
    await big.backfill!(ctx(NOW))
    const history = await read(0, NOW + DAY)
    expect(history[0].ts).toBeGreaterThanOrEqual(NOW - PREDICTION_BACKFILL_MAX)
    expect(history.length).toBeGreaterThan(14 * 24 * 60 * 0.3)
    expect(history.length).toBeLessThan(14 * 24 * 60)
    expect(Object.keys(history[0].features).sort()).toEqual(['account_age_days', 'amount', 'country', 'hour', 'merchant_category'])

    const early = history.filter((r) => r.ts < NOW - 10 * DAY)
    const late = history.filter((r) => r.ts >= NOW - DAY)
    // A new merchant category appears in the last ten days.
    expect(early.some((r) => r.features.merchant_category === 'crypto')).toBe(false)
    expect(late.filter((r) => r.features.merchant_category === 'crypto').length / late.length).toBeGreaterThan(0.1)
    // Amounts inflate.
    expect(median(late.map((r) => r.features.amount as number))).toBeGreaterThan(1.8 * median(early.map((r) => r.features.amount as number)))
    // And the model decays: F1 of the last day well under that of the first days.
    expect(f1(early)).toBeGreaterThan(0.7)
    expect(f1(late.filter((r) => r.label !== null))).toBeLessThan(0.5)
  })

  it('leaves recent labels unknown, delivers them as they arrive, and never writes a record twice', async () => {
    const cfg = demoSchema.parse({ id: 'demo', kind: 'demo', backfill: '1d', backfill_step: '1h' })
    await createDemoSource(cfg, deps).backfill!(ctx(NOW))
    const first = await read(0, NOW + DAY)
    expect(first.filter((r) => r.ts < NOW - MAX_LABEL_DELAY).every((r) => r.label !== null)).toBe(true)
    expect(first.filter((r) => r.ts > NOW - 2 * HOUR).every((r) => r.label === null)).toBe(true)
    const unlabelled = first.filter((r) => r.label === null).length
    expect(unlabelled).toBeGreaterThan(0)

    // Live polls for the next 7 hours (a restart in between: a new source object, same state).
    const live = createDemoSource(cfg, deps)
    for (let t = NOW + 15_000; t < NOW + 3 * HOUR; t += 10 * MINUTE) await live.poll(ctx(t))
    const restarted = createDemoSource(cfg, deps)
    await restarted.backfill!(ctx(NOW + 4 * HOUR))
    for (let t = NOW + 4 * HOUR; t <= NOW + 7 * HOUR; t += 10 * MINUTE) await restarted.poll(ctx(t))
    const end = NOW + 7 * HOUR
    const after = await read(0, end + 1)
    expect(new Set(after.map((r) => r.id)).size).toBe(after.length)
    // Exactly the pure model's transactions, with the labels known by the end.
    const expected = fraudPredictions(42, defaultProgrammeStart(NOW), NOW - DAY, end, end)
    expect(after.map((r) => [r.id, r.ts, r.label])).toEqual(expected.map((r) => [r.id, r.ts, r.label]))
    // Everything unlabelled at the first start has its label now.
    expect(after.filter((r) => r.ts < NOW).every((r) => r.label !== null)).toBe(true)
  })

  it('is skipped where the host keeps no predictions', async () => {
    const source = createDemoSource(demoSchema.parse({ id: 'demo', kind: 'demo', backfill: '1h' }), deps)
    const bare = { ...ctx(NOW), writePredictions: undefined, labelPredictions: undefined }
    await source.backfill!(bare)
    await source.poll(bare)
    expect(await store.predictions.listModels()).toEqual([])
    expect(state.has(DEMO_STATE.predictionsTo)).toBe(false)
  })
})
