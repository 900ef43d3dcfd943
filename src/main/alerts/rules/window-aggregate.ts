// Aggregates of a window's samples, defined as PromQL's *_over_time functions define them
// (p95 = quantile_over_time(0.95, …), deriv = deriv(…)), so rules can be checked against Prometheus.
import type { Aggregate } from '@shared/config/alerting-schema'
import type { Point } from '@shared/types'

/** φ-quantile with linear interpolation between closest ranks (PromQL's quantile_over_time). */
export function quantile(values: readonly number[], phi: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const rank = phi * (sorted.length - 1)
  const lower = Math.max(0, Math.floor(rank))
  const upper = Math.min(sorted.length - 1, lower + 1)
  const weight = rank - Math.floor(rank)
  return sorted[lower] * (1 - weight) + sorted[upper] * weight
}

/** The aggregate of a window's points (ascending by time); null when the window is empty. */
export function aggregatePoints(points: readonly Point[], aggregate: Aggregate): number | null {
  if (points.length === 0) return null
  switch (aggregate) {
    case 'count':
      return points.length
    case 'last':
      return points[points.length - 1][1]
    case 'min':
      return points.reduce((m, p) => (p[1] < m || Number.isNaN(m) ? p[1] : m), points[0][1])
    case 'max':
      return points.reduce((m, p) => (p[1] > m || Number.isNaN(m) ? p[1] : m), points[0][1])
    case 'sum':
      return points.reduce((s, p) => s + p[1], 0)
    case 'avg':
      return points.reduce((s, p) => s + p[1], 0) / points.length
    case 'p95':
      return quantile(
        points.map((p) => p[1]),
        0.95
      )
  }
}

/** Least-squares slope per second (PromQL deriv()); null with fewer than two distinct times. */
export function derivPerSecond(points: readonly Point[]): number | null {
  if (points.length < 2) return null
  const t0 = points[0][0]
  let n = 0
  let sx = 0
  let sy = 0
  let sxy = 0
  let sxx = 0
  for (const [t, v] of points) {
    const x = (t - t0) / 1000
    n++
    sx += x
    sy += v
    sxy += x * v
    sxx += x * x
  }
  const varX = sxx - (sx * sx) / n
  if (varX <= 0) return null
  if (points.every((p) => p[1] === points[0][1])) return 0
  return (sxy - (sx * sy) / n) / varX
}

/** (last − first) / seconds between them; null with fewer than two distinct times. */
export function deltaPerSecond(points: readonly Point[]): number | null {
  if (points.length < 2) return null
  const [t1, v1] = points[0]
  const [t2, v2] = points[points.length - 1]
  return t2 > t1 ? (v2 - v1) / ((t2 - t1) / 1000) : null
}

/** The window (from, to] a rule with this look-back reads at `now`. */
export function windowAt(now: number, windowMs: number): { from: number; to: number } {
  return { from: now - windowMs, to: now }
}

/** Points with from < t ≤ to (the window's definition, applied again in case a data source returned more). */
export function inWindow(points: readonly Point[], from: number, to: number): Point[] {
  return points.filter((p) => p[0] > from && p[0] <= to)
}
