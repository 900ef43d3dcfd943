// Model quality and drift over stored prediction records: windowed classification metrics vs a
// reference window (with the change of each), latency percentiles and throughput, and dataset
// drift of the features. The statistics are injected (classificationMetrics, datasetDrift), the
// records come from the predictions store, the clock from the caller: no I/O of its own.
//
// Reference window (configurable per call, default `{ kind: 'preceding', length: 7 days }`): the
// 7 days just before the current window. Chosen over "the model's first 7 days" because it is
// defined for every model whatever its age, does not move when retention deletes old records,
// and compares like with like (same season, recent traffic); a fixed baseline (the training
// period, say) is `{ kind: 'fixed', from, to }`, and `{ kind: 'first', length }` is the model's
// oldest stored data.
//
// Large windows: at most `maxRecordsPerWindow` (default 50 000) records are read per window,
// evenly spread over it by the store (every k-th in time order), so a month of a busy model costs
// the same as a day. Counts and throughput always use the exact totals.
import type { ClassificationMetrics, ClassificationMetricsFn, DatasetDrift, DatasetDriftFn, DriftMethod, PredictionRecord } from './types'
import { COMPARED_METRICS, type ComparedMetric, type MetricChange, type ModelDrift, type ModelQuality, type WindowQuality } from '@shared/analytics-models'
export { COMPARED_METRICS, type ComparedMetric, type MetricChange, type ModelDrift, type ModelQuality, type WindowQuality }

export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000
/** Default reference: the 7 days before the current window. */
export const DEFAULT_REFERENCE: ReferenceWindow = { kind: 'preceding', length: 7 * DAY_MS }
/** Default cap on records read per window. */
export const DEFAULT_MAX_RECORDS_PER_WINDOW = 50_000

/** Where the reference window lies. */
export type ReferenceWindow =
  /** The `length` ms just before the current window. */
  | { kind: 'preceding'; length: number }
  /** A fixed time range (e.g. the training period), [from, to). */
  | { kind: 'fixed'; from: number; to: number }
  /** The first `length` ms of the model's stored records. */
  | { kind: 'first'; length: number }

/** The current window: its length in ms ending now, or an explicit [from, to). */
export type CurrentWindow = number | { from: number; to: number }

export interface ModelQualityStore {
  queryPredictions(model: string, from: number, to: number, limit: number): Promise<PredictionRecord[]>
  countPredictions(model: string, from: number, to: number): Promise<{ total: number; labelled: number }>
  listModels(): Promise<{ model: string; count: number; labelled: number; firstTs: number; lastTs: number }[]>
}

export interface ModelQualityServiceOptions {
  store: ModelQualityStore
  classificationMetrics: ClassificationMetricsFn
  datasetDrift: DatasetDriftFn
  /** Engine clock (epoch ms). */
  now: () => number
  /** Most records read per window (evenly sampled beyond it). */
  maxRecordsPerWindow?: number
}

export interface QualityRequest {
  window: CurrentWindow
  referenceWindow?: ReferenceWindow
}

export interface DriftRequest extends QualityRequest {
  method?: DriftMethod | 'auto'
  threshold?: number
  shareThreshold?: number
}

export interface ModelQualityService {
  /** Metrics of the current window and the reference window, with the change of each. */
  quality(model: string, req: QualityRequest): Promise<ModelQuality>
  /** Feature drift of the current window against the reference window. */
  drift(model: string, req: DriftRequest): Promise<ModelDrift>
}

