// Dataset drift: method choice, thresholds, verdicts, and input handling.
import { describe, expect, it } from 'vitest'
import { datasetDrift } from './drift'
import { chiSquareTest } from './stats/chi-square-test'
import { expectClose, loadMlVectors } from '../../../../test/fixtures/ml-vectors/ml-vectors'

const vectors = loadMlVectors()
const numeric = (name: string) => vectors.numeric.find(c => c.name === name)!
const categorical = (name: string) => vectors.categorical.find(c => c.name === name)!

/** Row records from per-feature columns of different lengths (shorter columns leave the feature missing). */
function rows(columns: Record<string, readonly (number | string)[]>): Record<string, number | string>[] {
  const n = Math.max(...Object.values(columns).map(c => c.length))
  return Array.from({ length: n }, (_, i) => {
    const row: Record<string, number | string> = {}
    for (const [k, col] of Object.entries(columns)) if (i < col.length) row[k] = col[i]
    return row
  })
}

describe('datasetDrift defaults', () => {
  it('small reference: KS for numeric, chi-square for categorical, statistics equal to scipy', () => {
    const shifted = numeric('normal 20 vs 30 shifted')
    const same = numeric('heavy tails t2 300 vs 500')
    const cat = categorical('shifted proportions')
    const result = datasetDrift(
      rows({ shifted: shifted.reference, same: same.reference, cat: cat.reference }),
      rows({ shifted: shifted.current, same: same.current, cat: cat.current })
    )
    const byName = Object.fromEntries(result.features.map(f => [f.feature, f]))
    expect(byName.shifted).toMatchObject({ kind: 'numeric', method: 'ks', threshold: 0.05, drifted: true, referenceCount: 20, currentCount: 30 })
    expectClose(byName.shifted.score, shifted.ks.pValue, 1e-9, 'shifted ks p')
    expectClose(byName.shifted.statistics.wasserstein ?? null, shifted.normalizedWasserstein, 1e-9, 'shifted wasserstein')
    expectClose(byName.shifted.statistics.psi ?? null, shifted.psi10, 1e-9, 'shifted psi')
    expectClose(byName.shifted.statistics.jensen_shannon ?? null, shifted.jensenShannon, 1e-9, 'shifted js')
    expect(byName.same).toMatchObject({ method: 'ks', drifted: false })
    expect(byName.cat).toMatchObject({ kind: 'categorical', method: 'chi2', drifted: true })
    expectClose(byName.cat.score, cat.chi2.pValue, 1e-9, 'cat chi2 p')
    expect(Object.keys(byName.cat.statistics).sort()).toEqual(['chi2', 'jensen_shannon', 'psi'])
    expect(result).toMatchObject({ driftedCount: 2, shareThreshold: 0.5, drifted: true })
    expect(result.driftedShare).toBeCloseTo(2 / 3, 15)
    expect(result.skipped).toBeUndefined()
  })
  it('large reference (> 1000): normalised Wasserstein for numeric, Jensen–Shannon for categorical, at 0.1', () => {
    const num = numeric('large 2000 vs 2600 exact path')
    const cat = categorical('strong drift')
    const result = datasetDrift(rows({ x: num.reference, c: cat.reference }), rows({ x: num.current, c: cat.current }))
    const [x, c] = result.features
    expect(x).toMatchObject({ method: 'wasserstein', threshold: 0.1, drifted: false })
    expectClose(x.score, num.normalizedWasserstein, 1e-9, 'wasserstein score')
    expectClose(x.statistics.ks ?? null, num.ks.pValue, 1e-9, 'ks still computed')
    expect(c).toMatchObject({ method: 'jensen_shannon', threshold: 0.1, drifted: true })
    expectClose(c.score, cat.jensenShannon, 1e-9, 'js score')
    expect(result).toMatchObject({ driftedCount: 1, driftedShare: 0.5, drifted: true })
  })
})

