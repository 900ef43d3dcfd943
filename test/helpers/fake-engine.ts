// An in-memory Engine for transport tests: the real EventBus, samples and annotations in arrays,
// the contract's semantics (label-subset matching, time buckets, aggregations, annotation
// overlap) implemented plainly. KPIs are whatever the test hands in; no milestones.
import type { Annotation } from '@shared/annotations'
import type { VigilApi } from '@shared/api'
import { configSchema } from '@shared/config/schema'
import type { KpiValue, MilestoneSummary } from '@shared/kpi'
import type { Aggregation, IngestSample, Labels, NotificationEvent, Point, SeriesInfo, SourceHealth } from '@shared/types'
import type { Silence, SilenceView } from '@shared/alerts'
import { BadRequestError, NotFoundError, ReadOnlyError } from '../../src/main/engine/errors'
import { EventBus, type Listener } from '../../src/main/engine/event-bus'
import { pickStep } from '../../src/main/engine/pick-step'
import type { Engine } from '../../src/main/engine/types'
import type { EventName } from '@shared/api'
import type { AppendResult, RejectedSample } from '../../src/main/store/metric-store'
import { checkNotSeconds } from '../../src/main/views/annotations-api'
import { viewsOf } from '../../src/main/views/views-api'
import { createAnomalyApi } from '../../src/main/analytics/api/anomaly-api'
import { createForecastApi } from '../../src/main/analytics/api/forecast-api'
import { createDetector } from '../../src/main/analytics/anomaly'
import { forecastSeries } from '../../src/main/analytics/forecast'
import { BusinessService } from '../../src/main/analytics/business-service'

export interface FakeEngineOptions {
  now?: () => number
  version?: string
  readOnly?: boolean
  maxPushBodyBytes?: number
  /** Extra store-side validation: a reason to reject a sample, or null to keep it. */
  reject?: (sample: IngestSample) => string | null
  /** What getKpis answers (filtered by the requested ids). */
  kpis?: KpiValue[]
}