/** Builds the model-quality service over a predictions store and injected statistics. */
export function createModelQualityService(opts: ModelQualityServiceOptions): ModelQualityService {
  const cap = opts.maxRecordsPerWindow ?? DEFAULT_MAX_RECORDS_PER_WINDOW
  if (!Number.isInteger(cap) || cap < 1) throw new Error(`model quality: maxRecordsPerWindow must be a whole number ≥ 1, got ${String(cap)}`)

  const windows = async (model: string, req: QualityRequest): Promise<{ current: Range; reference: Range }> => {
    if (typeof model !== 'string' || model === '') throw new Error('model quality: a model name is required')
    const models = await opts.store.listModels()
    const info = models.find((m) => m.model === model)
    if (!info) {
      const known = models.map((m) => m.model)
      throw new Error(`model quality: no prediction records stored for model "${model}"${known.length ? ` (known: ${known.join(', ')})` : ''}`)
    }
    const current = currentRange(req.window, opts.now())
    return { current, reference: referenceRange(req.referenceWindow ?? DEFAULT_REFERENCE, current, info.firstTs) }
  }

  const read = async (model: string, r: Range) => {
    const [records, counts] = await Promise.all([
      opts.store.queryPredictions(model, r.from, r.to, cap),
      opts.store.countPredictions(model, r.from, r.to)
    ])
    return { records, counts }
  }

  const windowQuality = async (model: string, r: Range): Promise<WindowQuality> => {
    const { records, counts } = await read(model, r)
    const labelled = records.filter((x) => x.label !== null)
    const latencies = records.flatMap((x) => (x.latencyMs === null ? [] : [x.latencyMs])).sort((a, b) => a - b)
    return {
      from: r.from,
      to: r.to,
      count: counts.total,
      labelled: counts.labelled,
      sampled: counts.total > records.length,
      metrics: opts.classificationMetrics(labelled),
      latencyP50: quantile(latencies, 0.5),
      latencyP95: quantile(latencies, 0.95),
      throughputPerHour: counts.total / ((r.to - r.from) / HOUR_MS)
    }
  }

  return {
    async quality(model, req) {
      const { current, reference } = await windows(model, req)
      const [cur, ref] = await Promise.all([windowQuality(model, current), windowQuality(model, reference)])
      const change = {} as Record<ComparedMetric, MetricChange>
      for (const key of COMPARED_METRICS) change[key] = compare(valueOf(cur, key), valueOf(ref, key))
      return { model, current: cur, reference: ref, change }
    },

    async drift(model, req) {
      const { current, reference } = await windows(model, req)
      const [cur, ref] = await Promise.all([read(model, current), read(model, reference)])
      const span = (r: Range) => `${new Date(r.from).toISOString()}..${new Date(r.to).toISOString()}`
      if (ref.records.length === 0) throw new Error(`model quality: model "${model}" has no records in the reference window ${span(reference)}; nothing to compare against`)
      if (cur.records.length === 0) throw new Error(`model quality: model "${model}" has no records in the current window ${span(current)}`)
      const result = opts.datasetDrift(
        ref.records.map((x) => x.features),
        cur.records.map((x) => x.features),
        { method: req.method, threshold: req.threshold, shareThreshold: req.shareThreshold }
      )
      return {
        ...result,
        model,
        current: { ...current, count: cur.counts.total, used: cur.records.length },
        reference: { ...reference, count: ref.counts.total, used: ref.records.length }
      }
    }
  }
}

interface Range {
  from: number
  to: number
}

function currentRange(w: CurrentWindow, now: number): Range {
  if (typeof w === 'number') {
    if (!Number.isFinite(w) || w <= 0) throw new Error(`model quality: window must be a positive number of milliseconds, got ${String(w)}`)
    return { from: now - w, to: now }
  }
  return checkRange(w, 'window')
}

function referenceRange(ref: ReferenceWindow, current: Range, firstTs: number): Range {
  switch (ref?.kind) {
    case 'preceding':
      checkLength(ref.length)
      return { from: current.from - ref.length, to: current.from }
    case 'first':
      checkLength(ref.length)
      return { from: firstTs, to: firstTs + ref.length }
    case 'fixed':
      return checkRange(ref, 'referenceWindow')
    default:
      throw new Error(`model quality: referenceWindow.kind must be one of preceding, fixed, first, got ${JSON.stringify((ref as { kind?: unknown })?.kind)}`)
  }
}

function checkLength(length: unknown): void {
  if (typeof length !== 'number' || !Number.isFinite(length) || length <= 0) {
    throw new Error(`model quality: referenceWindow.length must be a positive number of milliseconds, got ${String(length)}`)
  }
}

function checkRange(r: Range, what: string): Range {
  if (!Number.isFinite(r?.from) || !Number.isFinite(r?.to) || r.to <= r.from) {
    throw new Error(`model quality: ${what} needs from < to (epoch milliseconds), got ${JSON.stringify(r)}`)
  }
  return { from: r.from, to: r.to }
}

function valueOf(w: WindowQuality, key: ComparedMetric): number | null {
  switch (key) {
    case 'latencyP50':
    case 'latencyP95':
    case 'throughputPerHour':
      return w[key]
    default:
      return w.metrics[key]
  }
}

function compare(current: number | null, reference: number | null): MetricChange {
  const delta = current !== null && reference !== null ? current - reference : null
  const relative = delta !== null && reference !== null && reference !== 0 ? delta / Math.abs(reference) : null
  return { current, reference, delta, relative }
}

/** Quantile of sorted values, linear between closest ranks (numpy's default); null when empty. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}
