import { describe, expect, it } from 'vitest'
import type { MilestoneSummary } from '@shared/kpi'
import { milestoneSegments, nextMilestoneText, upcomingAfterNext } from './milestone-display'

const DAY = 86_400_000
const summary = (pcts: [number, number, number, number]): MilestoneSummary => ({
  programme: { name: 'AI', start: 0 },
  total: 6,
  completedPct: pcts[0],
  onTrackPct: pcts[1],
  atRiskPct: pcts[2],
  delayedPct: pcts[3],
  counts: { completed: 2, on_track: 2, at_risk: 1, delayed: 1 },
  next: null,
  milestones: [],
  error: null
})

describe('milestoneSegments', () => {
  it('gives the four segments in order with counts and rounded percentages in words', () => {
    const segs = milestoneSegments(summary([100 / 3, 100 / 3, 100 / 6, 100 / 6]))
    expect(segs.map((s) => [s.label, s.shape, s.count, s.pctText])).toEqual([
      ['Completed', '✓', 2, '33 %'],
      ['On track', '●', 2, '33 %'],
      ['At risk', '▲', 1, '17 %'],
      ['Delayed', '✕', 1, '17 %']
    ])
    expect(segs.reduce((a, s) => a + s.pct, 0)).toBeCloseTo(100)
  })

  it('clamps bad numbers so the bar never overflows', () => {
    const segs = milestoneSegments(summary([Number.NaN, 150, -5, 0]))
    expect(segs.map((s) => s.pct)).toEqual([0, 100, 0, 0])
  })
})

describe('nextMilestoneText', () => {
  const planned = Date.UTC(2026, 11, 11)
  it('says how many days are left, or how late it is', () => {
    expect(nextMilestoneText({ name: 'Go-live', planned, daysLeft: 12, completed: null })).toBe('Go-live — in 12 days (2026-12-11)')
    expect(nextMilestoneText({ name: 'Go-live', planned, daysLeft: 1, completed: null })).toBe('Go-live — in 1 day (2026-12-11)')
    expect(nextMilestoneText({ name: 'Pilot', planned, daysLeft: -3, completed: null })).toBe('Pilot — overdue by 3 days (2026-12-11)')
    expect(nextMilestoneText({ name: 'Pilot', planned, daysLeft: 0.2, completed: null })).toBe('Pilot — due today (2026-12-11)')
    expect(nextMilestoneText({ name: 'Done', planned, daysLeft: null, completed: planned + DAY })).toBe('Done — completed 2026-12-12')
  })
})

describe('upcomingAfterNext', () => {
  const m = (id: string, planned: number, completed: number | null = null) => ({
    id,
    name: id,
    owner: null,
    planned,
    completed,
    forecast: null,
    state: completed ? ('completed' as const) : ('on_track' as const),
    daysLeft: completed ? null : 1
  })
  it('lists pending milestones after the next one, soonest first', () => {
    const all = [m('c', 30), m('done', 5, 6), m('next', 10), m('b', 20), m('d', 40)]
    expect(upcomingAfterNext(all, all[2], 2).map((x) => x.id)).toEqual(['b', 'c'])
    expect(upcomingAfterNext(all, null, 9).map((x) => x.id)).toEqual(['next', 'b', 'c', 'd'])
  })
})
