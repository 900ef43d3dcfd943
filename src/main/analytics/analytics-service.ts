// The analytics engine as the live engine uses it: the alert-rule hooks (anomaly, forecast,
// drift) with the data they need, the forecast and anomaly requests, and the persistence of
// anomaly detectors. The engines themselves (forecasting, detection, drift) are injected.
import type { ModelSummary, VigilApi } from '@shared/api'
import type { KpiValue } from '@shared/kpi'
import type { QueryResult, RangeQuery, SeriesInfo } from '@shared/types'
import type { AnalyticsConfig } from '@shared/config/analytics-schema'
import type { RuleHooks } from '../alerts/rules/hooks'
import type { RuleDataSource } from '../alerts/rules/fetch-rule-data'
import { createAnomalyApi } from './api/anomaly-api'
import { createForecastApi } from './api/forecast-api'
import type { DetectorState, StreamingDetector } from './anomaly/types'
import { BusinessService, type BusinessSnapshot } from './business-service'
import { DetectorPersistence, type StateStore } from './detector-persistence'
import type { Forecaster } from './forecast/types'
import type { DatasetDrift, DriftMethod } from './model-quality/types'
import { AnomalyRuleHook } from './rule-hooks/anomaly-hook'
import { DriftRuleHook } from './rule-hooks/drift-hook'
import { ForecastRuleHook } from './rule-hooks/forecast-hook'
import type { ModelQualityFact } from './recommendations'
import type { ModelQualityService } from './model-quality/service'
import { NotFoundError } from '../engine/errors'

/** How often changed anomaly detectors are written to the store. */
const SAVE_INTERVAL_MS = 60_000

export interface AnalyticsStore extends StateStore {
  queryRange(q: RangeQuery): Promise<QueryResult>
  queryRangeMany(queries: RangeQuery[]): Promise<QueryResult[]>
  listSeries(match?: string): Promise<SeriesInfo[]>
}

export interface AnalyticsServiceOptions {
  store: AnalyticsStore
  /** A KPI's values in buckets of stepS seconds over [from, to); null when no KPI has that id. */
  kpiTrend(id: string, from: number, to: number, stepS: number): Promise<KpiValue | null>
  forecaster: Forecaster
  createDetector(state?: DetectorState): StreamingDetector
  /** The `analytics:` section of the current config. */
  config(): AnalyticsConfig
  /** A KPI's current value (targets for the business forecasts); null when no such KPI. */
  kpi(id: string): Promise<KpiValue | null>
  /** Planned date of a milestone (the payback plan), or null. */
  milestoneDue(id: string): Promise<number | null>
  /** Model quality and drift over the predictions store (absent: no models). */
  models?: { service: ModelQualityService; listModels(): Promise<ModelSummary[]> }
  now(): number
  log(message: string): void
  /** Business forecasts and recommendations computed beforehand (an archive's analytics member). */
  businessSnapshot?: BusinessSnapshot
}

export type AnalyticsApi = Pick<
  VigilApi,
  'getForecast' | 'getAnomalies' | 'getBusinessForecasts' | 'getRecommendations' | 'listModels' | 'getModelQuality' | 'getModelDrift'
>

const DRIFT_METHODS = new Set(['ks', 'chi2', 'psi', 'wasserstein', 'jensen_shannon', 'auto'])

export class AnalyticsService {
  readonly hooks: RuleHooks
  readonly api: AnalyticsApi
  private readonly anomalyHook: AnomalyRuleHook
  private readonly persistence: DetectorPersistence
  private timer: NodeJS.Timeout | null = null
  private saving: Promise<void> = Promise.resolve()

  constructor(private readonly opts: AnalyticsServiceOptions) {
    this.anomalyHook = new AnomalyRuleHook((state) => opts.createDetector(state))
    this.hooks = { anomaly: this.anomalyHook, forecast: new ForecastRuleHook(opts.forecaster), drift: new DriftRuleHook() }
    this.persistence = new DetectorPersistence(opts.store, this.anomalyHook, opts.log)
    const business = new BusinessService({
      store: opts.store,
      config: opts.config,
      kpi: opts.kpi,
      milestoneDue: opts.milestoneDue,
      modelFacts: () => this.modelFacts(),
      forecaster: opts.forecaster,
      now: opts.now,
      ...(opts.businessSnapshot ? { snapshot: opts.businessSnapshot } : {})
    })
    this.api = {
      getBusinessForecasts: () => business.forecasts(),
      getRecommendations: ({ view }) => business.recommendations(view),
      listModels: async () => (opts.models ? opts.models.listModels() : []),
      getModelQuality: async ({ model, windowMs, referenceMs }) => {
        const { service, windows } = await this.modelService(model)
        return service.quality(model, windows(windowMs, referenceMs))
      },
      getModelDrift: async ({ model, windowMs, referenceMs, method, threshold }) => {
        const { service, windows } = await this.modelService(model)
        return service.drift(model, { ...windows(windowMs, referenceMs), ...(method ? { method } : {}), ...(threshold !== undefined ? { threshold } : {}) })
      },
      getForecast: createForecastApi({ queryRange: (q) => opts.store.queryRange(q), kpiTrend: opts.kpiTrend, forecaster: opts.forecaster, now: opts.now }),
      getAnomalies: createAnomalyApi({ listSeries: (m) => opts.store.listSeries(m), queryRangeMany: (q) => opts.store.queryRangeMany(q), createDetector: () => opts.createDetector() })
    }
  }

