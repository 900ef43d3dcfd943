// A recommendation plus the magnitude it is ranked by, and helpers to cite figures.
import { roundSig } from '../business/format'
import type { Figure, Recommendation } from './types'

/** A rule's output: the recommendation and how far past its threshold the finding is (≥ 1 when at or past it). */
export interface Finding {
  recommendation: Recommendation
  magnitude: number
}

/** A numeric figure (rounded to 4 significant digits). */
export function num(label: string, value: number, unit: string | null = null): Figure {
  return { label, value: roundSig(value), unit }
}

/** A date figure ("YYYY-MM-DD", unit "date"). */
export function date(label: string, ms: number): Figure {
  return { label, value: isoDay(ms), unit: 'date' }
}

/** "2026-08-01". */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** A percentage for titles: whole numbers from 10 up, one decimal below ("8 %", "2.5 %"). */
export function pct(value: number): string {
  const v = Math.abs(value) >= 10 ? Math.round(value) : Math.round(value * 10) / 10
  return `${Object.is(v, -0) ? 0 : v} %`
}

/** A delay as people say it: "12 days", "2 months". */
export function spanText(days: number): string {
  if (days >= 60) {
    const months = Math.round(days / 30.44)
    return `${months} months`
  }
  const d = Math.round(days)
  return d === 1 ? '1 day' : `${d} days`
}

/** "1 feature" / "3 features". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
