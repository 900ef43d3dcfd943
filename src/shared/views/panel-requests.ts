// The contract calls each panel of a view needs, as data. The renderer's panels issue exactly
// these calls (their query keys are built from them) and the views benchmark replays them
// against the engine, so "what a view costs" is measured on what the screen really asks for.
// Pure: no clock, no I/O; the time window comes in as an argument.
import type { ArgsOf } from '../api'
import type { RequestName } from '../api-names'
import { RECOMMENDATION_VIEWS, type PanelConfig, type PanelOf, type SeriesRefConfig, type ViewConfig } from '../config/views-schema'
import type { Aggregation, Labels } from '../types'
import { GRID_COLUMNS, panelColumns, panelKey } from './panel-layout'
import { pixelStep } from './pixel-step'

/** One call of the contract: a request name and its arguments. */
export type CallOf<K extends RequestName> = { method: K; args: ArgsOf<K> }
export type ContractCall = { [K in RequestName]: CallOf<K> }[RequestName]

/** The time window a panel shows; `step` (bucket width, s) omitted lets the engine choose. */
export interface RequestWindow {
  from: number
  to: number
  step?: number
}

/** A chart line: a series (with optional label filter) as the config names it. */
export interface ChartLineRef {
  series: string
  labels?: Labels
  title?: string
  agg: Aggregation
  dashed: boolean
}

/** What each panel type needs, by role (what the panel component reads). */
export type PanelNeeds =
  | { type: 'kpi'; kpis: CallOf<'getKpis'> }
  | { type: 'kpi-chart'; kpis: CallOf<'getKpis'>; annotations: CallOf<'listAnnotations'>; forecast: CallOf<'getForecast'> | null }
  | {
      type: 'chart'
      lines: (CallOf<'queryRange'> | CallOf<'queryGrouped'>)[]
      annotations: CallOf<'listAnnotations'>
      /** One per series ref when the chart shades anomalies (else none), on the chart's grid. */
      anomalies: CallOf<'getAnomalies'>[]
    }
  | { type: 'forecast'; forecast: CallOf<'getForecast'> }
  | { type: 'stat'; latest: CallOf<'latest'> }
  | { type: 'milestones'; milestones: CallOf<'getMilestones'> }
  | { type: 'kpi-list'; kpis: CallOf<'getKpis'> }
  | { type: 'process'; kpis: CallOf<'getKpis'> }
  | { type: 'status-grid'; up: CallOf<'latest'>; thresholds: CallOf<'latest'>[] }
  | { type: 'table'; columns: CallOf<'latest'>[] }
  | {
      type: 'sources'
      health: CallOf<'getHealth'>
      lag: CallOf<'latest'> | null
      throughput: CallOf<'latest'> | null
      /** Counters (`…_total`) are read over the window, to show the increase; gauges as latest. */
      errors: CallOf<'queryGrouped'> | CallOf<'latest'> | null
    }
  | { type: 'events'; events: CallOf<'listAnnotations'> }
  | { type: 'model-quality'; quality: CallOf<'getModelQuality'> }
  | { type: 'model-drift'; drift: CallOf<'getModelDrift'> }
  | { type: 'recommendations'; recommendations: CallOf<'getRecommendations'> }
  /** The three business panels share the one getBusinessForecasts call (a view asks it once). */
  | { type: 'adoption' | 'savings-forecast' | 'capacity-list'; forecasts: CallOf<'getBusinessForecasts'> }
  | { type: 'unknown'; panelType: string }

/** Drops undefined properties, so equal calls serialise (and dedupe) the same. */
function defined<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T
}

function call<K extends RequestName>(method: K, args: ArgsOf<K>): CallOf<K> {
  return { method, args: defined(args as object) as ArgsOf<K> }
}

