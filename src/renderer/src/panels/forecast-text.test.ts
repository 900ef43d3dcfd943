import { describe, expect, it } from 'vitest'
import type { ForecastCrossing, ForecastView } from '@shared/analytics'
import { panelSchema, type PanelOf } from '@shared/config/views-schema'
import { capacityHeadline, forecastHeadline, horizonText, isoDay, kpiForecastHeadline, milestoneText, untilText } from './forecast-text'

const H = 3_600_000
const D = 24 * H
const NOW = new Date(2026, 11, 1, 10, 0).getTime()
const crossing = (meanAt: number | null, earliestAt: number | null, alreadyMet = false): ForecastCrossing => ({ condition: '> 90', meanAt, earliestAt, alreadyMet })
const pct = (v: number) => `${v} %`

describe('durations in words', () => {
  it('horizonText: months for month multiples from 60 days, else days, else hours', () => {
    expect(horizonText(180 * D)).toBe('6 months')
    expect(horizonText(30 * D)).toBe('30 days')
    expect(horizonText(90 * D)).toBe('3 months')
    expect(horizonText(100 * D)).toBe('100 days')
    expect(horizonText(12 * H)).toBe('12 hours')
    expect(horizonText(H)).toBe('1 hour')
  })
  it('untilText rounds down (a warning never comes late)', () => {
    expect(untilText(NOW + 9.9 * D, NOW)).toBe('9 days')
    expect(untilText(NOW + D, NOW)).toBe('1 day')
    expect(untilText(NOW + 5.5 * H, NOW)).toBe('5 hours')
    expect(untilText(NOW + 10 * 60_000, NOW)).toBe('under an hour')
    expect(isoDay(new Date(2027, 2, 14, 23, 59).getTime())).toBe('2027-03-14')
  })
})

describe('capacityHeadline', () => {
  const base = { now: NOW, horizonMs: 30 * D, event: 'disk full', when: 'days' as const }
  it('says when, in days, with the earliest the band allows', () => {
    expect(capacityHeadline({ ...base, crossing: crossing(NOW + 9.2 * D, NOW + 6.5 * D) })).toEqual({ status: 'projected', text: 'disk full in 9 days (earliest 6)' })
    expect(capacityHeadline({ ...base, crossing: crossing(NOW + 2 * D, NOW + 20 * H) }).text).toBe('disk full in 2 days (earliest 20 hours)')
    expect(capacityHeadline({ ...base, crossing: crossing(NOW + 9.2 * D, NOW + 9.5 * D) }).text).toBe('disk full in 9 days')
  })
  it('or as a date', () => {
    const at = new Date(2026, 11, 14, 6).getTime()
    expect(capacityHeadline({ ...base, event: 'GPU saturated', when: 'date', crossing: crossing(at, at - 2 * D) }).text).toBe('GPU saturated by 2026-12-14 (earliest 2026-12-12)')
    expect(capacityHeadline({ ...base, event: 'GPU saturated', when: 'date', crossing: crossing(at, at) }).text).toBe('GPU saturated by 2026-12-14')
  })
  it('already met, not within the horizon, or only possible', () => {
    expect(capacityHeadline({ ...base, crossing: crossing(NOW, NOW, true) })).toEqual({ status: 'met', text: 'disk full now' })
    expect(capacityHeadline({ ...base, met: 'disk is full', crossing: crossing(NOW, NOW, true) }).text).toBe('disk is full')
    expect(capacityHeadline({ ...base, crossing: crossing(null, null) })).toEqual({ status: 'not-within', text: 'disk full: not within 30 days' })
    expect(capacityHeadline({ ...base, crossing: crossing(null, NOW + 3.5 * D) })).toEqual({ status: 'possible', text: 'disk full: not within 30 days (possible in 3 days)' })
  })
})

describe('milestoneText (KPI trajectories)', () => {
  const base = { horizonMs: 180 * D, event: 'payback' }
  it('payback projected with its earliest date, or already paid back', () => {
    const at = new Date(2027, 2, 14, 12).getTime()
    const early = new Date(2027, 1, 2, 12).getTime()
    expect(milestoneText({ ...base, crossing: crossing(at, early) })).toEqual({ status: 'projected', text: 'payback projected 2027-03-14, earliest 2027-02-02' })
    expect(milestoneText({ ...base, met: 'already paid back', crossing: crossing(null, null, true) })).toEqual({ status: 'met', text: 'already paid back' })
    expect(milestoneText({ ...base, crossing: crossing(null, null, true) }).text).toBe('payback: already reached')
    expect(milestoneText({ ...base, crossing: crossing(null, null) }).text).toBe('payback not projected within 6 months')
    expect(milestoneText({ ...base, crossing: crossing(null, early) }).text).toBe('payback not projected within 6 months, earliest 2027-02-02')
  })
})

const view = (over: Partial<ForecastView>): ForecastView => ({
  target: { kind: 'series', series: 'disk', labels: {} },
  model: 'm',
  stepMs: H,
  history: [[NOW - H, 80]],
  ts: [NOW, NOW + H],
  mean: [81, 82.5],
  bands: [{ level: 80, lower: [80, 81], upper: [82, 84] }],
  crossing: null,
  generatedAt: NOW,
  note: '',
  ...over
})

describe('panel headlines', () => {
  const panel = (raw: object) => panelSchema.parse({ type: 'forecast', series: 'disk_used_percent', horizon: '30d', ...raw }) as PanelOf<'forecast'>
  it('a series forecast with a condition names it (the condition in words without an event)', () => {
    const c = crossing(NOW + 9 * D, null)
    expect(forecastHeadline(panel({ condition: '> 90' }), view({ crossing: c }), pct).text).toBe('above 90 % in 9 days')
    expect(forecastHeadline(panel({ condition: '> 90', event: 'disk full' }), view({ crossing: c }), pct).text).toBe('disk full in 9 days')
  })
  it('without a condition it says where the forecast ends', () => {
    expect(forecastHeadline(panel({}), view({}), pct)).toEqual({ status: 'forecast', text: '82.5 % in 30 days' })
  })
  it('a KPI forecast has a milestone only with a condition', () => {
    const opts = { horizon: 180 * D, condition: { op: '>', threshold: 0, text: '> 0' } }
    expect(kpiForecastHeadline({ horizon: 180 * D }, 'ROI', view({}), pct)).toBeNull()
    expect(kpiForecastHeadline(opts, 'ROI', view({ crossing: crossing(null, null, true) }), pct)?.text).toBe('ROI above 0 %: already reached')
    expect(kpiForecastHeadline({ ...opts, event: 'payback', met: 'already paid back' }, 'ROI', view({ crossing: crossing(null, null, true) }), pct)?.text).toBe('already paid back')
  })
})
