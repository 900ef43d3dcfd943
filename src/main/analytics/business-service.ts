// The business forecasts of the `analytics:` config (ROI trajectory, adoption curve, savings,
// capacity) on daily grids read from the store, and the recommendations drawn from them. Each
// forecast fails on its own (a missing series, too little history) with its reason; results are
// kept for a few minutes because the daily inputs change slowly.
import type { BusinessForecastsView, CapacityItem, Outcome, Recommendation } from '@shared/analytics-business'
import type { AnalyticsConfig, CapacityConfig } from '@shared/config/analytics-schema'
import type { KpiValue } from '@shared/kpi'
import type { Aggregation, Labels, QueryResult, RangeQuery, SeriesInfo } from '@shared/types'
import { adoptionCurve, capacityExhaustion, roiTrajectory, savingsForecast, type RegularSeries } from './business'
import type { Forecaster } from './forecast/types'
import { pointsToGrid, seasonalPeriodsFor } from './grid'
import { recommend, type CapacityFact, type ModelQualityFact, type RecommendationFacts, type UtilisationFact } from './recommendations'

const DAY_MS = 86_400_000
/** How long computed forecasts are served before they are recomputed. */
const CACHE_MS = 5 * 60_000
/** Most label values one capacity entry forecasts (one per disk, per GPU). */
const MAX_CAPACITY_ITEMS = 20
/** Days of daily peaks handed to the saturation rules. */
const UTILISATION_DAYS = 14

export interface BusinessStore {
  queryRange(q: RangeQuery): Promise<QueryResult>
  listSeries(match?: string): Promise<SeriesInfo[]>
}

export interface BusinessServiceOptions {
  store: BusinessStore
  config: () => AnalyticsConfig
  kpi(id: string): Promise<KpiValue | null>
  /** Planned date of a milestone by id (payback plan), or null. */
  milestoneDue(id: string): Promise<number | null>
  /** Model-quality facts for the recommendations (none when the engine has no predictions). */
  modelFacts?: () => Promise<ModelQualityFact[]>
  forecaster: Forecaster
  now(): number
  /** Answers computed beforehand for this data and clock (an archive's analytics member): served as they are. */
  snapshot?: BusinessSnapshot
}

/** Forecasts and every recommendation, computed once for data that no longer changes. */
export interface BusinessSnapshot {
  forecasts: BusinessForecastsView
  recommendations: Recommendation[]
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err))

async function outcome<T>(compute: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { result: await compute(), error: null }
  } catch (err) {
    return { result: null, error: messageOf(err) }
  }
}

export class BusinessService {
  private cached: { at: number; view: BusinessForecastsView } | null = null
  private computing: Promise<BusinessForecastsView> | null = null
  /** Every recommendation, for the forecasts they were drawn from (recomputed with them). */
  private advice: { forecasts: BusinessForecastsView; list: Promise<Recommendation[]> } | null = null

  constructor(private readonly opts: BusinessServiceOptions) {}

  /** Every configured business forecast (cached for a few minutes). */
  forecasts(): Promise<BusinessForecastsView> {
    if (this.opts.snapshot) return Promise.resolve(this.opts.snapshot.forecasts)
    const now = this.opts.now()
    if (this.cached && now - this.cached.at < CACHE_MS) return Promise.resolve(this.cached.view)
    this.computing ??= this.compute(now)
      .then((view) => {
        this.cached = { at: now, view }
        return view
      })
      .finally(() => {
        this.computing = null
      })
    return this.computing
  }

  /** Recommendations from the forecasts and model quality, optionally for one view (kept as long as the forecasts). */
  async recommendations(view?: string): Promise<Recommendation[]> {
    const snapshot = this.opts.snapshot?.recommendations
    if (snapshot) return view === undefined ? snapshot : snapshot.filter((r) => r.view === view)
    const f = await this.forecasts()
    if (this.advice?.forecasts !== f) {
      const list = this.recommend(f)
      this.advice = { forecasts: f, list }
      // A failure is not kept: the next call tries again.
      list.catch(() => {
        if (this.advice?.list === list) this.advice = null
      })
    }
    const all = await this.advice.list
    return view === undefined ? all : all.filter((r) => r.view === view)
  }

