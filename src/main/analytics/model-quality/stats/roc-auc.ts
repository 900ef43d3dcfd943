// Area under the ROC curve as the Mann–Whitney probability P(score_pos > score_neg), ties
// counting one half: the same number sklearn's roc_auc_score gets from the trapezoidal
// rule over its ROC curve (tied scores form one diagonal segment).

/** ROC AUC of binary labels (1 = positive) against scores; null when only one class is present. */
export function rocAuc(labels: readonly number[], scores: readonly number[]): number | null {
  if (labels.length !== scores.length) throw new Error(`rocAuc: ${labels.length} labels vs ${scores.length} scores`)
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b])
  let positives = 0
  let positiveRankSum = 0
  // Average 1-based ranks over runs of equal scores.
  for (let start = 0; start < order.length; ) {
    let end = start
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++
    const averageRank = (start + end) / 2 + 1
    for (let k = start; k <= end; k++) {
      if (labels[order[k]] === 1) {
        positives++
        positiveRankSum += averageRank
      }
    }
    start = end + 1
  }
  const negatives = labels.length - positives
  if (positives === 0 || negatives === 0) return null
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
}
