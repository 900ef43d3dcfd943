// Classification metrics against scikit-learn on the checked-in vectors, plus the null rules.
import { describe, expect, it } from 'vitest'
import { classificationMetrics } from './classification-metrics'
import { expectClose, loadMlVectors } from '../../../../test/fixtures/ml-vectors/ml-vectors'

const vectors = loadMlVectors()
const RTOL = 1e-9

describe('classificationMetrics vs scikit-learn', () => {
  for (const c of vectors.classification) {
    it(c.name, () => {
      const records = c.labels.map((label, i) => ({ label, score: c.scores[i], prediction: c.predictions[i] }))
      const m = classificationMetrics(records, { bins: c.bins })
      const e = c.expected
      expect(m.count).toBe(e.count)
      expect(m.scoredCount).toBe(e.count)
      for (const key of ['accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'logLoss', 'brier', 'ece'] as const) {
        expectClose(m[key], e[key], RTOL, `${c.name} ${key}`)
      }
      expect(m.calibration.map(b => b.count)).toEqual(e.calibration.map(b => b.count))
      m.calibration.forEach((b, i) => {
        const x = e.calibration[i]
        expect([b.from, b.to]).toEqual([x.from, x.to])
        expectClose(b.meanPredicted, x.meanPredicted, RTOL, `${c.name} bin ${i} mean predicted`)
        expectClose(b.fractionPositive, x.fractionPositive, RTOL, `${c.name} bin ${i} fraction positive`)
      })
    })
  }
})

describe('classificationMetrics rules', () => {
  it('ignores records without a label, and uses only scored ones for score-based metrics', () => {
    const m = classificationMetrics([
      { prediction: 1, score: 0.9, label: 1 },
      { prediction: 0, score: null, label: 1 },
      { prediction: 0, score: 0.2, label: 0 },
      { prediction: 1, score: 0.8, label: null }
    ])
    expect(m.count).toBe(3)
    expect(m.scoredCount).toBe(2)
    expect(m.accuracy).toBeCloseTo(2 / 3, 15)
    expect(m.recall).toBe(0.5)
    expect(m.rocAuc).toBe(1)
    expect(m.brier).toBeCloseTo((0.01 + 0.04) / 2, 15)
  })
  it('gives nulls and no bins when nothing is labelled or scored', () => {
    const m = classificationMetrics([{ prediction: 1, score: null, label: 0 }, { prediction: 1, score: 0.4, label: null }])
    expect(m).toMatchObject({ count: 1, accuracy: 0, precision: 0, recall: null, f1: 0, rocAuc: null, logLoss: null, brier: null, ece: null, calibration: [], scoredCount: 0 })
    expect(classificationMetrics([])).toMatchObject({ count: 0, accuracy: null, precision: null, f1: null })
  })
  it('rejects labels, predictions and scores that are not binary probabilities', () => {
    expect(() => classificationMetrics([{ prediction: 1, score: 0.5, label: 2 }])).toThrow('classificationMetrics: records[0].label is 2, expected 0, 1 or null')
    expect(() => classificationMetrics([{ prediction: 0.7, score: 0.5, label: 1 }])).toThrow('records[0].prediction is 0.7, expected 0 or 1')
    expect(() => classificationMetrics([{ prediction: 1, score: 1.2, label: 1 }])).toThrow('records[0].score is 1.2, expected a probability in [0, 1] or null')
    expect(() => classificationMetrics([{ prediction: 1, score: Number.NaN, label: 1 }])).toThrow('records[0].score is NaN')
    expect(() => classificationMetrics([], { bins: 0 })).toThrow('classificationMetrics: bins must be a positive integer, got 0')
  })
})