  private async recommend(f: BusinessForecastsView): Promise<Recommendation[]> {
    const cfg = this.opts.config()
    const facts: RecommendationFacts = { now: f.generatedAt }
    if (f.roi.result) {
      const due = cfg.roi.payback_milestone ? await this.opts.milestoneDue(cfg.roi.payback_milestone) : null
      const milestone = cfg.roi.payback_milestone
      facts.roi = {
        trajectory: f.roi.result,
        ...(f.roi.targetPercent !== null ? { targetRoiPercent: f.roi.targetPercent } : {}),
        ...(milestone && due !== null ? { paybackMilestone: { name: milestone, due } } : {})
      }
    }
    if (f.adoption.result) {
      facts.adoption = {
        curve: f.adoption.result,
        ...(f.adoption.targetPercent !== null ? { targetPercent: f.adoption.targetPercent } : {}),
        ...(f.adoption.trainingCompletionPercent !== null ? { trainingCompletionPercent: f.adoption.trainingCompletionPercent } : {})
      }
    }
    if (f.savings.result) facts.savings = { forecast: f.savings.result }
    facts.capacity = f.capacity.filter((c) => c.result !== null).map((c): CapacityFact => ({ resource: c.resource, kind: c.kind, forecast: c.result! }))
    facts.utilisation = await this.utilisationFacts(cfg, f.generatedAt)
    if (this.opts.modelFacts) facts.models = await this.opts.modelFacts()
    return recommend(facts, cfg.recommendations)
  }

  private async compute(now: number): Promise<BusinessForecastsView> {
    const cfg = this.opts.config()
    const forecaster = this.opts.forecaster
    const [roi, adoption, savings, capacity] = await Promise.all([
      this.roi(cfg, now, forecaster),
      this.adoption(cfg, now),
      outcome(async () => {
        if (!cfg.savings.enabled) throw new Error('savings forecast disabled in the config (analytics.savings.enabled)')
        const total = await this.daily(cfg.savings.series, {}, now - cfg.savings.history, now, 'last')
        const known = total.values.filter((v): v is number => v !== null && Number.isFinite(v))
        if (known.length < 3) throw new Error(`series "${cfg.savings.series}" has ${known.length} days of data; the savings forecast needs at least 3`)
        // The daily increase of a cumulative total is the savings rate; the first day has no increase.
        const rate: RegularSeries = { start: total.start + DAY_MS, step: DAY_MS, values: total.values.slice(1).map((v, i) => (v === null || total.values[i] === null ? null : v - (total.values[i] as number))) }
        return savingsForecast(
          { rate, savedSoFar: known[known.length - 1], now, forecaster },
          { horizonMs: cfg.savings.horizon, seasonalPeriods: seasonalPeriodsFor(DAY_MS, rate.values.length) }
        )
      }),
      this.capacity(cfg, now, forecaster)
    ])
    return { generatedAt: now, roi, adoption, savings, capacity }
  }

  private async roi(cfg: AnalyticsConfig, now: number, forecaster: Forecaster): Promise<BusinessForecastsView['roi']> {
    const target = (await this.opts.kpi(cfg.roi.kpi).catch(() => null))?.target ?? null
    const result = await outcome(async () => {
      if (!cfg.roi.enabled) throw new Error('ROI trajectory disabled in the config (analytics.roi.enabled)')
      const from = now - cfg.roi.history
      const [benefit, cost] = await Promise.all([this.daily(cfg.roi.benefit, {}, from, now, 'last'), this.daily(cfg.roi.cost, {}, from, now, 'last')])
      // Both series on the same grid: the engine needs a common start.
      const start = Math.max(benefit.start, cost.start)
      const align = (s: RegularSeries): RegularSeries => ({ start, step: DAY_MS, values: s.values.slice(Math.round((start - s.start) / DAY_MS)) })
      const b = align(benefit)
      const c = align(cost)
      const n = Math.min(b.values.length, c.values.length)
      return roiTrajectory(
        { benefit: { ...b, values: b.values.slice(0, n) }, cost: { ...c, values: c.values.slice(0, n) }, now, forecaster },
        { horizonMs: cfg.roi.horizon, seasonalPeriods: [] }
      )
    })
    return { ...result, targetPercent: target }
  }

  private async adoption(cfg: AnalyticsConfig, now: number): Promise<BusinessForecastsView['adoption']> {
    const target = (await this.opts.kpi(cfg.adoption.kpi).catch(() => null))?.target ?? null
    let training: number | null = null
    if (cfg.adoption.training_series) {
      const t = await this.daily(cfg.adoption.training_series, {}, now - 7 * DAY_MS, now, 'last').catch(() => null)
      const known = t?.values.filter((v): v is number => v !== null && Number.isFinite(v)) ?? []
      training = known.length > 0 ? known[known.length - 1] : null
    }
    const result = await outcome(async () => {
      if (!cfg.adoption.enabled) throw new Error('adoption curve disabled in the config (analytics.adoption.enabled)')
      const series = await this.daily(cfg.adoption.series, {}, now - cfg.adoption.history, now, 'avg')
      return adoptionCurve({ adoption: series, now }, { horizonMs: cfg.adoption.horizon })
    })
    return { ...result, targetPercent: target, trainingCompletionPercent: training }
  }