  /** The model-quality service for a known model, and the configured windows; NotFoundError for an unknown model. */
  private async modelService(model: string) {
    const models = this.opts.models
    const known = models ? await models.listModels() : []
    if (!models || !known.some((m) => m.model === model)) {
      throw new NotFoundError(`no predictions for model "${model}" (known: ${known.map((m) => m.model).join(', ') || 'none'})`)
    }
    const cfg = this.opts.config().models
    const windows = (windowMs?: number, referenceMs?: number) => ({
      window: windowMs ?? cfg.window,
      referenceWindow: { kind: 'preceding' as const, length: referenceMs ?? cfg.reference_window }
    })
    return { service: models.service, windows }
  }

  /** A model's drift for drift rules; null when the model has no predictions. */
  private async driftOf(model: string, windowMs: number, method: DriftMethod | 'auto', threshold: number | null): Promise<DatasetDrift | null> {
    const models = this.opts.models
    if (!models || !(await models.listModels()).some((m) => m.model === model)) return null
    const cfg = this.opts.config().models
    return models.service.drift(model, { window: windowMs, referenceWindow: { kind: 'preceding', length: cfg.reference_window }, method, ...(threshold !== null ? { threshold } : {}) })
  }

  /** Every model's headline metric (F1, else accuracy) against its reference, with its drifted features. */
  private async modelFacts(): Promise<ModelQualityFact[]> {
    const models = this.opts.models
    if (!models) return []
    const facts: ModelQualityFact[] = []
    for (const { model } of await models.listModels()) {
      const { service, windows } = await this.modelService(model)
      const [quality, drift] = await Promise.all([service.quality(model, windows()), service.drift(model, windows()).catch(() => null)])
      for (const [metric, key] of [['F1', 'f1'], ['accuracy', 'accuracy']] as const) {
        const { current, reference } = quality.change[key]
        if (current === null || reference === null || reference <= 0) continue
        facts.push({ model, metric, current, reference, driftedFeatures: drift ? drift.features.filter((f) => f.drifted).map((f) => f.feature) : [], featureCount: drift?.features.length ?? 0 })
        break
      }
    }
    return facts
  }

  /** What the alert rules of the hooks read, beyond samples and KPI values. */
  ruleData(): Required<Pick<RuleDataSource, 'range' | 'kpiTrend' | 'drift'>> {
    const { store, kpiTrend } = this.opts
    return {
      range: async (q) => (await store.queryRange({ series: q.series, labels: q.labels, from: q.from, to: q.to, step: q.stepMs / 1000, agg: 'avg' })).points,
      kpiTrend: (q) => kpiTrend(q.kpi, q.from, q.to, q.stepMs / 1000),
      drift: async (q) => {
        if (!DRIFT_METHODS.has(q.method)) throw new Error(`unknown drift method "${q.method}"`)
        return this.driftOf(q.model, q.windowMs, q.method as DriftMethod | 'auto', q.threshold)
      }
    }
  }

  /** Restores persisted detectors and starts saving changed ones periodically. */
  async start(): Promise<void> {
    await this.persistence.restore().catch((err: Error) => this.opts.log(`analytics: could not read stored anomaly detectors (they relearn): ${err.message}`))
    this.timer = setInterval(() => void this.save(), SAVE_INTERVAL_MS)
    this.timer.unref?.()
  }

  /** Writes changed detectors now (also called at stop). */
  save(): Promise<void> {
    this.saving = this.saving.then(() => this.persistence.save()).catch((err: Error) => this.opts.log(`analytics: could not save anomaly detectors: ${err.message}`))
    return this.saving
  }

  /** Stops the save timer and saves once more. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.save()
  }
}
