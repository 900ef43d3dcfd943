// Reliability diagram on equal-width probability bins (sklearn.calibration.calibration_curve,
// strategy='uniform') and the expected calibration error over the same bins.
import type { CalibrationBin } from '../types'

export const DEFAULT_CALIBRATION_BINS = 10

/**
 * Non-empty bins of [0, 1] split into `bins` equal parts: the first is [0, 1/bins], the others
 * (k/bins, (k+1)/bins], as sklearn assigns them (edges are k·(1/bins), like np.linspace).
 */
export function calibrationBins(labels: readonly number[], probabilities: readonly number[], bins: number = DEFAULT_CALIBRATION_BINS): CalibrationBin[] {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`calibrationBins: bins must be a positive integer, got ${bins}`)
  if (labels.length !== probabilities.length) throw new Error(`calibrationBins: ${labels.length} labels vs ${probabilities.length} probabilities`)
  const step = 1 / bins
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? 1 : i * step))
  const count = new Array<number>(bins).fill(0)
  const sumPredicted = new Array<number>(bins).fill(0)
  const positives = new Array<number>(bins).fill(0)
  for (let i = 0; i < labels.length; i++) {
    const p = probabilities[i]
    // Number of interior edges strictly below p.
    let b = 0
    while (b < bins - 1 && edges[b + 1] < p) b++
    count[b]++
    sumPredicted[b] += p
    positives[b] += labels[i]
  }
  const out: CalibrationBin[] = []
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue
    out.push({ from: edges[b], to: edges[b + 1], count: count[b], meanPredicted: sumPredicted[b] / count[b], fractionPositive: positives[b] / count[b] })
  }
  return out
}

/** Σ (bin count / N)·|fraction positive − mean predicted| over calibration bins; null for no records. */
export function expectedCalibrationError(bins: readonly CalibrationBin[]): number | null {
  const total = bins.reduce((s, b) => s + b.count, 0)
  if (total === 0) return null
  let ece = 0
  for (const b of bins) ece += (b.count / total) * Math.abs(b.fractionPositive - b.meanPredicted)
  return ece
}