  private async capacity(cfg: AnalyticsConfig, now: number, forecaster: Forecaster): Promise<CapacityItem[]> {
    const items: CapacityItem[] = []
    for (const entry of cfg.capacity) {
      const labelSets = await this.labelSets(entry)
      if (labelSets.length === 0) {
        items.push({ resource: entry.name, kind: entry.kind, series: entry.series, labels: entry.labels, result: null, error: `no series "${entry.series}"${labelText(entry.labels)} in the store` })
        continue
      }
      for (const labels of labelSets.slice(0, MAX_CAPACITY_ITEMS)) {
        const resource = entry.by ? `${entry.name} ${labels[entry.by]}` : entry.name
        const result = await outcome(async () => {
          const usage = await this.daily(entry.series, labels, now - entry.history, now, entry.daily)
          const capacity = await this.capacityOf(entry, labels, now)
          return capacityExhaustion(
            { usage, capacity, now, forecaster },
            { horizonMs: entry.horizon, unit: entry.kind === 'disk' ? 'bytes' : '%', seasonalPeriods: seasonalPeriodsFor(DAY_MS, usage.values.length) }
          )
        })
        items.push({ resource, kind: entry.kind, series: entry.series, labels, ...result })
      }
    }
    return items
  }

  private async utilisationFacts(cfg: AnalyticsConfig, now: number): Promise<UtilisationFact[]> {
    const facts: UtilisationFact[] = []
    for (const entry of cfg.capacity.filter((c) => c.kind === 'gpu' || c.kind === 'memory' || c.kind === 'other')) {
      for (const labels of (await this.labelSets(entry)).slice(0, MAX_CAPACITY_ITEMS)) {
        // Whole days only: today's peak so far would understate it.
        const end = Math.floor(now / DAY_MS) * DAY_MS
        const daily = await this.daily(entry.series, labels, end - UTILISATION_DAYS * DAY_MS, end, 'max').catch(() => null)
        const values = daily?.values.filter((v): v is number => v !== null && Number.isFinite(v)) ?? []
        if (values.length > 0) facts.push({ resource: entry.by ? `${entry.name} ${labels[entry.by]}` : entry.name, dailyP95: values })
      }
    }
    return facts
  }

  private async labelSets(entry: CapacityConfig): Promise<Labels[]> {
    const matching = (await this.opts.store.listSeries(entry.series)).filter(
      (s) => s.name === entry.series && Object.entries(entry.labels).every(([k, v]) => s.labels[k] === v)
    )
    if (!entry.by) return matching.length > 0 ? [entry.labels] : []
    const values = [...new Set(matching.map((s) => s.labels[entry.by as string]).filter((v): v is string => v !== undefined))].sort()
    return values.map((v) => ({ ...entry.labels, [entry.by as string]: v }))
  }

  private async capacityOf(entry: CapacityConfig, labels: Labels, now: number): Promise<number> {
    if (typeof entry.capacity === 'number') return entry.capacity
    const r = await this.opts.store.queryRange({ series: entry.capacity.series, labels, from: now - 2 * DAY_MS, to: now + 1, step: DAY_MS / 1000, agg: 'last' })
    const last = r.points.at(-1)?.[1]
    if (last === undefined || !Number.isFinite(last) || last <= 0) throw new Error(`no capacity: series "${entry.capacity.series}"${labelText(labels)} has no recent positive value`)
    return last
  }

  /** A series as whole daily buckets ending with today's (partial) one, from its first day with data. */
  private async daily(series: string, labels: Labels, from: number, now: number, agg: Aggregation): Promise<RegularSeries> {
    const start = Math.floor(from / DAY_MS) * DAY_MS
    const end = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS
    const r = await this.opts.store.queryRange({ series, labels, from: start, to: end, step: DAY_MS / 1000, agg })
    const values = pointsToGrid(r.points, start, DAY_MS, Math.round((end - start) / DAY_MS))
    // The bucket in progress is stamped at its start, which may be after `now`: the engines want the grid to end by now.
    const first = values.findIndex((v) => Number.isFinite(v))
    if (first === -1) throw new Error(`series "${series}"${labelText(labels)} has no data in the last ${Math.round((now - from) / DAY_MS)} days`)
    return { start: start + first * DAY_MS, step: DAY_MS, values: values.slice(first).map((v) => (Number.isFinite(v) ? v : null)) }
  }
}

function labelText(labels: Labels): string {
  const pairs = Object.entries(labels)
  return pairs.length === 0 ? '' : `{${pairs.map(([k, v]) => `${k}="${v}"`).join(', ')}}`
}
