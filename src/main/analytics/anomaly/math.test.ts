import { describe, expect, it } from 'vitest'
import { log10NormalTail, normalTail, twoSidedSurprise } from './normal-tail'
import { detectPeriod, seasonalProfile, snapToCalendar } from './period'

describe('normal tail', () => {
  it('matches reference values (scipy.stats.norm.sf) in relative terms', () => {
    expect(normalTail(0)).toBeCloseTo(0.5, 7)
    expect(normalTail(3) / 0.0013498980316301035).toBeCloseTo(1, 6)
    expect(normalTail(-2) / 0.9772498680518208).toBeCloseTo(1, 6)
    expect(log10NormalTail(10)).toBeCloseTo(Math.log10(7.61985302416047e-24), 4)
    expect(log10NormalTail(40)).toBeCloseTo(-349.43, 1)
    expect(twoSidedSurprise(0)).toBeCloseTo(0, 6)
    expect(twoSidedSurprise(1.959963984540054)).toBeCloseTo(-Math.log(0.05), 5)
    expect(Number.isFinite(twoSidedSurprise(1e6))).toBe(true)
  })
})

describe('period detection', () => {
  it('finds the fundamental of a noisy season, not a multiple, and no period in a trend', () => {
    let seed = 7
    const rnd = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 2
    const season = Array.from({ length: 1000 }, (_, i) => Math.sin((2 * Math.PI * i) / 24) + 0.5 * Math.sin((4 * Math.PI * i) / 24) + 0.3 * rnd())
    const est = detectPeriod(season, 4, 330, 0.3)
    expect(Math.abs(est.period - 24)).toBeLessThanOrEqual(1)
    expect(est.correlation).toBeGreaterThan(0.7)
    const trend = Array.from({ length: 1000 }, (_, i) => i * 0.1 + 0.3 * rnd())
    expect(detectPeriod(trend, 4, 330, 0.3).period).toBe(0)
    expect(detectPeriod(new Array(500).fill(3), 4, 160, 0.3).period).toBe(0)
  })

  it('snaps to a calendar period only when the clock says so', () => {
    expect(snapToCalendar(287, 300_000)).toBe(288) // 5-minute samples: a day
    expect(snapToCalendar(167, 3_600_000)).toBe(168) // hourly samples: a week
    expect(snapToCalendar(287, 60_000)).toBe(287)
    expect(snapToCalendar(0, 300_000)).toBe(0)
  })

  it('builds a zero-mean seasonal profile aligned to the global sample index', () => {
    const values = Array.from({ length: 100 }, (_, i) => 10 + ((i + 5) % 4 === 0 ? 3 : -1))
    const profile = seasonalProfile(values, 5, 4)
    expect(profile.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 9)
    expect(profile[0]).toBeCloseTo(3, 6)
    expect(profile[1]).toBeCloseTo(-1, 6)
  })
})
