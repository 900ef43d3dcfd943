// Turns the detector's numbers into an AnomalyVerdict with a sentence for people.
import type { AnomalyVerdict } from './types'

export interface VerdictParts {
  score: number
  likelihood: number
  expected: { low: number; high: number } | null
  value: number
  /** Standardised residual (value − forecast) / σ. */
  z: number
  since: number | null
  warmupLeft: number
  rangeSigma: number
}

/** Builds the verdict; `deviation` is how far beyond the expected range, in σ. */
export function describeVerdict(p: VerdictParts): AnomalyVerdict {
  const deviation = p.expected ? Math.max(0, Math.abs(p.z) - p.rangeSigma) : 0
  return { score: p.score, likelihood: p.likelihood, expected: p.expected, deviation, since: p.since, explanation: sentence(p, deviation) }
}

function sentence(p: VerdictParts, deviation: number): string {
  if (p.warmupLeft > 0 || !p.expected) return `learning the series (${p.warmupLeft} more samples before scoring), got ${fmt(p.value)}`
  const range = `expected ${fmt(p.expected.low)}–${fmt(p.expected.high)}, got ${fmt(p.value)}`
  const where = deviation > 0 ? ` (${deviation.toFixed(1)}σ ${p.z > 0 ? 'above' : 'below'} the range)` : ' (inside the range)'
  const since = p.since !== null ? `; anomalous since ${new Date(p.since).toISOString()}` : ''
  return `${range}${where}, anomaly likelihood ${p.likelihood.toFixed(2)}${since}`
}

function fmt(v: number): string {
  const a = Math.abs(v)
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toPrecision(4)
  return Number(v.toPrecision(4)).toString()
}
