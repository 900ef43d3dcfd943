import { describe, expect, it } from 'vitest'
import { mase, maseScale, owa, scoreM4, smape } from './m4-measures'

describe('M4 measures', () => {
  it('sMAPE matches a hand computation', () => {
    // 200·|10−8|/18 = 22.222…, 200·|5−5|/10 = 0, 200·|4−6|/10 = 40 → mean 20.7407…
    expect(smape([10, 5, 4], [8, 5, 6])).toBeCloseTo(62.2222222 / 3, 6)
  })

  it('MASE uses the in-sample seasonal naive scale', () => {
    const history = [1, 2, 3, 5, 4, 6] // lag-2 differences: 2, 3, 1, 1 → scale 1.75
    expect(maseScale(history, 2)).toBe(1.75)
    // MAE of (7,8) vs (6,10) = (1+2)/2 = 1.5 → 1.5 / 1.75
    expect(mase(history, [7, 8], [6, 10], 2)).toBeCloseTo(1.5 / 1.75, 12)
  })

  it('OWA averages the two ratios to Naive2 at dataset level', () => {
    const series = [
      { history: [1, 2, 3, 5, 4, 6], actual: [7, 8], forecast: [6, 10] },
      { history: [10, 10, 12, 12, 14], actual: [14, 16], forecast: [14, 16] }
    ]
    const s = scoreM4(series, 2)
    expect(s.smape).toBeCloseTo((200 * (1 / 13 + 2 / 18)) / 2 / 2, 10)
    expect(s.mase).toBeCloseTo(1.5 / 1.75 / 2, 10)
    expect(owa({ smape: 10, mase: 1 }, { smape: 20, mase: 4 })).toBeCloseTo(0.375, 12)
    expect(() => mase([1, 2], [1], [1], 2)).toThrow('needs more than m=2')
  })
})
