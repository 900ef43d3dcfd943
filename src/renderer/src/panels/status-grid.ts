// The status-grid's cells from latest values: one per value of the `by` label of the `up`
// series; down when up is 0, degraded when some threshold is crossed (with the reason), else ok.
import type { LatestValue } from '@shared/types'
import { formatLimit, formatterFor } from '../format/unit-text'

export type CellState = 'ok' | 'degraded' | 'down'

export interface Threshold {
  series: string
  name: string
  above?: number
  below?: number
  unit?: string
}

export interface StatusCell {
  /** The label value (e.g. the service name). */
  key: string
  state: CellState
  /** Why it is not ok, e.g. "error rate 12.3 % > 5 %"; empty when ok. */
  reasons: string[]
  /** Newest sample time among the cell's up values. */
  ts: number
}

export const CELL_DISPLAY: Record<CellState, { word: string; shape: string }> = {
  ok: { word: 'OK', shape: '●' },
  degraded: { word: 'Degraded', shape: '▲' },
  down: { word: 'Down', shape: '✕' }
}

/** Reasons a threshold is crossed by the values of one cell (the worst value per threshold). */
function crossings(t: Threshold, values: LatestValue[]): string[] {
  const finite = values.map((v) => v.value).filter(Number.isFinite)
  if (finite.length === 0) return []
  const format = formatterFor(t.unit, t.series)
  const out: string[] = []
  if (t.above !== undefined) {
    const worst = Math.max(...finite)
    if (worst > t.above) out.push(`${t.name} ${format(worst)} > ${formatLimit(t.above, format)}`)
  }
  if (t.below !== undefined) {
    const worst = Math.min(...finite)
    if (worst < t.below) out.push(`${t.name} ${format(worst)} < ${formatLimit(t.below, format)}`)
  }
  return out
}

/**
 * Evaluates the grid. `thresholdValues` maps a threshold's series to its latest values; values
 * without the `by` label, and thresholds of keys the up series does not have, are ignored.
 */
export function evaluateStatusGrid(input: {
  by: string
  up: readonly LatestValue[]
  thresholds: readonly Threshold[]
  thresholdValues: ReadonlyMap<string, readonly LatestValue[]>
}): StatusCell[] {
  const groups = new Map<string, LatestValue[]>()
  for (const v of input.up) {
    const key = v.labels?.[input.by]
    if (key === undefined) continue
    groups.set(key, [...(groups.get(key) ?? []), v])
  }
  return [...groups.keys()].sort().map((key) => {
    const ups = groups.get(key)!
    const ts = Math.max(...ups.map((v) => v.ts))
    const downCount = ups.filter((v) => v.value === 0).length
    if (downCount === ups.length) return { key, state: 'down' as const, reasons: ['up = 0'], ts }
    const reasons: string[] = []
    if (downCount > 0) reasons.push(`${downCount} of ${ups.length} instances down`)
    for (const t of input.thresholds) {
      const values = (input.thresholdValues.get(t.series) ?? []).filter((v) => v.labels?.[input.by] === key)
      reasons.push(...crossings(t, values))
    }
    return { key, state: reasons.length > 0 ? ('degraded' as const) : ('ok' as const), reasons, ts }
  })
}
