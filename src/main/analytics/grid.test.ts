import { describe, expect, it } from 'vitest'
import { gridStart, pickGridStep, pointsToGrid, seasonalPeriodsFor } from './grid'

describe('analytics grids', () => {
  it('puts points on their step and leaves gaps as NaN', () => {
    expect(pointsToGrid([[1000, 1], [3000, 3], [9000, 9]], 1000, 1000, 4)).toEqual([1, Number.NaN, 3, Number.NaN])
  })

  it('aligns starts to the epoch like store buckets', () => {
    expect(gridStart(3_601_000, 3_600_000)).toBe(7_200_000)
    expect(gridStart(7_200_000, 3_600_000)).toBe(7_200_000)
  })

  it('models daily and weekly cycles only when the step fits them and two cycles are observed', () => {
    expect(seasonalPeriodsFor(3_600_000, 24 * 14)).toEqual([24, 168])
    expect(seasonalPeriodsFor(3_600_000, 24 * 13)).toEqual([24])
    expect(seasonalPeriodsFor(3_600_000, 40)).toEqual([])
    expect(seasonalPeriodsFor(86_400_000, 30)).toEqual([7])
    expect(seasonalPeriodsFor(7 * 3_600_000, 1000)).toEqual([24])
  })

  it('picks a step giving at most 700 points', () => {
    expect(pickGridStep(14 * 86_400_000)).toBe(3_600_000)
    expect(pickGridStep(6 * 3_600_000)).toBe(60_000)
    expect(pickGridStep(400 * 86_400_000)).toBe(86_400_000)
  })
})
