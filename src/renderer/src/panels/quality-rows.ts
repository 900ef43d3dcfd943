// The rows of a model-quality panel: each metric in the judged window against the reference
// window, with the change as arrow + % and whether that is better or worse given the metric's
// direction (log loss, calibration error and latency: lower is better). Pure.
import type { ComparedMetric, MetricChange, ModelQuality } from '@shared/analytics-models'
import { formatValue } from '../format/number-format'
import { describeChange, type ChangeDisplay } from '../features/kpis/kpi-display'

/** Which way a metric improves; null when neither is better (throughput is load, not quality). */
export type Better = 'higher' | 'lower' | null

export interface QualityMetric {
  key: ComparedMetric
  label: string
  better: Better
  /** How its values read: a score in [0, 1], milliseconds, records per hour. */
  kind: 'score' | 'ms' | 'per-hour'
}

/** The metrics shown, in order. */
export const QUALITY_METRICS: readonly QualityMetric[] = [
  { key: 'accuracy', label: 'Accuracy', better: 'higher', kind: 'score' },
  { key: 'precision', label: 'Precision', better: 'higher', kind: 'score' },
  { key: 'recall', label: 'Recall', better: 'higher', kind: 'score' },
  { key: 'f1', label: 'F1', better: 'higher', kind: 'score' },
  { key: 'rocAuc', label: 'ROC AUC', better: 'higher', kind: 'score' },
  { key: 'logLoss', label: 'Log loss', better: 'lower', kind: 'score' },
  { key: 'ece', label: 'Calibration error (ECE)', better: 'lower', kind: 'score' },
  { key: 'latencyP50', label: 'Latency p50', better: 'lower', kind: 'ms' },
  { key: 'latencyP95', label: 'Latency p95', better: 'lower', kind: 'ms' },
  { key: 'throughputPerHour', label: 'Throughput', better: null, kind: 'per-hour' }
]

/** A metric value as shown: scores with 3 decimals, latency in ms, throughput per hour; "—" when unknown. */
export function metricText(value: number | null, kind: QualityMetric['kind']): string {
  if (value === null || !Number.isFinite(value)) return '—'
  if (kind === 'ms') return formatValue(value, 'ms')
  if (kind === 'per-hour') return `${formatValue(value, 'number')}/h`
  return value.toFixed(3)
}

/** Whether a change is an improvement given the metric's direction (null: not judged or no change known). */
export function isImprovement(delta: number | null, better: Better): boolean | null {
  if (better === null || delta === null || !Number.isFinite(delta) || delta === 0) return null
  return better === 'higher' ? delta > 0 : delta < 0
}

/**
 * The change of a metric: arrow (direction of the value), signed % of the reference, and the
 * verdict and tone from the metric's direction. A reference of 0 has no % change: the difference
 * is shown instead.
 */
export function metricChange(change: MetricChange, metric: Pick<QualityMetric, 'better' | 'kind'>): ChangeDisplay {
  const { delta, relative } = change
  if (delta === null || !Number.isFinite(delta)) return { arrow: '', text: '—', verdict: 'unknown', tone: 'muted' }
  const improved = isImprovement(delta, metric.better)
  if (relative !== null && Number.isFinite(relative)) {
    // Under 0.05 % is "unchanged"; a change nobody judges (throughput) gets no better/worse.
    return describeChange(relative * 100, improved)
  }
  if (delta === 0) return { arrow: '→', text: '±0', verdict: 'unchanged', tone: 'neutral' }
  const abs = metricText(Math.abs(delta), metric.kind)
  const verdict = improved === null ? 'unknown' : improved ? 'better' : 'worse'
  return { arrow: delta > 0 ? '↑' : '↓', text: `${delta > 0 ? '+' : '-'}${abs}`, verdict, tone: improved === null ? 'neutral' : improved ? 'ok' : 'bad' }
}

export interface QualityRow {
  metric: QualityMetric
  current: number | null
  reference: number | null
  relative: number | null
  currentText: string
  referenceText: string
  change: ChangeDisplay
}

/** One row per shown metric, from the engine's comparison. */
export function qualityRows(q: Pick<ModelQuality, 'change'>): QualityRow[] {
  return QUALITY_METRICS.map((metric) => {
    const c = q.change[metric.key] ?? { current: null, reference: null, delta: null, relative: null }
    return {
      metric,
      current: c.current,
      reference: c.reference,
      relative: c.relative,
      currentText: metricText(c.current, metric.kind),
      referenceText: metricText(c.reference, metric.kind),
      change: metricChange(c, metric)
    }
  })
}

/** How many rows got worse / better (the panel's summary). */
export function qualityVerdicts(rows: readonly QualityRow[]): { worse: number; better: number } {
  return {
    worse: rows.filter((r) => r.change.verdict === 'worse').length,
    better: rows.filter((r) => r.change.verdict === 'better').length
  }
}