/** A chart's series reference in its object form. */
export function chartLineRef(ref: SeriesRefConfig): ChartLineRef {
  if (typeof ref === 'string') return { series: ref, agg: 'avg', dashed: false }
  return defined({ series: ref.series, labels: ref.labels, title: ref.title, agg: ref.agg ?? 'avg', dashed: ref.dashed ?? false })
}

/** Counters (Prometheus naming: `…_total`) only ever grow; their increase is what matters. */
export function isCounter(series: string): boolean {
  return /_total$/.test(series)
}

/** KPI ids a panel shows (empty for panels without KPIs). */
export function panelKpiIds(panel: PanelConfig): string[] {
  switch (panel.type) {
    case 'kpi':
    case 'kpi-chart':
      return [panel.kpi]
    case 'kpi-list':
    case 'process':
      return [...panel.kpis]
    default:
      return []
  }
}

const unique = <T>(items: T[]): T[] => [...new Set(items)]

function kpisCall(ids: string[], w: RequestWindow): CallOf<'getKpis'> {
  return call('getKpis', { ids: unique(ids), from: w.from, to: w.to, step: w.step })
}

function annotationsCall(w: RequestWindow): CallOf<'listAnnotations'> {
  return call('listAnnotations', { from: w.from, to: w.to })
}

function chartLines(panel: PanelOf<'chart'>, w: RequestWindow): (CallOf<'queryRange'> | CallOf<'queryGrouped'>)[] {
  return panel.series.map((raw) => {
    const ref = chartLineRef(raw)
    const range = { series: ref.series, labels: ref.labels, from: w.from, to: w.to, step: w.step, agg: ref.agg }
    return panel.group_by ? call('queryGrouped', { ...range, by: panel.group_by }) : call('queryRange', range)
  })
}

/** Default score from which a step counts as anomalous (the engine's default too). */
export const DEFAULT_ANOMALY_MIN_SCORE = 0.9

/** The anomaly calls of a chart: same series, labels, window and bucket width as its lines. */
function anomalyCalls(panel: PanelOf<'chart'>, w: RequestWindow): CallOf<'getAnomalies'>[] {
  const opt = panel.anomalies
  if (!opt) return []
  const minScore = opt === true ? undefined : opt.min_score
  const seen = new Set<string>()
  return panel.series.flatMap((raw) => {
    const ref = chartLineRef(raw)
    const c = call('getAnomalies', { series: ref.series, labels: ref.labels, from: w.from, to: w.to, stepMs: w.step === undefined ? undefined : w.step * 1000, minScore })
    const id = callIdentity(c)
    if (seen.has(id)) return []
    seen.add(id)
    return [c]
  })
}

/** A kpi-chart's forecast options with defaults (null when it shows no forecast). */
export function kpiForecastOptions(panel: PanelOf<'kpi-chart'>): Exclude<PanelOf<'kpi-chart'>['forecast'], boolean> | null {
  if (panel.forecast === false) return null
  if (panel.forecast === true) return { horizon: KPI_FORECAST_HORIZON_MS }
  return panel.forecast
}

/** How far ahead `forecast: true` looks on a KPI chart (180 days). */
export const KPI_FORECAST_HORIZON_MS = 180 * 86_400_000

/**
 * The forecast a kpi-chart or forecast panel asks for. It does not depend on the view's window:
 * a forecast always starts now (the panel refreshes it as time passes).
 */
export function forecastCall(panel: PanelOf<'kpi-chart'> | PanelOf<'forecast'>): CallOf<'getForecast'> | null {
  if (panel.type === 'forecast') {
    return call('getForecast', { series: panel.series, labels: panel.labels, horizonMs: panel.horizon, historyMs: panel.history, condition: panel.condition?.text })
  }
  const opt = kpiForecastOptions(panel)
  if (!opt) return null
  return call('getForecast', { kpi: panel.kpi, horizonMs: opt.horizon, historyMs: opt.history, condition: opt.condition?.text })
}

function latestOf(series: string, labels?: Labels): CallOf<'latest'> {
  return call('latest', { series, labels })
}

