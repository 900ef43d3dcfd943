// Every drift statistic against scipy/numpy on the checked-in vectors (test/fixtures/ml-vectors).
import { describe, expect, it } from 'vitest'
import { chiSquareTest } from './chi-square-test'
import { categoricalJensenShannonDistance, jensenShannonDistance } from './jensen-shannon'
import { kolmogorovSurvival } from './kolmogorov-distribution'
import { ksTest } from './ks-test'
import { categoricalPsi, psi } from './psi'
import { expectClose, loadMlVectors } from '../../../../../test/fixtures/ml-vectors/ml-vectors'
import { chiSquareSurvival } from './special-functions'
import { normalizedWassersteinDistance, populationStd, wassersteinDistance } from './wasserstein'

const vectors = loadMlVectors()
// Same algorithm as the reference: agreement to rounding (observed ≤ 4e-15).
const RTOL = 1e-9
// p-values below ~1e-300 are compared absolutely (both sides are 0 within double range).
const P_ATOL = 1e-300

describe('numeric drift statistics vs scipy', () => {
  it('has dozens of cases, including both KS methods', () => {
    expect(vectors.numeric.length).toBeGreaterThanOrEqual(20)
    expect(vectors.numeric.some(c => c.ks.method === 'asymp')).toBe(true)
  })
  for (const c of vectors.numeric) {
    it(c.name, () => {
      const ks = ksTest(c.reference, c.current)
      expect(ks.method, `${c.name} ks method`).toBe(c.ks.method)
      expectClose(ks.statistic, c.ks.statistic, RTOL, `${c.name} ks statistic`)
      expectClose(ks.pValue, c.ks.pValue, RTOL, `${c.name} ks p-value`, P_ATOL)
      expectClose(wassersteinDistance(c.reference, c.current), c.wasserstein, RTOL, `${c.name} wasserstein`)
      expectClose(populationStd(c.reference), c.referenceStd, RTOL, `${c.name} reference std`)
      expectClose(normalizedWassersteinDistance(c.reference, c.current), c.normalizedWasserstein, RTOL, `${c.name} normalised wasserstein`)
      expectClose(psi(c.reference, c.current), c.psi10, RTOL, `${c.name} psi 10 bins`)
      expectClose(psi(c.reference, c.current, 5), c.psi5, RTOL, `${c.name} psi 5 bins`)
      expectClose(jensenShannonDistance(c.reference, c.current), c.jensenShannon, RTOL, `${c.name} jensen-shannon (Sturges ${c.jsBins} bins)`)
      expectClose(jensenShannonDistance(c.reference, c.current, 8), c.jensenShannon8, RTOL, `${c.name} jensen-shannon 8 bins`)
    })
  }
})

describe('categorical drift statistics vs scipy', () => {
  for (const c of vectors.categorical) {
    it(c.name, () => {
      const chi = chiSquareTest(c.reference, c.current)
      expect(chi.dof).toBe(c.chi2.dof)
      expectClose(chi.statistic, c.chi2.statistic === 'Infinity' ? Infinity : c.chi2.statistic, RTOL, `${c.name} chi2 statistic`)
      expectClose(chi.pValue, c.chi2.pValue, RTOL, `${c.name} chi2 p-value`, P_ATOL)
      expectClose(categoricalJensenShannonDistance(c.reference, c.current), c.jensenShannon, RTOL, `${c.name} jensen-shannon`)
      expectClose(categoricalPsi(c.reference, c.current), c.psi, RTOL, `${c.name} psi`)
    })
  }
})

describe('distributions vs scipy', () => {
  it('kstwo.sf over every region of the Kolmogorov distribution', () => {
    expect(vectors.kolmogorov.length).toBeGreaterThan(150)
    // Smirnov's tail sum loses a little to accumulated rounding at n = 150 000 (observed 7e-10).
    for (const c of vectors.kolmogorov) expectClose(kolmogorovSurvival(c.n, c.x), c.sf, 1e-9, `kstwo.sf(${c.x}, ${c.n})`, P_ATOL)
  })
  it('chi2.sf (regularized upper incomplete gamma)', () => {
    // Series / continued fraction vs cephes' igamc: observed ≤ 3e-13.
    for (const c of vectors.chi2Survival) {
      expectClose(chiSquareSurvival(c.x, c.dof), c.sf, 1e-11, `chi2.sf(${c.x}, ${c.dof})`, P_ATOL)
    }
  })
})
