// Implementation progress as the milestones panel shows it: bar segments with their
// percentages in words, and the next milestone as a sentence.
import type { MilestoneState, MilestoneSummary, MilestoneView } from '@shared/kpi'
import type { Tone } from '../kpis/kpi-display'

export interface MilestoneSegment {
  state: MilestoneState
  label: string
  shape: string
  tone: Tone
  count: number
  /** Exact share of all milestones (bar width), 0–100. */
  pct: number
  /** Rounded percentage for the text, e.g. "40 %". */
  pctText: string
}

const SEGMENTS: { state: MilestoneState; label: string; shape: string; tone: Tone; pct: keyof MilestoneSummary }[] = [
  { state: 'completed', label: 'Completed', shape: '✓', tone: 'ok', pct: 'completedPct' },
  { state: 'on_track', label: 'On track', shape: '●', tone: 'neutral', pct: 'onTrackPct' },
  { state: 'at_risk', label: 'At risk', shape: '▲', tone: 'warn', pct: 'atRiskPct' },
  { state: 'delayed', label: 'Delayed', shape: '✕', tone: 'bad', pct: 'delayedPct' }
]

/** The four segments in bar order (completed, on track, at risk, delayed), zero ones included. */
export function milestoneSegments(summary: MilestoneSummary): MilestoneSegment[] {
  return SEGMENTS.map((s) => {
    const raw = summary[s.pct]
    const pct = typeof raw === 'number' && Number.isFinite(raw) ? Math.max(0, Math.min(100, raw)) : 0
    return {
      state: s.state,
      label: s.label,
      shape: s.shape,
      tone: s.tone,
      count: summary.counts?.[s.state] ?? 0,
      pct,
      pctText: `${Math.round(pct)} %`
    }
  })
}

/** "YYYY-MM-DD" (UTC) of an epoch-ms time. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`

/** "Go-live — in 12 days (2026-12-11)", "… — overdue by 3 days (…)", "… — due today (…)". */
export function nextMilestoneText(next: Pick<MilestoneView, 'name' | 'planned' | 'daysLeft' | 'completed'>): string {
  const date = isoDate(next.planned)
  if (next.completed !== null) return `${next.name} — completed ${isoDate(next.completed)}`
  const left = next.daysLeft
  if (left === null) return `${next.name} — ${date}`
  const whole = Math.round(left)
  if (whole > 0) return `${next.name} — in ${days(whole)} (${date})`
  if (whole < 0) return `${next.name} — overdue by ${days(-whole)} (${date})`
  return `${next.name} — due today (${date})`
}

const STATE_SHAPE: Record<MilestoneState, { shape: string; word: string; tone: Tone }> = {
  completed: { shape: '✓', word: 'completed', tone: 'ok' },
  on_track: { shape: '●', word: 'on track', tone: 'neutral' },
  at_risk: { shape: '▲', word: 'at risk', tone: 'warn' },
  delayed: { shape: '✕', word: 'delayed', tone: 'bad' }
}

/** A milestone state as shape, word and tone. */
export function milestoneStateDisplay(state: MilestoneState): { shape: string; word: string; tone: Tone } {
  return STATE_SHAPE[state] ?? { shape: '?', word: String(state), tone: 'muted' }
}

/** Pending milestones after `next`, soonest first (for the "then" list under the next one). */
export function upcomingAfterNext(milestones: readonly MilestoneView[], next: MilestoneView | null, limit: number): MilestoneView[] {
  return milestones
    .filter((m) => m.completed === null && m.id !== next?.id)
    .sort((a, b) => a.planned - b.planned)
    .slice(0, Math.max(0, limit))
}