describe('datasetDrift options', () => {
  const ref = rows({ x: numeric('large 900 vs 1300 scale change').reference, c: categorical('binary').reference })
  const cur = rows({ x: numeric('large 900 vs 1300 scale change').current, c: categorical('binary').current })
  it('an asked method decides where it applies; elsewhere the default does', () => {
    const result = datasetDrift(ref, cur, { method: 'ks' })
    expect(result.features.map(f => [f.feature, f.method])).toEqual([['x', 'ks'], ['c', 'chi2']])
    const psi = datasetDrift(ref, cur, { method: 'psi' })
    expect(psi.features.map(f => [f.method, f.threshold])).toEqual([['psi', 0.1], ['psi', 0.1]])
    expectClose(psi.features[1].score, categorical('binary').psi, 1e-9, 'categorical psi')
  })
  it('threshold and shareThreshold override the defaults', () => {
    const strict = datasetDrift(ref, cur, { method: 'ks', threshold: 0.001 })
    expect(strict.features[0]).toMatchObject({ threshold: 0.001, drifted: false })
    const loose = datasetDrift(ref, cur, { shareThreshold: 0.4 })
    expect(loose).toMatchObject({ driftedCount: 1, driftedShare: 0.5, drifted: true, shareThreshold: 0.4 })
    expect(datasetDrift(ref, cur, { shareThreshold: 1 }).drifted).toBe(false)
  })
  it('rejects bad options', () => {
    expect(() => datasetDrift(ref, cur, { method: 'bogus' as never })).toThrow('datasetDrift: method "bogus" is not one of auto, ks, chi2, psi, wasserstein, jensen_shannon')
    expect(() => datasetDrift(ref, cur, { threshold: Number.NaN })).toThrow('datasetDrift: threshold is NaN, expected a finite number')
    expect(() => datasetDrift(ref, cur, { shareThreshold: 0 })).toThrow('datasetDrift: shareThreshold is 0, expected a number in (0, 1]')
  })
})

describe('datasetDrift inputs', () => {
  it('rejects empty windows', () => {
    expect(() => datasetDrift([], [{ x: 1 }])).toThrow('datasetDrift: the reference window has no records')
    expect(() => datasetDrift([{ x: 1 }], [])).toThrow('datasetDrift: the current window has no records')
  })
  it('rejects non-finite numbers and other value types, naming the row and feature', () => {
    expect(() => datasetDrift([{ x: 1 }, { x: Number.NaN }], [{ x: 1 }])).toThrow('datasetDrift: reference[1].x is NaN, expected a finite number or a string')
    expect(() => datasetDrift([{ x: 1 }], [{ x: true as never }])).toThrow('datasetDrift: current[0].x is boolean')
    expect(() => datasetDrift([{ x: 1 }], [null as never])).toThrow('datasetDrift: current[0] is null, expected an object of feature values')
  })
  it('skips a feature missing on one side, with the reason, and does not count it', () => {
    const result = datasetDrift([{ a: 1, old: 3 }, { a: 2, old: 4 }], [{ a: 1, added: 'x' }, { a: 2 }])
    expect(result.features.map(f => f.feature)).toEqual(['a'])
    expect(result.skipped).toEqual([
      { feature: 'old', reason: 'no values in the current window' },
      { feature: 'added', reason: 'no values in the reference window' }
    ])
    expect(result).toMatchObject({ driftedCount: 0, driftedShare: 0, drifted: false })
  })
  it('treats a feature with any string value as categorical, comparing its numbers as text', () => {
    const result = datasetDrift([{ code: 1 }, { code: 2 }, { code: 'A' }], [{ code: 1 }, { code: '2' }, { code: 'A' }])
    expect(result.features[0]).toMatchObject({ kind: 'categorical', method: 'chi2' })
    expect(result.features[0].score).toBe(chiSquareTest(['1', '2', 'A'], ['1', '2', 'A']).pValue)
    expect(result.features[0].drifted).toBe(false)
  })
  it('no features at all: nothing drifted', () => {
    expect(datasetDrift([{}], [{}])).toMatchObject({ features: [], driftedCount: 0, driftedShare: 0, drifted: false })
  })
})