/** Where a panel sits, for options that default to it (a recommendations panel's view). */
export interface PanelPlace {
  /** Id of the view the panel is on. */
  viewId?: string
}

/** The recommendations a panel asks for: its `view`, else the view it is on when recommendations are filed under it, else all. */
export function recommendationsCall(panel: PanelOf<'recommendations'>, place: PanelPlace = {}): CallOf<'getRecommendations'> {
  const onView = RECOMMENDATION_VIEWS.find((v) => v === place.viewId)
  return call('getRecommendations', { view: panel.view ?? onView })
}

/**
 * A model's quality or drift call. Like a forecast it has no view window (its window ends now and
 * is the panel's own `window`, the engine's default when not set).
 */
function modelArgs(panel: PanelOf<'model-quality'> | PanelOf<'model-drift'>): { model: string; windowMs?: number; referenceMs?: number } {
  return { model: panel.model, windowMs: panel.window, referenceMs: panel.reference }
}

/** What one panel needs over the window (its own getKpis call; views merge those, see viewPlan). */
export function panelNeeds(panel: PanelConfig, w: RequestWindow, place: PanelPlace = {}): PanelNeeds {
  switch (panel.type) {
    case 'kpi':
    case 'kpi-list':
    case 'process':
      return { type: panel.type, kpis: kpisCall(panelKpiIds(panel), w) }
    case 'kpi-chart':
      return { type: 'kpi-chart', kpis: kpisCall([panel.kpi], w), annotations: annotationsCall(w), forecast: forecastCall(panel) }
    case 'chart':
      return { type: 'chart', lines: chartLines(panel, w), annotations: annotationsCall(w), anomalies: anomalyCalls(panel, w) }
    case 'forecast':
      return { type: 'forecast', forecast: forecastCall(panel) as CallOf<'getForecast'> }
    case 'stat':
      return { type: 'stat', latest: latestOf(panel.series, panel.labels) }
    case 'milestones':
      return { type: 'milestones', milestones: call('getMilestones', {}) }
    case 'status-grid':
      return {
        type: 'status-grid',
        up: latestOf(panel.up),
        thresholds: unique((panel.degraded ?? []).map((t) => t.series)).map((s) => latestOf(s))
      }
    case 'table':
      return { type: 'table', columns: unique(panel.columns.map((c) => c.series)).map((s) => latestOf(s)) }
    case 'sources': {
      const p = panel.pipelines
      const errors = !p?.errors
        ? null
        : isCounter(p.errors)
          ? call('queryGrouped', { series: p.errors, by: p.by, from: w.from, to: w.to, step: w.step, agg: 'max' })
          : latestOf(p.errors)
      return {
        type: 'sources',
        health: call('getHealth', {}),
        lag: p?.lag ? latestOf(p.lag) : null,
        throughput: p?.throughput ? latestOf(p.throughput) : null,
        errors
      }
    }
    case 'events':
      return { type: 'events', events: call('listAnnotations', { from: w.from, to: w.to, kinds: panel.kinds, limit: panel.limit }) }
    case 'model-quality':
      return { type: 'model-quality', quality: call('getModelQuality', modelArgs(panel)) }
    case 'model-drift':
      return { type: 'model-drift', drift: call('getModelDrift', modelArgs(panel)) }
    case 'recommendations':
      return { type: 'recommendations', recommendations: recommendationsCall(panel, place) }
    case 'adoption':
    case 'savings-forecast':
    case 'capacity-list':
      return { type: panel.type, forecasts: call('getBusinessForecasts', {}) }
    default:
      // A panel type this build does not know (e.g. a newer config): it needs nothing.
      return { type: 'unknown', panelType: String((panel as { type?: unknown }).type) }
  }
}

