// Implementation progress from the configured milestones. Pure: the programme start and the
// clock are arguments.
//
// The rules (the README's "Milestones" section), checked in this order:
// - completed: `completed` is set and has passed (completed ≤ now);
// - delayed:   not completed and the planned date has passed (planned < now);
// - at_risk:   the expected completion is later than planned (forecast > planned), or the planned
//              date is within milestone_rules.at_risk_window (default 14 days) and nothing says it
//              will be on time (no forecast);
// - on_track:  everything else.
// The expected completion is `forecast`, or else a `completed` date still in the future (a
// completion recorded in advance, as the demo does), so such a milestone needs no extra forecast.
// Percentages are of all milestones, rounded to whole numbers by largest remainder so they sum to
// exactly 100 (all 0 when there are none). `next` is the not-completed milestone planned earliest;
// daysLeft = ceil((planned − now) / 1 day), negative when overdue.
import type { MilestoneConfig } from '@shared/config/schema'
import type { MilestoneState, MilestoneSummary, MilestoneView } from '@shared/kpi'
import { isStartRelative, resolveTimeExpression } from './time-expression'

const DAY = 86_400_000
const STATES: readonly MilestoneState[] = ['completed', 'on_track', 'at_risk', 'delayed']

export interface MilestoneInput {
  programme: { name: string; start: number | null }
  /** Why the programme start is unknown, when it is (reported with the milestones it affects). */
  startError?: string | null
  milestones: readonly MilestoneConfig[]
  atRiskWindowMs: number
  now: number
}

/** Milestone states, percentages and the next milestone; milestones whose dates cannot be resolved are left out and named in `error`. */
export function summariseMilestones(input: MilestoneInput): MilestoneSummary {
  const { now } = input
  const ctx = { now, programmeStart: input.programme.start }
  const views: MilestoneView[] = []
  const problems: string[] = []
  const needStart: string[] = []
  for (const m of input.milestones) {
    if (ctx.programmeStart === null && [m.planned, m.completed, m.forecast].some((e) => e !== undefined && isStartRelative(e))) {
      needStart.push(`"${m.id}"`)
      continue
    }
    try {
      const planned = resolveTimeExpression(m.planned, ctx)
      const completed = m.completed === undefined ? null : resolveTimeExpression(m.completed, ctx)
      const forecast = m.forecast === undefined ? null : resolveTimeExpression(m.forecast, ctx)
      const state = milestoneState({ planned, completed, forecast, now, atRiskWindowMs: input.atRiskWindowMs })
      views.push({
        id: m.id,
        name: m.name,
        owner: m.owner ?? null,
        planned,
        completed: state === 'completed' ? completed : null,
        forecast: forecast ?? (state === 'completed' ? null : completed),
        state,
        daysLeft: state === 'completed' ? null : daysUntil(planned, now)
      })
    } catch (err) {
      problems.push(`milestone "${m.id}": ${(err as Error).message}`)
    }
  }
  views.sort((a, b) => a.planned - b.planned)
  const counts = { completed: 0, on_track: 0, at_risk: 0, delayed: 0 } as Record<MilestoneState, number>
  for (const v of views) counts[v.state]++
  const pct = wholePercentages(STATES.map((s) => counts[s]))
  const next = views.find((v) => v.state !== 'completed') ?? null
  if (needStart.length > 0) {
    const why = input.startError ?? 'the programme start is not known (set programme.start)'
    problems.unshift(`${why}, so milestone${needStart.length > 1 ? 's' : ''} ${needStart.join(', ')} cannot be placed`)
  }
  return {
    programme: { ...input.programme },
    total: views.length,
    completedPct: pct[0],
    onTrackPct: pct[1],
    atRiskPct: pct[2],
    delayedPct: pct[3],
    counts,
    next,
    milestones: views,
    error: problems.length > 0 ? problems.join('; ') : null
  }
}

/** The state of one milestone at `now` (rules in the file comment). */
export function milestoneState(m: { planned: number; completed: number | null; forecast: number | null; now: number; atRiskWindowMs: number }): MilestoneState {
  if (m.completed !== null && m.completed <= m.now) return 'completed'
  if (m.planned < m.now) return 'delayed'
  const expected = m.forecast ?? m.completed
  if (expected !== null) return expected > m.planned ? 'at_risk' : 'on_track'
  return m.planned - m.now <= m.atRiskWindowMs ? 'at_risk' : 'on_track'
}

/** Whole days from now until `planned`, rounded up; negative when overdue. */
export function daysUntil(planned: number, now: number): number {
  return Math.ceil((planned - now) / DAY) || 0
}

/** Whole percentages of the counts' total that sum to exactly 100 (largest remainder; ties to the earlier entry). */
export function wholePercentages(counts: readonly number[]): number[] {
  const total = counts.reduce((a, c) => a + c, 0)
  if (total === 0) return counts.map(() => 0)
  const exact = counts.map((c) => (c * 100) / total)
  const out = exact.map(Math.floor)
  let missing = 100 - out.reduce((a, c) => a + c, 0)
  const order = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest || a.i - b.i)
  for (const { i } of order) {
    if (missing <= 0) break
    out[i]++
    missing--
  }
  return out
}
