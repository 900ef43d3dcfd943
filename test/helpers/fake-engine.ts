// An in-memory Engine for transport tests: the real EventBus, samples in arrays, the contract's
// semantics (label-subset matching, time buckets, aggregations) implemented plainly.
import type { VigilApi } from '@shared/api'
import type { Aggregation, IngestSample, Labels, Point, SeriesInfo, SourceHealth } from '@shared/types'
import { EventBus, type Listener } from '../../src/main/engine/event-bus'
import { pickStep } from '../../src/main/engine/pick-step'
import type { Engine } from '../../src/main/engine/types'
import type { EventName } from '@shared/api'
import type { AppendResult, RejectedSample } from '../../src/main/store/metric-store'

export interface FakeEngineOptions {
  now?: () => number
  version?: string
  readOnly?: boolean
  maxPushBodyBytes?: number
  /** Extra store-side validation: a reason to reject a sample, or null to keep it. */
  reject?: (sample: IngestSample) => string | null
}

/** EventBus that also counts live subscriptions (to check that transports unsubscribe). */
export class CountingEventBus extends EventBus {
  subscriptions = 0

  override on<K extends EventName>(name: K, listener: Listener<K>): () => void {
    const off = super.on(name, listener)
    this.subscriptions++
    let done = false
    return () => {
      if (done) return
      done = true
      this.subscriptions--
      off()
    }
  }
}

interface StoredSeries {
  info: SeriesInfo
  points: { ts: number; value: number }[]
}

export class FakeEngine implements Engine {
  readonly bus = new CountingEventBus()
  readonly api: VigilApi
  readonly maxPushBodyBytes: number
  readOnly: boolean
  /** When set, push() rejects with this message (to test engine failures). */
  failPushWith: string | null = null
  stopped = false
  private readonly series = new Map<string, StoredSeries>()
  private readonly now: () => number
  private pushed = 0

  constructor(private readonly opts: FakeEngineOptions = {}) {
    this.now = opts.now ?? Date.now
    this.readOnly = opts.readOnly ?? false
    this.maxPushBodyBytes = opts.maxPushBodyBytes ?? 32 * 1024 * 1024
    const version = opts.version ?? '0.0.0-test'
    this.api = {
      getAppInfo: async () => ({
        version,
        mode: this.readOnly ? 'archive' : 'live',
        configPath: null,
        configError: null,
        dataDir: null,
        now: this.now()
      }),
      getHealth: async () => ({ status: 'ok', version, sources: [this.pushHealth()] }),
      listSeries: async ({ match }) => {
        const re = match === undefined ? null : globToRegExp(match)
        return [...this.series.values()].map((s) => s.info).filter((info) => re === null || re.test(info.name))
      },
      queryRange: async ({ series, labels, from, to, step, agg }) => {
        const stepMs = (step ?? pickStep(from, to)) * 1000
        const buckets = new Map<number, { ts: number; value: number }[]>()
        for (const stored of this.matching(series, labels)) {
          for (const p of stored.points) {
            if (p.ts < from || p.ts >= to) continue
            const bucket = Math.floor(p.ts / stepMs) * stepMs
            let values = buckets.get(bucket)
            if (!values) buckets.set(bucket, (values = []))
            values.push(p)
          }
        }
        const points: Point[] = [...buckets.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([ts, values]) => [ts, aggregate(values.sort((a, b) => a.ts - b.ts).map((v) => v.value), agg ?? 'avg')])
        return { series, points, tier: 'raw' }
      },
      latest: async ({ series, labels }) =>
        this.matching(series, labels)
          .filter((s) => s.points.length > 0)
          .map((s) => {
            const last = s.points.reduce((a, b) => (b.ts >= a.ts ? b : a))
            return { series, labels: s.info.labels, ts: last.ts, value: last.value }
          })
    }
  }

  async push(samples: IngestSample[], sourceId = 'push'): Promise<AppendResult> {
    if (this.failPushWith !== null) throw new Error(this.failPushWith)
    const rejected: RejectedSample[] = []
    const names = new Set<string>()
    let maxTs = -Infinity
    let accepted = 0
    samples.forEach((sample, index) => {
      const reason = this.validate(sample)
      if (reason !== null) {
        rejected.push({ index, reason })
        return
      }
      const key = `${sourceId}\u0000${sample.name}\u0000${JSON.stringify(sortedLabels(sample.labels))}`
      let stored = this.series.get(key)
      if (!stored) {
        stored = { info: { name: sample.name, labels: { ...sample.labels }, unit: sample.unit ?? null, source: sourceId }, points: [] }
        this.series.set(key, stored)
      }
      stored.points.push({ ts: sample.ts, value: sample.value })
      names.add(sample.name)
      maxTs = Math.max(maxTs, sample.ts)
      accepted++
    })
    this.pushed += accepted
    // Durable "immediately": the event follows the append, as the real engine's does.
    await Promise.resolve()
    if (accepted > 0) this.bus.emit('samples', { source: sourceId, series: [...names], count: accepted, maxTs })
    return { accepted, rejected }
  }

  async stop(): Promise<void> {
    this.stopped = true
  }

  /** Every stored sample of a series (any labels), in insertion order. */
  samplesOf(name: string): { labels: Labels; ts: number; value: number }[] {
    return [...this.series.values()]
      .filter((s) => s.info.name === name)
      .flatMap((s) => s.points.map((p) => ({ labels: s.info.labels, ...p })))
  }

  private validate(sample: IngestSample): string | null {
    if (typeof sample.name !== 'string' || sample.name.length === 0) return 'empty series name'
    if (!Number.isFinite(sample.value)) return `value ${sample.value} is not a finite number`
    if (!Number.isFinite(sample.ts)) return `timestamp ${sample.ts} is not a finite number`
    return this.opts.reject?.(sample) ?? null
  }

  private matching(name: string, labels: Labels | undefined): StoredSeries[] {
    return [...this.series.values()].filter(
      (s) => s.info.name === name && Object.entries(labels ?? {}).every(([k, v]) => s.info.labels[k] === v)
    )
  }

  private pushHealth(): SourceHealth {
    return { id: 'push', kind: 'push', state: 'ok', lastSuccessAt: null, lastError: null, samples: this.pushed, nextRunAt: null }
  }
}

function aggregate(values: number[], agg: Aggregation): number {
  switch (agg) {
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length
    case 'sum':
      return values.reduce((a, b) => a + b, 0)
    case 'min':
      return Math.min(...values)
    case 'max':
      return Math.max(...values)
    case 'last':
      return values[values.length - 1]
    case 'count':
      return values.length
  }
}

function sortedLabels(labels: Labels): [string, string][] {
  return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${body}$`)
}

/** A fresh fake engine. */
export function createFakeEngine(opts: FakeEngineOptions = {}): FakeEngine {
  return new FakeEngine(opts)
}
