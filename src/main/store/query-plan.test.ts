import { describe, expect, it } from 'vitest'
import { planRange } from './query-plan'
import type { TierCoverage } from './query-plan'

const M = 60_000
const H = 3_600_000
const tiers = (m1: number | null, h1: number | null): TierCoverage[] => [
  { name: '1m', ms: M, servedUntil: m1 },
  { name: '1h', ms: H, servedUntil: h1 }
]

describe('planRange', () => {
  it('uses raw only when no tier divides the step, reducing per step bucket', () => {
    expect(planRange(0, 10 * H, 45_000, tiers(10 * H, 10 * H))).toEqual({ raw: [[0, 10 * H]], tier: null, grainMs: 45_000, label: 'raw' })
  })

  it('keeps the grain of the coarsest dividing tier even before anything is rolled up', () => {
    expect(planRange(0, 10 * H, 2 * H, tiers(null, null))).toEqual({ raw: [[0, 10 * H]], tier: null, grainMs: H, label: 'raw' })
    expect(planRange(0, 10 * H, 5 * M, tiers(null, null)).grainMs).toBe(M)
  })

  it('answers whole tier buckets before the watermark from the tier, raw around them', () => {
    expect(planRange(30_000, 5 * H + 10 * M, 2 * H, tiers(5 * H, 4 * H))).toEqual({
      raw: [
        [30_000, H],
        [4 * H, 5 * H + 10 * M]
      ],
      tier: { name: '1h', from: H, to: 4 * H },
      grainMs: H,
      label: 'mixed'
    })
    expect(planRange(0, 4 * H, H, tiers(5 * H, 4 * H))).toEqual({ raw: [], tier: { name: '1h', from: 0, to: 4 * H }, grainMs: H, label: '1h' })
  })

  it('never falls back to a finer tier (its partials would add up differently)', () => {
    const plan = planRange(0, 2 * H, H, tiers(90 * M, 0))
    expect(plan).toEqual({ raw: [[0, 2 * H]], tier: null, grainMs: H, label: 'raw' })
  })

  it('does not use a tier for a range shorter than one of its buckets', () => {
    expect(planRange(10 * M + 1, 11 * M - 1, 60_000, tiers(H, H)).label).toBe('raw')
  })
})
