// Assembles one KPI's value from its references' data: current value (or a clear error),
// change vs baseline, status and trend. Pure.
import type { KpiConfig } from '@shared/config/schema'
import type { KpiError, KpiValue } from '@shared/kpi'
import { evaluateFormula, formulaRefs, isKpiError, type Formula, type SeriesRef } from '@shared/kpi-formula'
import type { Point } from '@shared/types'
import type { BaselineResult } from './baseline'
import { formatTime } from './format'
import type { RefData } from './reference-reader'
import { kpiStatus } from './status'

export interface ValueWindow {
  from: number
  to: number
  now: number
}

/** Why a reference cannot be evaluated at all: its series does not exist (unknown_series), or null. */
export function refProblem(data: RefData): KpiError | null {
  if (data.series.length > 0) return null
  const { ref } = data
  if (!data.nameKnown) return { kind: 'unknown_series', message: `unknown series "${ref.name}" (no source has written it)` }
  return { kind: 'unknown_series', message: `no "${ref.name}" series has the labels ${ref.key.slice(ref.name.length)}` }
}

/** (value − baseline) / |baseline| × 100 (null when either is missing or the baseline is 0), and whether that is an improvement. */
export function changeVsBaseline(
  value: number | null,
  baseline: number | null,
  direction: KpiConfig['direction']
): { changeVsBaselinePct: number | null; improvedVsBaseline: boolean | null } {
  if (value === null || baseline === null) return { changeVsBaselinePct: null, improvedVsBaseline: null }
  const changeVsBaselinePct = baseline === 0 ? null : ((value - baseline) / Math.abs(baseline)) * 100
  return { changeVsBaselinePct, improvedVsBaseline: direction === 'higher' ? value > baseline : value < baseline }
}

/** The formula per bucket where every reference has a value (buckets where it fails are left out). */
export function kpiTrend(formula: Formula, refs: readonly SeriesRef[], data: ReadonlyMap<string, RefData>): Point[] {
  if (refs.length === 0) return []
  const maps = refs.map((r) => (data.get(r.key) as RefData).trend)
  const out: Point[] = []
  const row = new Map<string, number>()
  for (const bucket of maps[0].keys()) {
    let complete = true
    for (let i = 0; i < refs.length; i++) {
      const v = maps[i].get(bucket)
      if (v === undefined) {
        complete = false
        break
      }
      row.set(refs[i].key, v)
    }
    if (!complete) continue
    const result = evaluateFormula(formula, (ref) => row.get(ref.key))
    if (!isKpiError(result)) out.push([bucket, result])
  }
  return out
}

/** Change from the first to the last trend point, in % of the first (null with fewer than 2 points or a first point of 0). */
export function trendChange(trend: readonly Point[]): number | null {
  if (trend.length < 2) return null
  const first = trend[0][1]
  const last = trend[trend.length - 1][1]
  return first === 0 ? null : ((last - first) / Math.abs(first)) * 100
}

/** The current value of a formula, or the error that stands in for it. */
export function currentValue(
  formula: Formula,
  refs: readonly SeriesRef[],
  data: ReadonlyMap<string, RefData>,
  w: ValueWindow
): { value: number; at: number | null } | { error: KpiError } {
  const unknown = refs.map((r) => refProblem(data.get(r.key) as RefData)).filter((p): p is KpiError => p !== null)
  if (unknown.length > 0) return { error: { kind: 'unknown_series', message: unknown.map((p) => p.message).join('; ') } }
  const missing = refs.filter((r) => (data.get(r.key) as RefData).value === undefined)
  if (missing.length > 0) {
    const names = missing.map((r) => r.key).join(', ')
    return { error: { kind: 'no_data', message: `no data for ${names} between ${formatTime(w.from)} and ${formatTime(w.to)}` } }
  }
  const result = evaluateFormula(formula, (ref) => data.get(ref.key)?.value)
  if (isKpiError(result)) return { error: result }
  const times = refs.map((r) => (data.get(r.key) as RefData).at as number)
  return { value: result, at: times.length > 0 ? Math.min(...times) : null }
}

/** Builds the KpiValue (formula null with parseError: the formula did not parse). */
export function buildKpiValue(
  kpi: KpiConfig,
  parsed: { formula: Formula } | { parseError: string },
  data: ReadonlyMap<string, RefData>,
  baseline: BaselineResult,
  w: ValueWindow
): KpiValue {
  let value: number | null = null
  let at: number | null = null
  let error: KpiError | null = null
  let trend: Point[] = []
  let series: string[] = []
  if ('parseError' in parsed) {
    error = { kind: 'invalid_formula', message: parsed.parseError }
  } else {
    const refs = formulaRefs(parsed.formula)
    series = [...new Set(refs.map((r) => r.name))]
    const current = currentValue(parsed.formula, refs, data, w)
    if ('error' in current) error = current.error
    else ({ value, at } = current)
    trend = kpiTrend(parsed.formula, refs, data)
  }
  const unit = kpi.unit ?? null
  const target = kpi.target ?? null
  const normalRange = kpi.normal_range ?? null
  const status = kpiStatus({ value, error, target, normalRange, direction: kpi.direction, atRiskMargin: kpi.at_risk_margin, unit })
  return {
    id: kpi.id,
    name: kpi.name,
    unit,
    dimension: kpi.dimension,
    owner: kpi.owner ?? null,
    direction: kpi.direction,
    description: kpi.description ?? null,
    formula: kpi.formula,
    series,
    value,
    at,
    error,
    ...baseline,
    ...changeVsBaseline(value, baseline.baseline, kpi.direction),
    target,
    normalRange,
    atRiskMargin: kpi.at_risk_margin,
    status: status.status,
    statusReason: status.reason,
    trend,
    trendChangePct: trendChange(trend)
  }
}
