import { describe, expect, it } from 'vitest'
import type { MilestoneConfig } from '@shared/config/schema'
import { daysUntil, milestoneState, summariseMilestones, wholePercentages } from './milestones'

const DAY = 86_400_000
const start = Date.UTC(2026, 0, 1)
const now = start + 100 * DAY + 6 * 3_600_000
const WINDOW = 14 * DAY

const m = (id: string, planned: string, extra: Partial<MilestoneConfig> = {}): MilestoneConfig => ({ id, name: `Milestone ${id}`, planned, ...extra })

describe('milestoneState', () => {
  const state = (planned: number, completed: number | null, forecast: number | null) =>
    milestoneState({ planned, completed, forecast, now, atRiskWindowMs: WINDOW })

  it.each([
    ['completed once the completion time has passed (even late)', now + DAY, now - DAY, null, 'completed'],
    ['completed exactly now', now - DAY, now, null, 'completed'],
    ['delayed when the plan has passed without completion', now - 1, null, null, 'delayed'],
    ['delayed even with a forecast', now - DAY, null, now + DAY, 'delayed'],
    ['at risk when the forecast is later than planned', now + 60 * DAY, null, now + 61 * DAY, 'at_risk'],
    ['on track when forecast on time inside the window', now + 3 * DAY, null, now + 2 * DAY, 'on_track'],
    ['at risk inside the window without a forecast', now + 13 * DAY, null, null, 'at_risk'],
    ['on track beyond the window without a forecast', now + 15 * DAY, null, null, 'on_track'],
    ['a future completion counts as the forecast (on time)', now + 5 * DAY, now + 4 * DAY, null, 'on_track'],
    ['a future completion counts as the forecast (late)', now + 5 * DAY, now + 9 * DAY, null, 'at_risk'],
    ['an explicit forecast wins over a future completion', now + 5 * DAY, now + 4 * DAY, now + 6 * DAY, 'at_risk']
  ])('%s', (_what, planned, completed, forecast, expected) => {
    expect(state(planned as number, completed as number | null, forecast as number | null)).toBe(expected)
  })
})

describe('wholePercentages', () => {
  it.each([
    [[1, 1, 1, 0], [34, 33, 33, 0]],
    [[3, 4, 2, 1], [30, 40, 20, 10]],
    [[1, 5, 1, 0], [14, 72, 14, 0]],
    [[2, 2, 2, 1], [29, 29, 28, 14]],
    [[0, 0, 0, 0], [0, 0, 0, 0]],
    [[0, 7, 0, 0], [0, 100, 0, 0]]
  ])('%j → %j', (counts, expected) => {
    const pct = wholePercentages(counts)
    expect(pct).toEqual(expected)
    if (counts.some((c) => c > 0)) expect(pct.reduce((a, b) => a + b, 0)).toBe(100)
  })

  it('sums to 100 for every split of up to 20 milestones', () => {
    for (let a = 0; a <= 20; a++)
      for (let b = 0; a + b <= 20; b++)
        for (let c = 0; a + b + c <= 20; c++) {
          const d = 20 - a - b - c
          if (a + b + c + d === 0) continue
          expect(wholePercentages([a, b, c, d]).reduce((x, y) => x + y, 0)).toBe(100)
        }
  })
})

describe('daysUntil', () => {
  it('rounds up and goes negative when overdue', () => {
    expect(daysUntil(now + 1, now)).toBe(1)
    expect(daysUntil(now + DAY, now)).toBe(1)
    expect(daysUntil(now + DAY + 1, now)).toBe(2)
    expect(daysUntil(now, now)).toBe(0)
    expect(Object.is(daysUntil(now - DAY / 2, now), 0)).toBe(true)
    expect(daysUntil(now - 3.5 * DAY, now)).toBe(-3)
  })
})

describe('summariseMilestones', () => {
  const milestones = [
    m('data', 'start+14d', { completed: 'start+12d' }),
    m('pilot', 'start+45d', { completed: 'start+52d' }),
    m('rollout', 'start+95d'),
    m('fraud', 'start+110d', { forecast: 'start+125d' }),
    m('soon', 'start+105d'),
    m('later', 'start+150d', { completed: 'start+148d' }),
    m('absolute', '2026-09-01')
  ]

  it('gives states, whole percentages summing to 100, and the next milestone with days left', () => {
    const s = summariseMilestones({ programme: { name: 'P', start }, milestones, atRiskWindowMs: WINDOW, now })
    expect(s.error).toBeNull()
    expect(s.milestones.map((v) => [v.id, v.state])).toEqual([
      ['data', 'completed'],
      ['pilot', 'completed'],
      ['rollout', 'delayed'],
      ['soon', 'at_risk'],
      ['fraud', 'at_risk'],
      ['later', 'on_track'],
      ['absolute', 'on_track']
    ])
    expect(s.counts).toEqual({ completed: 2, on_track: 2, at_risk: 2, delayed: 1 })
    expect([s.completedPct, s.onTrackPct, s.atRiskPct, s.delayedPct]).toEqual([29, 29, 28, 14])
    expect(s.total).toBe(7)
    // The earliest planned among those not completed: the delayed one, 5 days (and 6 hours) overdue.
    expect(s.next?.id).toBe('rollout')
    expect(s.next?.daysLeft).toBe(-5)
    const pilot = s.milestones.find((v) => v.id === 'pilot')
    expect(pilot).toMatchObject({ planned: start + 45 * DAY, completed: start + 52 * DAY, forecast: null, daysLeft: null })
    const later = s.milestones.find((v) => v.id === 'later')
    expect(later).toMatchObject({ completed: null, forecast: start + 148 * DAY, daysLeft: 50 })
    expect(s.milestones.find((v) => v.id === 'soon')?.daysLeft).toBe(5)
    expect(s.programme).toEqual({ name: 'P', start })
  })

  it('places absolute milestones and names the others when the programme start is unknown', () => {
    const s = summariseMilestones({
      programme: { name: 'P', start: null },
      startError: 'programme.start: source "demo" has not recorded the programme start yet (it does on its first run)',
      milestones,
      atRiskWindowMs: WINDOW,
      now
    })
    expect(s.milestones.map((v) => v.id)).toEqual(['absolute'])
    expect(s.total).toBe(1)
    expect(s.onTrackPct).toBe(100)
    expect(s.error).toBe(
      'programme.start: source "demo" has not recorded the programme start yet (it does on its first run), so milestones "data", "pilot", "rollout", "fraud", "soon", "later" cannot be placed'
    )
  })

  it('reports a milestone with a bad date and keeps the rest', () => {
    const s = summariseMilestones({ programme: { name: 'P', start }, milestones: [m('a', '2026-02-30'), m('b', 'start+200d')], atRiskWindowMs: WINDOW, now })
    expect(s.milestones.map((v) => v.id)).toEqual(['b'])
    expect(s.error).toBe('milestone "a": "2026-02-30" is not a valid date or time')
  })

  it('is empty, with all percentages 0, without milestones', () => {
    const s = summariseMilestones({ programme: { name: 'P', start: null }, milestones: [], atRiskWindowMs: WINDOW, now })
    expect(s).toMatchObject({ total: 0, completedPct: 0, onTrackPct: 0, atRiskPct: 0, delayedPct: 0, next: null, error: null })
  })
})
