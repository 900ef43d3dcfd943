// KPI status against its target or normal range. Pure.
//
// The rules (the README's "KPI status" section):
// - No value (the formula failed) → unknown.
// - With a target, "higher is better": on_track when value ≥ target; at_risk when
//   value ≥ target − margin·|target|; otherwise off_track. "Lower is better" mirrors it:
//   on_track when value ≤ target; at_risk when value ≤ target + margin·|target|; else off_track.
//   (With a target of 0 the at-risk band is empty.)
// - Without a target but with a normal range [lo, hi]: on_track when lo ≤ value ≤ hi; at_risk when
//   the value is outside by at most margin·(hi − lo); otherwise off_track. Direction plays no part.
// - Neither → no_target.
// margin is the KPI's at_risk_margin (default 0.1, i.e. 10 %).
import type { KpiDirection, KpiError, KpiStatus } from '@shared/kpi'
import { formatFraction, formatNumber, formatQuantity } from './format'

export interface StatusInput {
  value: number | null
  error?: KpiError | null
  target: number | null
  normalRange: [number, number] | null
  direction: KpiDirection
  atRiskMargin: number
  unit: string | null
}

export interface StatusResult {
  status: KpiStatus
  /** One sentence with the numbers used. */
  reason: string
}

/** Status of a KPI value and the sentence explaining it. */
export function kpiStatus(input: StatusInput): StatusResult {
  const { value, target, normalRange } = input
  if (value === null) {
    return { status: 'unknown', reason: input.error ? `no value: ${input.error.message}` : 'no value' }
  }
  if (target !== null) return targetStatus(value, target, input)
  if (normalRange !== null) return rangeStatus(value, normalRange, input)
  return { status: 'no_target', reason: `${formatQuantity(value, input.unit)}: no target or normal range is set` }
}

function targetStatus(value: number, target: number, { direction, atRiskMargin, unit }: StatusInput): StatusResult {
  const head = `${formatQuantity(value, unit)} vs target ${formatQuantity(target, unit)}`
  const gap = direction === 'higher' ? target - value : value - target
  if (gap <= 0) return { status: 'on_track', reason: `${head}: on track` }
  const allowed = atRiskMargin * Math.abs(target)
  const side = direction === 'higher' ? 'below' : 'above'
  const margin = `the at-risk margin of ${formatNumber(allowed)} (${formatFraction(atRiskMargin)} of the target)`
  if (gap <= allowed) return { status: 'at_risk', reason: `${head}: ${formatNumber(gap)} ${side} target, within ${margin}: at risk` }
  return { status: 'off_track', reason: `${head}: ${formatNumber(gap)} ${side} target, more than ${margin}: off track` }
}

function rangeStatus(value: number, [lo, hi]: [number, number], { atRiskMargin, unit }: StatusInput): StatusResult {
  const range = `the normal range ${formatNumber(lo)}–${formatQuantity(hi, unit)}`
  const v = formatQuantity(value, unit)
  if (value >= lo && value <= hi) return { status: 'on_track', reason: `${v} is inside ${range}: on track` }
  const allowed = atRiskMargin * (hi - lo)
  const side = value > hi ? 'above' : 'below'
  const by = value > hi ? value - hi : lo - value
  const of = `(${formatFraction(atRiskMargin)} of the range)`
  if (by <= allowed) {
    return { status: 'at_risk', reason: `${v} is ${side} ${range} by ${formatNumber(by)}, within ${formatNumber(allowed)} ${of}: at risk` }
  }
  return { status: 'off_track', reason: `${v} is ${side} ${range} by more than ${formatNumber(allowed)} ${of}: off track` }
}
