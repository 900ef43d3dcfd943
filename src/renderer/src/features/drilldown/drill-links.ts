// Drill-down addressing and the arithmetic behind its chart and raw table: which target a
// clicked tile opens, the hash of each resolution link, the bucket width of each resolution,
// and the short windows the raw table reads.
import type { Labels, Point, QueryResult } from '@shared/types'
import type { TimeWindow } from '../../clock/time-window'
import { buildHash, DRILL_STEPS, type DrillStep, type DrillTarget, type HashState } from '../../routing/hash-state'

/** What a panel reports when it is clicked (see onDrillDown in the views). */
export interface DrillRequest {
  series: string
  labels?: Labels
  kpi?: string
}

/** Most buckets the engine answers in one query (src/main/engine/pick-step.ts MAX_BUCKETS). */
export const MAX_QUERY_BUCKETS = 20_000
/** Rows of the raw-data table. */
export const RAW_ROWS = 50
/** Bucket width of the raw table: one second, so each row is one sample (or one second's last). */
export const RAW_STEP_S = 1
/** Raw windows tried in turn until one holds RAW_ROWS samples (the last stays under MAX_QUERY_BUCKETS at 1 s). */
export const RAW_SPANS_MS = [3_600_000, 5 * 3_600_000] as const

export const DRILL_STEP_LABELS: Record<DrillStep, string> = { auto: 'Auto', '1m': '1 min', '1h': '1 hour' }

/** The drill-down target of a click (fresh resolution: auto). */
export function drillTargetOf(request: DrillRequest): DrillTarget {
  const labels = request.labels && Object.keys(request.labels).length > 0 ? { ...request.labels } : null
  return { series: request.series, labels, kpi: request.kpi ?? null, step: 'auto' }
}

/** The hash that opens `target` over the current view and range. */
export function drillHash(state: HashState, target: DrillTarget): string {
  return buildHash({ ...state, drill: target })
}

/** Bucket width (seconds) of a resolution over a window: the window's own, or the roll-up's. */
export function drillStepSeconds(step: DrillStep, window: TimeWindow): number {
  if (step === '1m') return 60
  if (step === '1h') return 3600
  return window.step
}

/** True when the engine can answer the window at that resolution (not too many buckets). */
export function drillStepAvailable(step: DrillStep, window: TimeWindow): boolean {
  return (window.to - window.from) / (drillStepSeconds(step, window) * 1000) <= MAX_QUERY_BUCKETS
}

/** The resolution links of the drill-down: each one's hash and whether the range allows it. */
export function drillStepLinks(state: HashState, window: TimeWindow): { step: DrillStep; label: string; href: string; available: boolean; current: boolean }[] {
  const drill = state.drill
  if (!drill) return []
  return DRILL_STEPS.map((step) => ({
    step,
    label: DRILL_STEP_LABELS[step],
    href: buildHash({ ...state, drill: { ...drill, step } }),
    available: drillStepAvailable(step, window),
    current: drill.step === step
  }))
}

/** The short windows (ending at `end`) the raw table reads, narrowest first. */
export function rawWindows(end: number): TimeWindow[] {
  return RAW_SPANS_MS.map((span) => ({ from: end - span, to: end, step: RAW_STEP_S }))
}

/** The last RAW_ROWS points, newest first. */
export function newestRows(points: readonly Point[], rows = RAW_ROWS): Point[] {
  return points.slice(-rows).reverse()
}

/** How the answering storage tier is described. */
export function tierLabel(tier: QueryResult['tier']): string {
  switch (tier) {
    case 'raw':
      return 'raw samples'
    case '1m':
      return '1-minute roll-up'
    case '1h':
      return '1-hour roll-up'
    case 'mixed':
      return 'mixed (raw and roll-ups)'
    default:
      return 'unknown'
  }
}

export interface BandRow {
  ts: number
  avg: number | null
  min: number | null
  max: number | null
}

/** Joins the avg, min and max answers by bucket time (a bucket missing from one answer is null there). */
export function bandRows(avg: readonly Point[], min: readonly Point[], max: readonly Point[]): BandRow[] {
  const rows = new Map<number, BandRow>()
  const row = (ts: number) => {
    let r = rows.get(ts)
    if (!r) rows.set(ts, (r = { ts, avg: null, min: null, max: null }))
    return r
  }
  for (const [ts, v] of avg) row(ts).avg = v
  for (const [ts, v] of min) row(ts).min = v
  for (const [ts, v] of max) row(ts).max = v
  return [...rows.values()].sort((a, b) => a.ts - b.ts)
}
