// How KPI values, statuses and changes are shown: always a word and a shape as well as a
// colour (the tone), so nothing depends on colour vision.
import type { KpiStatus, KpiValue } from '@shared/kpi'
import { formatterFor, type ValueFormatter } from '../../format/unit-text'

/** Colour role of a status or change; CSS maps each to a theme variable. */
export type Tone = 'ok' | 'warn' | 'bad' | 'neutral' | 'muted'

export const STATUS_DISPLAY: Record<KpiStatus, { word: string; shape: string; tone: Tone }> = {
  on_track: { word: 'On track', shape: '✓', tone: 'ok' },
  at_risk: { word: 'At risk', shape: '▲', tone: 'warn' },
  off_track: { word: 'Off track', shape: '✕', tone: 'bad' },
  no_target: { word: 'No target', shape: '–', tone: 'neutral' },
  unknown: { word: 'Unknown', shape: '?', tone: 'muted' }
}

/** The display of a status, tolerating a value this build does not know. */
export function statusDisplay(status: string): { word: string; shape: string; tone: Tone } {
  return STATUS_DISPLAY[status as KpiStatus] ?? STATUS_DISPLAY.unknown
}

export interface ChangeDisplay {
  /** ↑ up, ↓ down, → no change, "" no baseline. */
  arrow: '↑' | '↓' | '→' | ''
  /** Signed percentage, e.g. "+12.3 %", or "no baseline". */
  text: string
  /** better / worse given the KPI's direction; neutral when unchanged or unknown. */
  verdict: 'better' | 'worse' | 'unchanged' | 'unknown'
  tone: Tone
}

const pctFormat = (abs: number) =>
  abs >= 100
    ? Math.round(abs).toLocaleString('en-US')
    : abs.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })

/**
 * A change in % with its arrow (the arrow shows the direction of the value, the verdict and
 * tone whether that is an improvement, e.g. cost ↓ is "better").
 */
export function describeChange(changePct: number | null, improved: boolean | null): ChangeDisplay {
  if (changePct === null || !Number.isFinite(changePct)) return { arrow: '', text: 'no baseline', verdict: 'unknown', tone: 'muted' }
  const abs = Math.abs(changePct)
  if (abs < 0.05) return { arrow: '→', text: '0.0 %', verdict: 'unchanged', tone: 'neutral' }
  const sign = changePct > 0 ? '+' : '-'
  const arrow = changePct > 0 ? '↑' : '↓'
  const verdict = improved === null ? 'unknown' : improved ? 'better' : 'worse'
  const tone: Tone = improved === null ? 'neutral' : improved ? 'ok' : 'bad'
  return { arrow, text: `${sign}${pctFormat(abs)} %`, verdict, tone }
}

/** The formatter for a KPI's values (its configured unit; a plain number without one). */
export function kpiFormatter(kpi: Pick<KpiValue, 'unit'>): ValueFormatter {
  return formatterFor(kpi.unit)
}

/** The KPI's value with its unit, or the reason it has none (never "NaN"). */
export function kpiValueText(kpi: Pick<KpiValue, 'value' | 'unit' | 'error'>): { text: string; error: string | null } {
  if (kpi.error) return { text: '—', error: kpi.error.message }
  if (kpi.value === null || !Number.isFinite(kpi.value)) return { text: '—', error: 'No value' }
  return { text: kpiFormatter(kpi)(kpi.value), error: null }
}
