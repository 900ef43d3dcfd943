// The words of a forecast: when a series meets its condition ("disk full in 9 days (earliest 6)",
// "GPU saturated by 2026-12-14", "above 90 %: not within 30 days"), a KPI's payback ("payback
// projected 2027-03-14, earliest 2027-02-02", "already paid back"), and where the forecast ends.
import type { ForecastCrossing, ForecastView } from '@shared/analytics'
import type { PanelOf } from '@shared/config/views-schema'
import { forecastEnd, forecastOverlay } from '../charts/forecast-series'
import type { ValueFormatter } from '../format/unit-text'

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

const pad = (n: number) => String(n).padStart(2, '0')

/** "2026-12-14" (local date). */
export function isoDay(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** A look-ahead as people say it: "30 days", "6 months", "12 hours". */
export function horizonText(ms: number): string {
  if (ms >= 60 * DAY_MS && Math.abs(ms / (30 * DAY_MS) - Math.round(ms / (30 * DAY_MS))) < 0.1) return plural(Math.round(ms / (30 * DAY_MS)), 'month')
  if (ms >= 2 * DAY_MS) return plural(Math.round(ms / DAY_MS), 'day')
  return plural(Math.max(1, Math.round(ms / HOUR_MS)), 'hour')
}

/** Whole days (or hours under a day) from `now` until `at`, rounded down: a warning never comes late. */
export function untilParts(at: number, now: number): { n: number; unit: 'day' | 'hour' } | null {
  const ms = at - now
  if (ms >= DAY_MS) return { n: Math.floor(ms / DAY_MS), unit: 'day' }
  if (ms >= HOUR_MS) return { n: Math.floor(ms / HOUR_MS), unit: 'hour' }
  return null
}

/** "9 days", "5 hours", "under an hour". */
export function untilText(at: number, now: number): string {
  const p = untilParts(at, now)
  return p ? plural(p.n, p.unit) : 'under an hour'
}

const OP_WORDS: Record<string, string> = { '>': 'above', '>=': 'at or above', '<': 'below', '<=': 'at or below', '==': 'at', '!=': 'not at' }

/** What meeting a condition means when the config does not name it: "above 90 %". */
export function conditionWords(condition: { op: string; threshold: number }, format: ValueFormatter): string {
  return `${OP_WORDS[condition.op] ?? condition.op} ${format(condition.threshold)}`
}

export type HeadlineStatus = 'met' | 'projected' | 'possible' | 'not-within' | 'forecast'

export interface Headline {
  status: HeadlineStatus
  text: string
}

export interface CapacityHeadlineInput {
  crossing: ForecastCrossing
  /** The forecast's "now" (ForecastView.generatedAt). */
  now: number
  horizonMs: number
  /** The moment's name, e.g. "disk full". */
  event: string
  /** Text when the last value already meets the condition (default "<event> now"). */
  met?: string
  when: 'days' | 'date'
}

/** The capacity headline of a series forecast. */
export function capacityHeadline({ crossing, now, horizonMs, event, met, when }: CapacityHeadlineInput): Headline {
  if (crossing.alreadyMet) return { status: 'met', text: met ?? `${event} now` }
  const { meanAt, earliestAt } = crossing
  if (meanAt !== null) {
    if (when === 'date') {
      const earliest = earliestAt !== null && isoDay(earliestAt) !== isoDay(meanAt) ? ` (earliest ${isoDay(earliestAt)})` : ''
      return { status: 'projected', text: `${event} by ${isoDay(meanAt)}${earliest}` }
    }
    const mean = untilParts(meanAt, now)
    const early = earliestAt !== null ? untilParts(earliestAt, now) : null
    let earliest = ''
    if (earliestAt !== null && untilText(earliestAt, now) !== untilText(meanAt, now)) {
      // "(earliest 6)" when both are in days; else the unit too ("(earliest 20 hours)").
      earliest = early && mean && early.unit === mean.unit ? ` (earliest ${early.n})` : ` (earliest ${untilText(earliestAt, now)})`
    }
    return { status: 'projected', text: `${event} in ${untilText(meanAt, now)}${earliest}` }
  }
  const within = `not within ${horizonText(horizonMs)}`
  if (earliestAt !== null) {
    const possible = when === 'date' ? `possible from ${isoDay(earliestAt)}` : `possible in ${untilText(earliestAt, now)}`
    return { status: 'possible', text: `${event}: ${within} (${possible})` }
  }
  return { status: 'not-within', text: `${event}: ${within}` }
}

export interface MilestoneTextInput {
  crossing: ForecastCrossing
  horizonMs: number
  /** The moment's name, e.g. "payback". */
  event: string
  /** Text when it has already happened, e.g. "already paid back" (default "<event>: already reached"). */
  met?: string
}

/** A KPI trajectory's milestone: "payback projected 2027-03-14, earliest 2027-02-02" / "already paid back". */
export function milestoneText({ crossing, horizonMs, event, met }: MilestoneTextInput): Headline {
  if (crossing.alreadyMet) return { status: 'met', text: met ?? `${event}: already reached` }
  const { meanAt, earliestAt } = crossing
  if (meanAt !== null) {
    const earliest = earliestAt !== null && isoDay(earliestAt) !== isoDay(meanAt) ? `, earliest ${isoDay(earliestAt)}` : ''
    return { status: 'projected', text: `${event} projected ${isoDay(meanAt)}${earliest}` }
  }
  const possible = earliestAt !== null ? `, earliest ${isoDay(earliestAt)}` : ''
  return { status: earliestAt !== null ? 'possible' : 'not-within', text: `${event} not projected within ${horizonText(horizonMs)}${possible}` }
}

/** Where a forecast ends, with its bands: "72.4 % on 2027-05-28 (80 %: 65 % to 79.1 %, 95 %: …)". */
export function forecastEndText(end: { t: number; mean: number; bands: { level: number; lower: number; upper: number }[] }, format: ValueFormatter): string {
  const bands = end.bands.map((b) => `${b.level} %: ${format(b.lower)} to ${format(b.upper)}`).join(', ')
  return `${format(end.mean)} on ${isoDay(end.t)}${bands ? ` (${bands})` : ''}`
}

/** The headline of a series forecast: when it meets the condition, else where it ends. */
export function forecastHeadline(panel: PanelOf<'forecast'>, view: ForecastView, format: ValueFormatter): Headline {
  if (panel.condition && view.crossing) {
    const event = panel.event ?? conditionWords(panel.condition, format)
    return capacityHeadline({ crossing: view.crossing, now: view.generatedAt, horizonMs: panel.horizon, event, met: panel.met, when: panel.when })
  }
  const end = forecastEnd(forecastOverlay(view))
  return { status: 'forecast', text: end ? `${format(end.mean)} in ${horizonText(panel.horizon)}` : `no forecast within ${horizonText(panel.horizon)}` }
}

/** A KPI trajectory's milestone text when the chart's forecast has a condition (null without one). */
export function kpiForecastHeadline(
  opts: { horizon: number; condition?: { op: string; threshold: number; text: string }; event?: string; met?: string },
  kpiName: string,
  view: ForecastView,
  format: ValueFormatter
): Headline | null {
  if (!opts.condition || !view.crossing) return null
  const event = opts.event ?? `${kpiName} ${conditionWords(opts.condition, format)}`
  return milestoneText({ crossing: view.crossing, horizonMs: opts.horizon, event, met: opts.met })
}
