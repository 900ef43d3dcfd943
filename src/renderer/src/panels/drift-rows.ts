// The rows and headline of a model-drift panel: per feature the method that decided, its score
// against the threshold in the method's direction (a test's p-value drifts below it, a distance
// at or above it), the verdict as word + shape; drifted features first, the clearest first. Pure.
import type { DatasetDrift, DriftMethod, FeatureDrift } from '@shared/analytics-models'
import type { Tone } from '../features/kpis/kpi-display'

export const METHOD_LABELS: Record<DriftMethod, string> = {
  ks: 'KS test',
  chi2: 'χ² test',
  psi: 'PSI',
  wasserstein: 'Wasserstein',
  jensen_shannon: 'Jensen–Shannon'
}

/** Methods whose score is a p-value (drift below the threshold); the others are distances (drift at or above it). */
const P_VALUE_METHODS: ReadonlySet<string> = new Set(['ks', 'chi2'])

export function isPValueMethod(method: string): boolean {
  return P_VALUE_METHODS.has(method)
}

export interface DriftVerdictDisplay {
  word: string
  shape: string
  tone: Tone
}

export const DRIFT_VERDICTS: Record<'drifted' | 'stable', DriftVerdictDisplay> = {
  drifted: { word: 'Drifted', shape: '▲', tone: 'bad' },
  stable: { word: 'Stable', shape: '✓', tone: 'ok' }
}

export interface DriftRow {
  feature: string
  kind: FeatureDrift['kind']
  method: string
  methodLabel: string
  /** "p-value" or "distance": what the score is. */
  scoreKind: 'p-value' | 'distance'
  score: number
  threshold: number
  /** The score against the threshold in the method's direction, e.g. "0.222 ≥ 0.1", "p 0.031 < 0.05". */
  comparison: string
  drifted: boolean
  verdict: DriftVerdictDisplay
  referenceCount: number
  currentCount: number
}

/** A score to 3 significant digits (p-values can be tiny: "1.2e-7"). */
export function scoreText(value: number): string {
  if (!Number.isFinite(value)) return '—'
  if (value !== 0 && Math.abs(value) < 0.001) return value.toExponential(1)
  return String(Number(value.toPrecision(3)))
}

/** How far past (or short of) its threshold a score is, as a factor (>1: drifted): sorts the clearest first. */
function severity(f: FeatureDrift): number {
  if (isPValueMethod(f.method)) return f.threshold / Math.max(f.score, 1e-300)
  return f.threshold > 0 ? f.score / f.threshold : f.score
}

/** One row per feature: drifted first, then by how far past the threshold, then by name. */
export function driftRows(d: Pick<DatasetDrift, 'features'>): DriftRow[] {
  return [...d.features]
    .sort((a, b) => Number(b.drifted) - Number(a.drifted) || severity(b) - severity(a) || a.feature.localeCompare(b.feature))
    .map((f) => {
      const p = isPValueMethod(f.method)
      const op = p ? (f.drifted ? '<' : '≥') : f.drifted ? '≥' : '<'
      return {
        feature: f.feature,
        kind: f.kind,
        method: f.method,
        methodLabel: METHOD_LABELS[f.method] ?? f.method,
        scoreKind: p ? 'p-value' : 'distance',
        score: f.score,
        threshold: f.threshold,
        comparison: `${p ? 'p ' : ''}${scoreText(f.score)} ${op} ${scoreText(f.threshold)}`,
        drifted: f.drifted,
        verdict: f.drifted ? DRIFT_VERDICTS.drifted : DRIFT_VERDICTS.stable,
        referenceCount: f.referenceCount,
        currentCount: f.currentCount
      }
    })
}

const pct = (share: number) => `${Math.round(share * 100)} %`

/** "3 of 5 features drifted: dataset drift", "1 of 5 features drifted: no dataset drift (from 50 %)". */
export function driftHeadline(d: Pick<DatasetDrift, 'features' | 'driftedCount' | 'drifted' | 'shareThreshold'>): string {
  const n = d.features.length
  if (n === 0) return 'No features to compare'
  const counted = `${d.driftedCount} of ${n} feature${n === 1 ? '' : 's'} drifted`
  return d.drifted ? `${counted}: dataset drift` : `${counted}: no dataset drift (from ${pct(d.shareThreshold)})`
}

/** "Skipped: merchant_id (only in the reference)" for features compared on one side only. */
export function skippedText(d: Pick<DatasetDrift, 'skipped'>): string | null {
  const skipped = d.skipped ?? []
  if (skipped.length === 0) return null
  return `Skipped: ${skipped.map((s) => `${s.feature} (${s.reason})`).join('; ')}`
}
