// Windowed quality metrics of a binary classifier, matching scikit-learn's definitions
// (positive class 1). Undefined ratios are null rather than sklearn's zero_division = 0.
import { calibrationBins, DEFAULT_CALIBRATION_BINS, expectedCalibrationError } from './stats/calibration'
import { brierScore, logLoss } from './stats/probability-scores'
import { rocAuc } from './stats/roc-auc'
import type { ClassificationMetrics, ClassificationMetricsFn } from './types'

type MetricRecord = Parameters<ClassificationMetricsFn>[0][number]

/** Ratio or null when the denominator is 0 (sklearn would warn and return 0). */
const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den)

function checkRecord(r: MetricRecord, i: number): void {
  if (r.label !== null && r.label !== 0 && r.label !== 1) throw new Error(`classificationMetrics: records[${i}].label is ${String(r.label)}, expected 0, 1 or null`)
  if (r.prediction !== 0 && r.prediction !== 1) throw new Error(`classificationMetrics: records[${i}].prediction is ${String(r.prediction)}, expected 0 or 1`)
  if (r.score !== null && !(typeof r.score === 'number' && r.score >= 0 && r.score <= 1)) throw new Error(`classificationMetrics: records[${i}].score is ${String(r.score)}, expected a probability in [0, 1] or null`)
}

/**
 * Accuracy, precision, recall and F1 over records with a label; ROC AUC, log loss, Brier
 * score and calibration over records with both a label and a score (null when there are
 * none). Records whose label is null (not known yet) are ignored.
 */
export const classificationMetrics: ClassificationMetricsFn = (records, options) => {
  const bins = options?.bins ?? DEFAULT_CALIBRATION_BINS
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`classificationMetrics: bins must be a positive integer, got ${String(bins)}`)
  let tp = 0
  let fp = 0
  let fn = 0
  let tn = 0
  const scoredLabels: number[] = []
  const scores: number[] = []
  records.forEach((r, i) => {
    checkRecord(r, i)
    if (r.label === null) return
    if (r.prediction === 1) r.label === 1 ? tp++ : fp++
    else r.label === 1 ? fn++ : tn++
    if (r.score !== null) {
      scoredLabels.push(r.label)
      scores.push(r.score)
    }
  })
  const count = tp + fp + fn + tn
  const calibration = calibrationBins(scoredLabels, scores, bins)
  const metrics: ClassificationMetrics = {
    count,
    accuracy: ratio(tp + tn, count),
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    // 2TP/(2TP+FP+FN) = harmonic mean of precision and recall; 0 when TP = 0 but either is defined.
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    rocAuc: rocAuc(scoredLabels, scores),
    logLoss: logLoss(scoredLabels, scores),
    brier: brierScore(scoredLabels, scores),
    ece: expectedCalibrationError(calibration),
    calibration,
    scoredCount: scores.length
  }
  return metrics
}
