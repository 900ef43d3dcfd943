// The words of the business forecasts: the adoption curve's headline ("plateau 80.1 % (R² 0.999);
// 95 % of it reached on 2026-10-24") or why there is no curve, the savings total over the horizon
// with its ranges, and one row per capacity forecast (status as word + shape, days left, the
// earliest date any band reaches capacity). Dates are local calendar days, as elsewhere. Pure.
import type { AdoptionCurve, CapacityItem, DateRange, SavingsForecast, ValueRange } from '@shared/analytics-business'
import type { Tone } from '../features/kpis/kpi-display'
import { formatValue } from '../format/number-format'
import type { ValueFormatter } from '../format/unit-text'
import { isoDay } from './forecast-text'

const percent: ValueFormatter = (v) => formatValue(v, 'percent')

export type AdoptionStatus = AdoptionCurve['status']

export interface BusinessHeadline {
  status: string
  text: string
}

/** The adoption curve in one sentence: plateau, fit and when the plateau is (or was) reached; or why there is no curve. */
export function adoptionHeadline(curve: AdoptionCurve): BusinessHeadline {
  if (curve.status !== 'fitted') {
    const why = curve.status === 'insufficient_data' ? 'Not enough adoption data for a curve yet' : 'Adoption does not follow an S-curve'
    return { status: curve.status, text: `${why}: ${curve.reason}` }
  }
  const reach = curve.plateauReach
  const share = `${Math.round(reach.fraction * 100)} % of it`
  const when = reach.reached ? `${share} reached on ${isoDay(reach.date)}` : `${share} projected on ${isoDay(reach.date)}`
  const provisional = curve.plateauIdentified ? '' : ' (not yet determined by the data)'
  return { status: 'fitted', text: `plateau ${percent(curve.plateau.value)}${provisional} (R² ${curve.r2.toFixed(3)}); ${when}` }
}

/** "80 %: 79.7 % – 80.3 %" for each range level, lowest level first. */
export function valueRangesText(ranges: readonly ValueRange[], format: ValueFormatter): string {
  return [...ranges]
    .sort((a, b) => a.level - b.level)
    .map((r) => `${r.level} %: ${format(r.lower)} – ${format(r.upper)}`)
    .join(', ')
}

/** "80 %: 2026-10-22 – 2026-10-25" for each date-range level (open ends said in words). */
export function dateRangesText(ranges: readonly DateRange[]): string {
  return [...ranges]
    .sort((a, b) => a.level - b.level)
    .map((r) => `${r.level} %: ${r.earliest === null ? 'after the horizon' : isoDay(r.earliest)} – ${r.latest === null ? 'after the horizon' : isoDay(r.latest)}`)
    .join(', ')
}

/** The adoption panel's note: where adoption is now, the target, and the plateau's range. */
export function adoptionNote(curve: AdoptionCurve, targetPercent: number | null): string {
  const target = targetPercent === null ? [] : [`target ${percent(targetPercent)}`]
  if (curve.status !== 'fitted') return [`${curve.points} days of data`, ...target].join(' · ')
  const plateau = curve.plateau.ranges.length > 0 ? [`plateau ${valueRangesText(curve.plateau.ranges, percent)}`] : []
  return [`now ${percent(curve.current)}`, ...target, ...plateau, ...curve.warnings].join(' · ')
}

/** "+$193.1K by 2027-05-31 (80 %: $145.3K – $2.5M, 95 %: $130.4K – $27.9B)". */
export function savingsHeadline(s: Pick<SavingsForecast, 'total' | 'horizonEnd'>, format: ValueFormatter): string {
  const sign = s.total.mean >= 0 ? '+' : ''
  const ranges = s.total.ranges.length > 0 ? ` (${valueRangesText(s.total.ranges, format)})` : ''
  return `${sign}${format(s.total.mean)} by ${isoDay(s.horizonEnd)}${ranges}`
}

export interface CapacityStatusDisplay {
  word: string
  shape: string
  tone: Tone
}

export const CAPACITY_STATUS: Record<string, CapacityStatusDisplay> = {
  exceeded: { word: 'Exceeded', shape: '✕', tone: 'bad' },
  projected: { word: 'Runs out', shape: '▲', tone: 'warn' },
  not_within_horizon: { word: 'Enough', shape: '✓', tone: 'ok' },
  error: { word: 'No forecast', shape: '?', tone: 'muted' }
}

export interface CapacityRow {
  key: string
  resource: string
  kind: CapacityItem['kind']
  status: 'exceeded' | 'projected' | 'not_within_horizon' | 'error'
  display: CapacityStatusDisplay
  /** The engine's sentence (or the error). */
  summary: string
  /** "now" when exceeded, "9 d" when projected, "—" otherwise. */
  daysLeft: string
  daysFromNow: number | null
  /** The earliest date any band reaches capacity (exceeded: since when), or null. */
  earliest: number | null
  error: string | null
}

const ORDER: Record<CapacityRow['status'], number> = { exceeded: 0, projected: 1, error: 2, not_within_horizon: 3 }

/** One row per capacity item: exceeded first, then the soonest to run out, then failures, then the rest. */
export function capacityRows(items: readonly CapacityItem[]): CapacityRow[] {
  const rows = items.map((item, i): CapacityRow & { i: number } => {
    const key = `${item.resource}#${i}`
    const r = item.result
    if (!r) {
      return { i, key, resource: item.resource, kind: item.kind, status: 'error', display: CAPACITY_STATUS.error, summary: item.error ?? 'no forecast', daysLeft: '—', daysFromNow: null, earliest: null, error: item.error ?? 'no forecast' }
    }
    const earliestBand = r.ranges.map((x) => x.earliest).filter((t): t is number => t !== null)
    const earliest = r.status === 'exceeded' ? r.date : earliestBand.length > 0 ? Math.min(...earliestBand) : null
    const daysLeft = r.status === 'exceeded' ? 'now' : r.status === 'projected' && r.daysFromNow !== null ? `${Math.max(0, Math.floor(r.daysFromNow))} d` : '—'
    return { i, key, resource: item.resource, kind: item.kind, status: r.status, display: CAPACITY_STATUS[r.status] ?? CAPACITY_STATUS.error, summary: r.summary, daysLeft, daysFromNow: r.daysFromNow, earliest, error: null }
  })
  return rows
    .sort((a, b) => ORDER[a.status] - ORDER[b.status] || (a.daysFromNow ?? Infinity) - (b.daysFromNow ?? Infinity) || a.i - b.i)
    .map(({ i: _i, ...row }) => row)
}
