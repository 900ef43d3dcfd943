// Proper scoring rules of predicted probabilities against binary labels.

/** Probabilities are clipped to [ε, 1 − ε] with ε = float64 machine epsilon, as sklearn's log_loss(eps='auto'). */
export const LOG_LOSS_EPSILON = Number.EPSILON

/** Mean negative log-likelihood of the labels (sklearn.metrics.log_loss); null for no records. */
export function logLoss(labels: readonly number[], probabilities: readonly number[]): number | null {
  if (labels.length !== probabilities.length) throw new Error(`logLoss: ${labels.length} labels vs ${probabilities.length} probabilities`)
  if (labels.length === 0) return null
  let sum = 0
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, probabilities[i]))
    // sklearn renormalises the pair (1 − p, p); their sum differs from 1 by at most an ulp.
    const pair = 1 - p + p
    sum -= Math.log((labels[i] === 1 ? p : 1 - p) / pair)
  }
  return sum / labels.length
}

/** Mean squared difference between probability and label (sklearn.metrics.brier_score_loss); null for no records. */
export function brierScore(labels: readonly number[], probabilities: readonly number[]): number | null {
  if (labels.length !== probabilities.length) throw new Error(`brierScore: ${labels.length} labels vs ${probabilities.length} probabilities`)
  if (labels.length === 0) return null
  let sum = 0
  for (let i = 0; i < labels.length; i++) sum += (labels[i] - probabilities[i]) ** 2
  return sum / labels.length
}
