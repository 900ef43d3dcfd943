// Generated threshold/rate rule scenarios for the differential test against Prometheus: a Vigil
// rule, the equivalent PromQL alerting rule, and the series both see.
import { alertRuleSchema, type AlertRuleConfig } from '@shared/config/alerting-schema'
import { formatDuration } from '@shared/duration'
import type { Labels, Point } from '@shared/types'
import { aggregatePoints, derivPerSecond } from '../../src/main/alerts/rules'
import type { Random } from './seeded-random'

export interface ScenarioSeries {
  labels: Labels
  /** One value per series interval from t = 0; null = no sample at that time. */
  values: (number | null)[]
}

export interface Scenario {
  /** Alert name and test group name, e.g. "S07". */
  name: string
  metric: string
  seriesIntervalMs: number
  series: ScenarioSeries[]
  rule: AlertRuleConfig
  /** The PromQL expression Prometheus evaluates for the same rule. */
  expr: string
}

const EXACT = ['min', 'max', 'last', 'count'] as const
const AGGREGATES = ['avg', 'min', 'max', 'last', 'sum', 'count', 'p95'] as const
type Agg = (typeof AGGREGATES)[number]
const KINDS = [...AGGREGATES, 'rate'] as const

/**
 * PromQL for "aggregate of the samples in (t − w, t]". Prometheus 2.x range selectors are closed,
 * [t − w, t]; with integer-millisecond timestamps, [t − (w − 1ms), t] is exactly (t − w, t] —
 * which is what Prometheus 3 evaluates for [w] and what Vigil implements.
 */
function overTime(agg: Agg, metric: string, windowMs: number): string {
  const range = `${metric}[${windowMs - 1}ms]`
  if (agg === 'p95') return `quantile_over_time(0.95, ${range})`
  return `${agg}_over_time(${range})`
}

/** Sample points of a series with from < t ≤ to. */
export function pointsIn(s: ScenarioSeries, intervalMs: number, from: number, to: number): Point[] {
  const out: Point[] = []
  s.values.forEach((v, i) => {
    const t = i * intervalMs
    if (v !== null && t > from && t <= to) out.push([t, v])
  })
  return out
}

function randomSeries(rng: Random, count: number, n: number): ScenarioSeries[] {
  const base = rng.pick([10, 1000, 250_000, 0.5])
  const decimals = rng.pick([0, 1, 3])
  return Array.from({ length: n }, (_, k) => {
    let level = base * (0.5 + rng.next())
    let gap = 0
    const values = Array.from({ length: count }, () => {
      level += base * 0.15 * (rng.next() - 0.5) + (rng.chance(0.05) ? base * (rng.next() - 0.5) : 0)
      if (gap > 0) {
        gap--
        return null
      }
      if (rng.chance(0.03)) gap = rng.int(2, 6)
      if (rng.chance(0.08)) return null
      // + 0 turns -0 into 0: the series file would print -0 as "0".
      return Number(level.toFixed(decimals)) + 0
    })
    return { labels: { instance: `i${k}` }, values }
  })
}

/** A threshold near the middle of the values; for inexact aggregates, half-way between two so float rounding cannot decide a comparison. */
function pickThreshold(rng: Random, values: number[], exact: boolean): number {
  const sorted = [...new Set(values)].sort((a, b) => a - b)
  const i = Math.min(sorted.length - 1, Math.floor(sorted.length * (0.25 + rng.next() * 0.5)))
  if (exact) return sorted[i]
  if (sorted.length === 1) return sorted[0] + 0.5
  const j = Math.max(1, i)
  return (sorted[j - 1] + sorted[j]) / 2
}

/** One scenario; evaluation times are multiples of evalIntervalMs up to durationMs. */
export function generateScenario(rng: Random, index: number, evalIntervalMs: number, durationMs: number): Scenario {
  const name = `S${String(index).padStart(2, '0')}`
  const metric = `vigil_diff_${index}`
  const seriesIntervalMs = rng.pick([60_000, 60_000, 60_000, 30_000])
  const series = randomSeries(rng, durationMs / seriesIntervalMs + 1, rng.int(1, 3))
  const windowMs = rng.pick([60_000, 90_000, 120_000, 180_000, 300_000])
  // Kinds in rotation, so every aggregate and the rate rule get several scenarios.
  const kind = KINDS[index % KINDS.length]
  const isRate = kind === 'rate'
  const agg: Agg = isRate ? 'last' : kind
  const per = rng.pick(['second', 'minute'] as const)
  const exact = !isRate && (EXACT as readonly string[]).includes(agg)

  const values: number[] = []
  for (let t = 0; t <= durationMs; t += evalIntervalMs) {
    for (const s of series) {
      const pts = pointsIn(s, seriesIntervalMs, t - windowMs, t)
      const v = isRate ? derivPerSecond(pts) : aggregatePoints(pts, agg)
      if (v !== null) values.push(isRate && per === 'minute' ? v * 60 : v)
    }
  }
  if (values.length === 0) values.push(0)
  const threshold = pickThreshold(rng, values, exact)
  const op = exact && rng.chance(0.2) ? rng.pick(['==', '!='] as const) : rng.pick(['>', '<', '>=', '<='] as const)
  const forMs = rng.pick(evalIntervalMs === 30_000 ? [0, 60_000, 90_000, 180_000] : [0, 60_000, 180_000])
  const keepMs = rng.pick([0, 0, 120_000])
  // humanize is compared only on sample values themselves (exactly the same double in both).
  const summary = exact && agg !== 'count' ? '{{ $labels.instance }} at {{ humanize $value }}' : '{{ $labels.instance }} crossed'

  const common = {
    name,
    series: metric,
    window: formatDuration(windowMs),
    condition: `${op} ${threshold}`,
    for: formatDuration(forMs),
    keep_firing_for: formatDuration(keepMs),
    severity: rng.pick(['critical', 'warning', 'info'] as const),
    annotations: { summary }
  }
  const rule = alertRuleSchema.parse(isRate ? { ...common, kind: 'rate', per, method: 'deriv' } : { ...common, aggregate: agg })
  const signal = isRate ? `deriv(${metric}[${windowMs - 1}ms])${per === 'minute' ? ' * 60' : ''}` : overTime(agg, metric, windowMs)
  return { name, metric, seriesIntervalMs, series, rule, expr: `${signal} ${op} ${threshold}` }
}
