import { describe, expect, it } from 'vitest'
import { pickStep } from './pick-step'

const DAY = 86_400_000

describe('pickStep', () => {
  it('picks the smallest nice step giving at most 500 buckets', () => {
    expect(pickStep(0, 3_600_000)).toBe(10)
    expect(pickStep(0, DAY)).toBe(300)
    expect(pickStep(0, 3 * DAY)).toBe(600)
    expect(pickStep(0, 30 * DAY)).toBe(7200)
  })

  it('uses whole hours instead of sub-hour steps over spans longer than 3 days (the hourly roll-up answers them)', () => {
    expect(pickStep(0, 7 * DAY)).toBe(3600) // 1800 s fits 500 buckets, but only the minute roll-up could answer it
    expect(pickStep(0, 4 * DAY)).toBe(3600)
  })
})
