// Properties and input checks of the drift statistics that the vectors do not cover.
import { describe, expect, it } from 'vitest'
import { chiSquareGoodnessOfFit, chiSquareTest } from './chi-square-test'
import { jensenShannonFromCounts } from './jensen-shannon'
import { kolmogorovCdfDurbin, kolmogorovSurvival } from './kolmogorov-distribution'
import { ksExactPValue, ksTest } from './ks-test'
import { psi, psiFromCounts } from './psi'
import { logGamma, regularizedGammaQ } from './special-functions'
import { wassersteinDistance } from './wasserstein'

describe('input checks', () => {
  it('rejects empty samples, naming the function and side', () => {
    expect(() => ksTest([], [1])).toThrow('ksTest: the reference sample is empty')
    expect(() => wassersteinDistance([1], [])).toThrow('wassersteinDistance: the current sample is empty')
    expect(() => chiSquareTest(['a'], [])).toThrow('chiSquareTest: the current sample is empty')
  })
  it('rejects non-finite numbers with their position', () => {
    expect(() => ksTest([1, Number.NaN], [1])).toThrow('ksTest: reference[1] is NaN, expected a finite number')
    expect(() => psi([1, 2], [Infinity])).toThrow('psi: current[0] is Infinity')
  })
  it('rejects bad bin counts', () => {
    expect(() => psi([1, 2], [1], 0)).toThrow('psi: bins must be a positive integer, got 0')
  })
})

describe('KS test', () => {
  it('is symmetric in its samples', () => {
    const a = [0.1, 0.4, 0.4, 0.9, 1.3, 2.2]
    const b = [0.3, 0.5, 1.1, 1.7, 2.5, 2.6, 3.0]
    expect(ksTest(a, b)).toEqual(ksTest(b, a))
  })
  it('switches to the asymptotic method above 10 000 values, agreeing with the exact one', () => {
    const big = Array.from({ length: 10_001 }, (_, i) => (i * 7919) % 10_007)
    const small = Array.from({ length: 200 }, (_, i) => ((i * 104_729) % 10_007) + 400)
    const asymp = ksTest(big, small)
    expect(asymp.method).toBe('asymp')
    const exact = ksTest(big.slice(0, 10_000), small)
    expect(exact.method).toBe('exact')
    expect(Math.abs(asymp.pValue - exact.pValue)).toBeLessThan(0.05)
  })
  it('exact p-value of D = 1 for two samples of 4 is 2/C(8, 4)', () => {
    // Only the two paths that take one whole sample first reach |i − j| = 4.
    expect(ksExactPValue(4, 4, 4)).toBeCloseTo(2 / 70, 15)
    expect(ksExactPValue(3, 5, 0)).toBe(1)
  })
})

describe('Kolmogorov distribution', () => {
  it('Durbin CDF at n = 1 is 2x − 1 on [1/2, 1]', () => {
    expect(kolmogorovCdfDurbin(1, 0.75)).toBeCloseTo(0.5, 14)
  })
  it('is monotone in x', () => {
    let last = 1
    for (let x = 0.001; x < 1; x += 0.001) {
      const sf = kolmogorovSurvival(500, x)
      expect(sf).toBeLessThanOrEqual(last + 1e-12)
      last = sf
    }
  })
  it('rejects a non-integer n', () => {
    expect(() => kolmogorovSurvival(2.5, 0.1)).toThrow('kolmogorovSurvival: n must be a positive integer, got 2.5')
  })
})

describe('special functions', () => {
  it('logGamma matches known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14)
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14)
    expect(logGamma(11)).toBeCloseTo(Math.log(3_628_800), 12)
  })
  it('Q(1, x) = e^−x', () => {
    for (const x of [0.1, 1, 3, 30]) expect(regularizedGammaQ(1, x) / Math.exp(-x)).toBeCloseTo(1, 13)
  })
})

describe('chi-square, PSI and Jensen–Shannon edge cases', () => {
  it('one category on both sides: nothing to test, p = 1', () => {
    expect(chiSquareTest(['a', 'a'], ['a'])).toEqual({ statistic: 0, pValue: 1, dof: 0 })
  })
  it('an unseen category makes the statistic infinite and p = 0', () => {
    expect(chiSquareGoodnessOfFit([1, 1], [2, 0])).toEqual({ statistic: Infinity, pValue: 0, dof: 1 })
  })
  it('PSI and JS are 0 for identical distributions and PSI replaces empty shares by 1e-4', () => {
    expect(psiFromCounts([5, 5], [10, 10])).toBe(0)
    expect(jensenShannonFromCounts([1, 3], [2, 6])).toBe(0)
    expect(psiFromCounts([10, 0], [5, 5])).toBeCloseTo((0.5 - 1) * Math.log(0.5) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4), 12)
  })
  it('JS distance of disjoint distributions is √ln 2 (natural log)', () => {
    expect(jensenShannonFromCounts([1, 0], [0, 1])).toBeCloseTo(Math.sqrt(Math.LN2), 15)
  })
})
