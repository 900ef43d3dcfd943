// Runs one faulty source next to a healthy one in a real SourceScheduler writing to a real
// (in-memory) DuckDB store, with real timers, and reports how both fared. The healthy source
// counts its completed polls, so a test can check it kept its schedule during the fault.
import type { IngestSample, SourceHealth } from '@shared/types'
import { SourceScheduler, type ScheduledSource } from '../../src/main/sources/scheduler'
import type { Source } from '../../src/main/sources/source'
import { openStore } from '../../src/main/store/duckdb-store'
import type { MetricStore } from '../../src/main/store/metric-store'

const DAY = 86_400_000
const RETENTION = { raw: 100_000 * DAY, '1m': 100_000 * DAY, '1h': 100_000 * DAY }

/** Interval of the healthy source. */
export const HEALTHY_INTERVAL_MS = 40

export interface FaultRun {
  /** The faulty source's health when the run ended. */
  faulty: SourceHealth
  /** Every health report of the faulty source. */
  faultyReports: SourceHealth[]
  healthy: SourceHealth
  /** Polls of the healthy source that completed (wrote their sample) during the run. */
  healthyPolls: number
  /** Real time the run took. */
  elapsedMs: number
  /** The store the samples went to, open until `close()`. */
  store: MetricStore
  close(): Promise<void>
}

export interface FaultRunOptions {
  /** The run ends once this holds for the faulty source's health (or at `maxMs`, which fails the test). */
  until: (h: SourceHealth, reports: SourceHealth[]) => boolean
  maxMs?: number
  /** The run lasts at least this long, so the healthy source's polls can be counted (default 600 ms). */
  minMs?: number
}

/** A source that writes one sample per poll and counts the polls that completed. */
function healthySource(): Source & { completed: number } {
  const src = {
    id: 'healthy',
    kind: 'test',
    completed: 0,
    async poll(ctx: Parameters<Source['poll']>[0]) {
      const s: IngestSample = { name: 'healthy_tick', labels: {}, ts: ctx.now(), value: src.completed }
      await ctx.write([s])
      src.completed++
    }
  }
  return src
}

/** Runs `faulty` with a healthy source until `options.until` holds for the faulty source. */
export async function runWithFault(faulty: ScheduledSource, options: FaultRunOptions): Promise<FaultRun> {
  const store = await openStore({ path: ':memory:', retention: RETENTION })
  const healthy = healthySource()
  const reports: SourceHealth[] = []
  const state = new Map<string, Map<string, unknown>>()
  const scheduler = new SourceScheduler({
    sources: [faulty, { source: healthy, intervalMs: HEALTHY_INTERVAL_MS, timeoutMs: 5000 }],
    write: (id, samples) => store.append(id, samples),
    annotate: async () => undefined,
    writePredictions: (_id, records) => store.predictions.append(records),
    labelPredictions: (_id, model, labels) => store.predictions.labelPredictions(model, labels),
    state: (id) => {
      const m = state.get(id) ?? new Map<string, unknown>()
      state.set(id, m)
      return { get: async <T,>(k: string) => m.get(k) as T | undefined, set: async (k: string, v: unknown) => void m.set(k, v) }
    },
    onHealth: (h) => {
      if (h.id === faulty.source.id) reports.push(h)
    },
    stopGraceMs: 2000
  })
  const started = Date.now()
  const deadline = started + (options.maxMs ?? 15_000)
  scheduler.start()
  const polls0 = healthy.completed
  try {
    for (;;) {
      const h = scheduler.health().find((x) => x.id === faulty.source.id)!
      if (h.state !== 'pending' && options.until(h, reports) && Date.now() - started >= (options.minMs ?? 600)) break
      if (Date.now() > deadline) {
        throw new Error(`the faulty source never reached the expected state; last health: ${JSON.stringify(h)}`)
      }
      await new Promise((r) => setTimeout(r, 20))
    }
  } catch (err) {
    await scheduler.stop()
    await store.close()
    throw err
  }
  const elapsedMs = Date.now() - started
  const healthyPolls = healthy.completed - polls0
  const all = scheduler.health()
  await scheduler.stop()
  return {
    faulty: all.find((x) => x.id === faulty.source.id)!,
    faultyReports: reports,
    healthy: all.find((x) => x.id === 'healthy')!,
    healthyPolls,
    elapsedMs,
    store,
    close: () => store.close()
  }
}

/**
 * Polls the healthy source must at least have completed in `elapsedMs`: a quarter of the
 * schedule's, so a busy shared machine does not fail the test, while a source blocked by the
 * fault (0–1 polls in the whole run) does.
 */
export function minimumHealthyPolls(elapsedMs: number): number {
  return Math.max(3, Math.floor(elapsedMs / HEALTHY_INTERVAL_MS / 4))
}