/** Every call in a PanelNeeds, in a stable order. */
export function needsCalls(needs: PanelNeeds): ContractCall[] {
  const out: ContractCall[] = []
  for (const [key, value] of Object.entries(needs)) {
    if (key === 'type' || key === 'panelType' || value === null) continue
    if (Array.isArray(value)) out.push(...(value as ContractCall[]))
    else out.push(value as ContractCall)
  }
  return out
}

/** The contract calls one panel needs over the window. */
export function panelRequests(panel: PanelConfig, window: RequestWindow, place: PanelPlace = {}): ContractCall[] {
  return needsCalls(panelNeeds(panel, window, place))
}

/** JSON with sorted object keys: equal calls give equal text whatever their key order. */
export function callIdentity(c: ContractCall): string {
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canon)
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, canon((v as Record<string, unknown>)[k])])
      )
    }
    return v
  }
  return JSON.stringify({ method: c.method, args: canon(c.args) })
}

/** Removes repeated calls, keeping the first of each. */
export function dedupeCalls(calls: ContractCall[]): ContractCall[] {
  const seen = new Set<string>()
  return calls.filter((c) => {
    const id = callIdentity(c)
    if (seen.has(id)) return false
    seen.add(id)
    return true
  })
}

export interface ViewPlanOptions {
  /**
   * Width of the view's grid in CSS pixels. When given, each panel's bucket width is chosen so
   * that a full-width line has about one point per pixel of the panel (see pixelStep).
   */
  widthPx?: number
}

export interface PanelPlan {
  key: string
  panel: PanelConfig
  window: RequestWindow
  needs: PanelNeeds
}

export interface ViewPlan {
  panels: PanelPlan[]
  /** The one getKpis call shared by every KPI panel of the view (null when none shows a KPI). */
  kpis: CallOf<'getKpis'> | null
  /** All calls of the view, deduplicated: what a refresh of the view costs. */
  requests: ContractCall[]
}

/** The window a panel queries: the view's, with a step fitted to the panel's width when known. */
export function panelWindow(panel: PanelConfig, window: RequestWindow, widthPx: number | undefined): RequestWindow {
  if (widthPx === undefined || !(widthPx > 0)) return window
  const px = (widthPx * panelColumns(panel)) / GRID_COLUMNS
  return { from: window.from, to: window.to, step: pixelStep(window.from, window.to, px) }
}

/**
 * Plans a view: each panel's needs, with all KPI panels sharing one getKpis call (one round
 * trip for every KPI of the view; its step is the finest any KPI panel asked for).
 */
export function viewPlan(view: Pick<ViewConfig, 'panels'> & { id?: string }, window: RequestWindow, opts: ViewPlanOptions = {}): ViewPlan {
  const planned = view.panels.map((panel, i) => {
    const w = panelWindow(panel, window, opts.widthPx)
    return { key: panelKey(panel, i), panel, window: w, needs: panelNeeds(panel, w, { viewId: view.id }) }
  })
  const kpiPanels = planned.filter((p) => 'kpis' in p.needs)
  let shared: CallOf<'getKpis'> | null = null
  if (kpiPanels.length > 0) {
    const steps = kpiPanels.map((p) => p.window.step).filter((s): s is number => s !== undefined)
    const step = steps.length > 0 ? Math.min(...steps) : undefined
    shared = kpisCall(kpiPanels.flatMap((p) => panelKpiIds(p.panel)), { ...window, step })
  }
  const panels = planned.map((p) => (shared && 'kpis' in p.needs ? { ...p, needs: { ...p.needs, kpis: shared } as PanelNeeds } : p))
  return { panels, kpis: shared, requests: dedupeCalls(panels.flatMap((p) => needsCalls(p.needs))) }
}

/** All contract calls of a view over the window, deduplicated, KPI calls merged into one. */
export function viewRequests(view: Pick<ViewConfig, 'panels'> & { id?: string }, window: RequestWindow, opts: ViewPlanOptions = {}): ContractCall[] {
  return viewPlan(view, window, opts).requests
}
