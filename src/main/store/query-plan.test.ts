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
  it('uses raw only when no tier divides the step', () => {
    expect(planRange(0, 10 * H, 45_000, tiers(10 * H, 10 * H))).toEqual({ segments: [{ source: 'raw', from: 0, to: 10 * H }], label: 'raw' })
  })

  it('uses raw only before anything is rolled up', () => {
    expect(planRange(0, 10 * H, 2 * H, tiers(null, null))).toEqual({ segments: [{ source: 'raw', from: 0, to: 10 * H }], label: 'raw' })
  })

  it('answers whole coarse buckets from the coarsest tier, the edges from the finer one, the rest raw', () => {
    expect(planRange(30_000, 5 * H + 10 * M + 5, 2 * H, tiers(5 * H + 5 * M, 4 * H))).toEqual({
      segments: [
        { source: 'raw', from: 30_000, to: M },
        { source: '1m', from: M, to: H },
        { source: '1h', from: H, to: 4 * H },
        { source: '1m', from: 4 * H, to: 5 * H + 5 * M },
        { source: 'raw', from: 5 * H + 5 * M, to: 5 * H + 10 * M + 5 }
      ],
      label: 'mixed'
    })
    expect(planRange(0, 4 * H, H, tiers(5 * H, 4 * H))).toEqual({ segments: [{ source: '1h', from: 0, to: 4 * H }], label: '1h' })
  })

  it('falls back to a finer tier where the coarse one is not served (a dirty hour)', () => {
    expect(planRange(0, 2 * H, H, tiers(90 * M, 0))).toEqual({
      segments: [
        { source: '1m', from: 0, to: 90 * M },
        { source: 'raw', from: 90 * M, to: 2 * H }
      ],
      label: 'mixed'
    })
  })

  it('never uses a tier whose bucket does not divide the step', () => {
    // 30 min steps: the hour tier cannot split its buckets, the minute tier answers.
    expect(planRange(0, 4 * H, 1800_000, tiers(4 * H, 4 * H))).toEqual({ segments: [{ source: '1m', from: 0, to: 4 * H }], label: '1m' })
  })

  it('does not use a tier for a range shorter than one of its buckets', () => {
    expect(planRange(10 * M + 1, 11 * M - 1, 60_000, tiers(H, H))).toEqual({ segments: [{ source: 'raw', from: 10 * M + 1, to: 11 * M - 1 }], label: 'raw' })
  })
})
