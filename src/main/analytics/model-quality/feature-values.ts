// Splits row records into per-feature samples, validating types on the way.
import type { SkippedFeature } from './types'
import type { FeatureKind } from './drift-defaults'

type Row = Readonly<Record<string, number | string>>

export type FeatureSample =
  | { feature: string; kind: 'numeric'; reference: number[]; current: number[] }
  | { feature: string; kind: 'categorical'; reference: string[]; current: string[] }

/** Values of one feature on one side; null/undefined count as missing, non-finite numbers and other types throw. */
function column(rows: readonly Row[], feature: string, side: string): (number | string)[] {
  const out: (number | string)[] = []
  rows.forEach((row, i) => {
    const v = (row as Record<string, unknown>)[feature]
    if (v === undefined || v === null) return
    if (typeof v === 'string') out.push(v)
    else if (typeof v === 'number' && Number.isFinite(v)) out.push(v)
    else throw new Error(`datasetDrift: ${side}[${i}].${feature} is ${typeof v === 'number' ? String(v) : typeof v}, expected a finite number or a string`)
  })
  return out
}

/** Feature names in order of first appearance, reference rows first. */
function featureNames(reference: readonly Row[], current: readonly Row[]): string[] {
  const names = new Set<string>()
  for (const [side, rows] of [['reference', reference], ['current', current]] as const) {
    rows.forEach((row, i) => {
      if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error(`datasetDrift: ${side}[${i}] is ${row === null ? 'null' : typeof row}, expected an object of feature values`)
      for (const k of Object.keys(row)) names.add(k)
    })
  }
  return [...names]
}

/**
 * Per-feature samples of both windows. A feature is categorical when any of its values on
 * either side is a string (its numbers are then compared as text, e.g. 3 → "3"). A feature
 * with no value on one side is returned in `skipped` instead.
 */
export function featureSamples(reference: readonly Row[], current: readonly Row[]): { samples: FeatureSample[]; skipped: SkippedFeature[] } {
  const samples: FeatureSample[] = []
  const skipped: SkippedFeature[] = []
  for (const feature of featureNames(reference, current)) {
    const ref = column(reference, feature, 'reference')
    const cur = column(current, feature, 'current')
    if (ref.length === 0 || cur.length === 0) {
      const where = ref.length === 0 && cur.length === 0 ? 'both windows' : ref.length === 0 ? 'the reference window' : 'the current window'
      skipped.push({ feature, reason: `no values in ${where}` })
      continue
    }
    const kind: FeatureKind = ref.some(v => typeof v === 'string') || cur.some(v => typeof v === 'string') ? 'categorical' : 'numeric'
    if (kind === 'numeric') samples.push({ feature, kind, reference: ref as number[], current: cur as number[] })
    else samples.push({ feature, kind, reference: ref.map(String), current: cur.map(String) })
  }
  return { samples, skipped }
}
