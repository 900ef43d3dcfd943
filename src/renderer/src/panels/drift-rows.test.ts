import { describe, expect, it } from 'vitest'
import type { DatasetDrift, FeatureDrift } from '@shared/analytics-models'
import { driftHeadline, driftRows, scoreText, skippedText } from './drift-rows'

const f = (feature: string, method: FeatureDrift['method'], score: number, threshold: number, drifted: boolean): FeatureDrift => ({
  feature,
  kind: method === 'chi2' || method === 'jensen_shannon' ? 'categorical' : 'numeric',
  method,
  score,
  threshold,
  drifted,
  statistics: { [method]: score },
  referenceCount: 100,
  currentCount: 50
})

const drift = (features: FeatureDrift[], extra: Partial<DatasetDrift> = {}): DatasetDrift => {
  const driftedCount = features.filter((x) => x.drifted).length
  return { features, driftedCount, driftedShare: driftedCount / features.length, drifted: driftedCount / features.length >= 0.5, shareThreshold: 0.5, ...extra }
}

describe('drift rows', () => {
  it('drifted features first, the furthest past the threshold first, then stable ones by closeness', () => {
    const rows = driftRows(
      drift([
        f('hour', 'wasserstein', 0.0945, 0.1, false),
        f('amount', 'wasserstein', 0.22, 0.1, true),
        f('age', 'ks', 0.9, 0.05, false),
        f('country', 'jensen_shannon', 0.101, 0.1, true),
        f('merchant', 'chi2', 0.0001, 0.05, true)
      ])
    )
    expect(rows.map((r) => r.feature)).toEqual(['merchant', 'amount', 'country', 'hour', 'age'])
    expect(rows.map((r) => r.verdict.word)).toEqual(['Drifted', 'Drifted', 'Drifted', 'Stable', 'Stable'])
    expect(rows.map((r) => r.verdict.shape)).toEqual(['▲', '▲', '▲', '✓', '✓'])
  })

  it('states the score against the threshold in the method\'s direction', () => {
    const rows = driftRows(drift([f('a', 'ks', 0.031, 0.05, true), f('b', 'ks', 0.5, 0.05, false), f('c', 'psi', 0.25, 0.1, true), f('d', 'psi', 0.05, 0.1, false)]))
    const by = Object.fromEntries(rows.map((r) => [r.feature, r]))
    expect(by.a.comparison).toBe('p 0.031 < 0.05')
    expect(by.b.comparison).toBe('p 0.5 ≥ 0.05')
    expect(by.c.comparison).toBe('0.25 ≥ 0.1')
    expect(by.d.comparison).toBe('0.05 < 0.1')
    expect(by.a.scoreKind).toBe('p-value')
    expect(by.c.scoreKind).toBe('distance')
    expect(by.a.methodLabel).toBe('KS test')
  })

  it('scores keep 3 significant digits; tiny p-values in exponent form', () => {
    expect(scoreText(0.0945123)).toBe('0.0945')
    expect(scoreText(1.234e-7)).toBe('1.2e-7')
    expect(scoreText(0)).toBe('0')
  })

  it('headline: the count and the dataset verdict', () => {
    const three = drift([f('a', 'psi', 1, 0.1, true), f('b', 'psi', 1, 0.1, true), f('c', 'psi', 1, 0.1, true), f('d', 'psi', 0, 0.1, false), f('e', 'psi', 0, 0.1, false)])
    expect(driftHeadline(three)).toBe('3 of 5 features drifted: dataset drift')
    const two = drift([f('a', 'psi', 1, 0.1, true), f('b', 'psi', 1, 0.1, true), f('c', 'psi', 0, 0.1, false), f('d', 'psi', 0, 0.1, false), f('e', 'psi', 0, 0.1, false)])
    expect(driftHeadline(two)).toBe('2 of 5 features drifted: no dataset drift (from 50 %)')
    expect(driftHeadline(drift([]))).toBe('No features to compare')
  })

  it('skipped features with their reasons', () => {
    expect(skippedText(drift([f('a', 'psi', 0, 0.1, false)]))).toBeNull()
    expect(skippedText({ skipped: [{ feature: 'device', reason: 'only in the current window' }, { feature: 'x', reason: 'no values' }] })).toBe(
      'Skipped: device (only in the current window); x (no values)'
    )
  })
})