const NO_MILESTONES: MilestoneSummary = {
  programme: { name: 'AI transformation', start: null },
  total: 0,
  completedPct: 0,
  onTrackPct: 0,
  atRiskPct: 0,
  delayedPct: 0,
  counts: { completed: 0, on_track: 0, at_risk: 0, delayed: 0 },
  next: null,
  milestones: [],
  error: null
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
  /** Annotations added so far, in insertion order. */
  readonly annotations: Annotation[] = []
  /** Silences added so far (no rules run here, so nothing is ever firing). */
  readonly silences: Silence[] = []
  private readonly now: () => number
  private pushed = 0
  private sequence = 0

  constructor(private readonly opts: FakeEngineOptions = {}) {
    this.now = opts.now ?? Date.now
    this.readOnly = opts.readOnly ?? false
    this.maxPushBodyBytes = opts.maxPushBodyBytes ?? 32 * 1024 * 1024
    const analyticsConfig = configSchema.parse({}).analytics
    // The real business forecasts over this engine's in-memory series (default `analytics:` config).
    const business = new BusinessService({
      store: {
        queryRange: async (q) => ({ series: q.series, points: bucketed(this.matching(q.series, q.labels), q.from, q.to, q.step, q.agg) }),
        listSeries: async () => [...this.series.values()].map((s) => s.info)
      },
      config: () => analyticsConfig,
      kpi: async (id) => (opts.kpis ?? []).find((k) => k.id === id) ?? null,
      milestoneDue: async () => null,
      forecaster: forecastSeries,
      now: this.now
    })
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
        const points = bucketed(this.matching(series, labels), from, to, step, agg)
        return { series, points, tier: 'raw' }
      },
      queryGrouped: async ({ series, labels, by, from, to, step, agg }) => {
        const values = [...new Set(this.matching(series, labels).map((s) => s.info.labels[by]).filter((v) => v !== undefined))].sort()
        const groups = values.map((value) => ({ value, points: bucketed(this.matching(series, { ...labels, [by]: value }), from, to, step, agg) }))
        return { series, by, groups, tier: 'raw' }
      },
      getViews: async () => viewsOf(configSchema.parse({})),
      getKpis: async ({ ids }) => (opts.kpis ?? []).filter((k) => ids === undefined || ids.includes(k.id)),
      getMilestones: async () => structuredClone(NO_MILESTONES),
      listAnnotations: async ({ from, to, kinds, limit }) =>
        this.annotations
          .filter((a) => a.ts < to && (a.endTs ?? a.ts) >= from && (kinds === undefined || kinds.includes(a.kind)))
          .sort((a, b) => b.ts - a.ts)
          .slice(0, limit ?? 500),
      addAnnotation: async (args) => {
        if (this.readOnly) throw new ReadOnlyError('this engine is read-only (archive review mode): annotations cannot be added')
        checkNotSeconds('ts', args.ts, this.now())
        if (args.endTs != null) checkNotSeconds('endTs', args.endTs, this.now())
        const annotation: Annotation = {
          id: `fake-${++this.sequence}`,
          kind: args.kind,
          ts: args.ts,
          endTs: args.endTs ?? null,
          title: args.title,
          text: args.text ?? null,
          series: args.series ?? [],
          labels: args.labels ?? {},
          source: 'user'
        }
        this.annotations.push(annotation)
        this.bus.emit('annotation', annotation)
        return annotation
      },
      sendTestNotification: async ({ severity = 'info' }) => {
        const event: NotificationEvent = {
          id: `fake-${++this.sequence}`,
          severity,
          title: `Vigil test notification (${severity})`,
          body: 'Desktop notifications are working.',
          route: null,
          sound: severity === 'critical',
          ts: this.now()
        }
        this.bus.emit('notification', event)
        return event
      },
      // No rules are evaluated here: nothing fires; silences are kept so the calls can be exercised.
      listAlerts: async () => ({
        now: this.now(),
        enabled: !this.readOnly,
        evaluationIntervalMs: 15_000,
        alerts: [],
        groups: [],
        rules: [],
        activeSilences: this.silenceViews().filter((s) => s.active).length
      }),
      getAlertHistory: async () => [],
      acknowledgeAlert: async ({ id }) => {
        if (this.readOnly) throw new ReadOnlyError('this engine is read-only (archive review mode): acknowledging an alert is not possible')
        throw new NotFoundError(`no firing alert or alert group "${id}" (it may have resolved)`)
      },
      listSilences: async () => this.silenceViews(),
      addSilence: async ({ matchers, startsAt, endsAt, createdBy, comment }) => {
        if (this.readOnly) throw new ReadOnlyError('this engine is read-only (archive review mode): adding a silence is not possible')
        const now = this.now()
        if (endsAt <= now) throw new BadRequestError(`silence: endsAt (${new Date(endsAt).toISOString()}) must be in the future`)
        const silence: Silence = {
          id: `fake-${++this.sequence}`,
          matchers: matchers.map((m) => ({ name: m.name, op: m.op ?? '=', value: m.value })),
          startsAt: startsAt ?? now,
          endsAt,
          createdBy,
          comment,
          createdAt: now
        }
        this.silences.push(silence)
        this.bus.emit('alerts', { at: now, reason: 'silence', firing: 0, pending: 0, criticalUnacknowledged: 0 })
        return silence
      },
      expireSilence: async ({ id }) => {
        if (this.readOnly) throw new ReadOnlyError('this engine is read-only (archive review mode): expiring a silence is not possible')
        const silence = this.silences.find((s) => s.id === id)
        if (!silence) throw new NotFoundError(`no silence "${id}"`)
        const now = this.now()
        if (silence.endsAt > now) {
          silence.startsAt = Math.min(silence.startsAt, now)
          silence.endsAt = now
        }
        this.bus.emit('alerts', { at: now, reason: 'silence', firing: 0, pending: 0, criticalUnacknowledged: 0 })
        return { ...silence, active: false }
      },
      listNotifications: async () => [],
      markAlertNoise: async ({ id }) => {
        if (this.readOnly) throw new ReadOnlyError('this engine is read-only (archive review mode): marking an alert as noise is not possible')
        throw new NotFoundError(`alert "${id}" has no recorded firing`)
      },
      getAlertQuality: async ({ from, to }) => ({ from, to, rules: [], critical: { firings: 0, noise: 0, falsePositiveRatePct: null, goalPct: 2, meetsGoal: null } }),
      // The real analytics requests over this engine's in-memory series.
      getForecast: (args) =>
        createForecastApi({
          queryRange: async (q) => ({ series: q.series, points: bucketed(this.matching(q.series, q.labels), q.from, q.to, q.step, q.agg) }),
          kpiTrend: async (id) => (opts.kpis ?? []).find((k) => k.id === id) ?? null,
          forecaster: forecastSeries,
          now: this.now
        })(args),
      getBusinessForecasts: () => business.forecasts(),
      exportArchive: async () => {
        throw new BadRequestError('this in-memory test engine has no store to write an archive from')
      },
      // No predictions are recorded here.
      listModels: async () => [],
      getModelQuality: async ({ model }) => {
        throw new NotFoundError(`no predictions for model "${model}" (known: none)`)
      },
      getModelDrift: async ({ model }) => {
        throw new NotFoundError(`no predictions for model "${model}" (known: none)`)
      },
      getRecommendations: ({ view }) => business.recommendations(view),
      getAnomalies: (args) =>
        createAnomalyApi({
          listSeries: async () => [...this.series.values()].map((s) => s.info),
          queryRangeMany: async (qs) => qs.map((q) => ({ series: q.series, points: bucketed(this.matching(q.series, q.labels), q.from, q.to, q.step, q.agg) })),
          createDetector: () => createDetector()
        })(args),
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

  private silenceViews(): SilenceView[] {
    const now = this.now()
    return [...this.silences].reverse().map((s) => ({ ...s, active: s.startsAt <= now && now < s.endsAt }))
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

/** Buckets the points of some series over [from, to) and aggregates each bucket. */
function bucketed(series: StoredSeries[], from: number, to: number, step: number | undefined, agg: Aggregation | undefined): Point[] {
  const stepMs = (step ?? pickStep(from, to)) * 1000
  const buckets = new Map<number, { ts: number; value: number }[]>()
  for (const stored of series) {
    for (const p of stored.points) {
      if (p.ts < from || p.ts >= to) continue
      const bucket = Math.floor(p.ts / stepMs) * stepMs
      let values = buckets.get(bucket)
      if (!values) buckets.set(bucket, (values = []))
      values.push(p)
    }
  }
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([ts, values]) => [ts, aggregate(values.sort((a, b) => a.ts - b.ts).map((v) => v.value), agg ?? 'avg')])
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
