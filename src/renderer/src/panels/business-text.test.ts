import { describe, expect, it } from 'vitest'
import type { AdoptionFitted, AdoptionUnfitted, CapacityExhaustion, CapacityItem } from '@shared/analytics-business'
import { formatValue } from '../format/number-format'
import { adoptionHeadline, adoptionNote, capacityRows, savingsHeadline } from './business-text'
import { isoDay } from './forecast-text'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 10, 29, 12)
const noon = (y: number, m: number, d: number) => new Date(y, m - 1, d, 12).getTime()

const fitted = (over: Partial<AdoptionFitted> = {}): AdoptionFitted => ({
  status: 'fitted',
  now: NOW,
  points: 91,
  lastObserved: NOW - DAY,
  current: 81.21,
  plateau: { value: 80.0733, ranges: [{ level: 95, lower: 79.6, upper: 80.5 }, { level: 80, lower: 79.74, upper: 80.34 }] },
  growthRatePerDay: 0.08,
  midpoint: NOW - 70 * DAY,
  plateauReach: { fraction: 0.95, value: 76.07, date: noon(2026, 10, 24), reached: true, ranges: [] },
  r2: 0.99927,
  rmse: 0.57,
  fitted: { times: [], values: [] },
  projection: { times: [], mean: [], intervals: [] },
  plateauIdentified: true,
  warnings: [],
  summary: '',
  ...over
})

describe('adoption text', () => {
  it('fitted: plateau, R² and when 95 % of it was or will be reached', () => {
    expect(adoptionHeadline(fitted())).toEqual({ status: 'fitted', text: 'plateau 80.1 % (R² 0.999); 95 % of it reached on 2026-10-24' })
    const ahead = fitted({ plateauReach: { fraction: 0.9, value: 72, date: noon(2027, 2, 3), reached: false, ranges: [] } })
    expect(adoptionHeadline(ahead).text).toBe('plateau 80.1 % (R² 0.999); 90 % of it projected on 2027-02-03')
    expect(adoptionHeadline(fitted({ plateauIdentified: false })).text).toContain('plateau 80.1 % (not yet determined by the data)')
  })

  it('no curve: says why (too little data, or not an S-curve)', () => {
    const few: AdoptionUnfitted = { status: 'insufficient_data', now: NOW, points: 4, r2: null, reason: '4 known points; a logistic fit needs at least 10' }
    expect(adoptionHeadline(few)).toEqual({ status: 'insufficient_data', text: 'Not enough adoption data for a curve yet: 4 known points; a logistic fit needs at least 10' })
    expect(adoptionHeadline({ ...few, status: 'not_logistic', reason: 'no growth' }).text).toBe('Adoption does not follow an S-curve: no growth')
    expect(adoptionNote(few, 75)).toBe('4 days of data · target 75.0 %')
  })

  it('note: now, target and the plateau ranges (lowest level first), then any warning', () => {
    expect(adoptionNote(fitted({ warnings: ['few points after the midpoint'] }), 75)).toBe(
      'now 81.2 % · target 75.0 % · plateau 80 %: 79.7 % – 80.3 %, 95 %: 79.6 % – 80.5 % · few points after the midpoint'
    )
    expect(adoptionNote(fitted(), null)).toBe('now 81.2 % · plateau 80 %: 79.7 % – 80.3 %, 95 %: 79.6 % – 80.5 %')
  })
})

describe('savings text', () => {
  it('the total added over the horizon with its 80 % and 95 % ranges', () => {
    const usd = (v: number) => formatValue(v, 'usd')
    const end = noon(2027, 5, 31)
    expect(
      savingsHeadline({ total: { mean: 193_137, ranges: [{ level: 80, lower: 145_347, upper: 2_501_731 }, { level: 95, lower: -919_109, upper: 8_226_129 }] }, horizonEnd: end }, usd)
    ).toBe('+$193.1K by 2027-05-31 (80 %: $145.3K – $2.5M, 95 %: -$919.1K – $8.2M)')
    expect(savingsHeadline({ total: { mean: -500, ranges: [] }, horizonEnd: end }, usd)).toBe('-$500 by 2027-05-31')
  })
})

describe('capacity rows', () => {
  const result = (over: Partial<CapacityExhaustion>): CapacityExhaustion => ({
    status: 'not_within_horizon',
    capacity: 95,
    now: NOW,
    lastObserved: NOW,
    current: 40,
    currentPercentOfCapacity: 42,
    date: null,
    daysFromNow: null,
    ranges: [],
    trendPerDay: 0,
    horizonEnd: NOW + 90 * DAY,
    forecast: { times: [], mean: [], intervals: [] },
    model: 'Naive',
    summary: 'not within the horizon',
    ...over
  })
  const item = (resource: string, r: CapacityExhaustion | null, error: string | null = null): CapacityItem => ({
    resource,
    kind: 'gpu',
    series: 'gpu_utilisation_percent',
    labels: {},
    result: r,
    error
  })

  it('exceeded first, then the soonest to run out, then failures, then the rest; days left and earliest date', () => {
    const rows = capacityRows([
      item('GPU 0', result({ ranges: [{ level: 80, earliest: null, latest: null }, { level: 95, earliest: NOW + 20 * DAY, latest: null }] })),
      item('disk /data', result({ status: 'projected', date: NOW + 30.6 * DAY, daysFromNow: 30.6, ranges: [{ level: 95, earliest: NOW + 12 * DAY, latest: null }, { level: 80, earliest: NOW + 18 * DAY, latest: null }] })),
      item('disk /', null, 'series host_disk_used_bytes has no data'),
      item('disk /tmp', result({ status: 'projected', date: NOW + 9.2 * DAY, daysFromNow: 9.2 })),
      item('GPU 3', result({ status: 'exceeded', date: NOW - DAY, daysFromNow: -1, summary: 'at capacity since …' }))
    ])
    expect(rows.map((r) => r.resource)).toEqual(['GPU 3', 'disk /tmp', 'disk /data', 'disk /', 'GPU 0'])
    expect(rows.map((r) => r.daysLeft)).toEqual(['now', '9 d', '30 d', '—', '—'])
    expect(rows.map((r) => r.display.word)).toEqual(['Exceeded', 'Runs out', 'Runs out', 'No forecast', 'Enough'])
    expect(rows[0].earliest).toBe(NOW - DAY)
    expect(rows[2].earliest).toBe(NOW + 12 * DAY)
    expect(rows[4].earliest).toBe(NOW + 20 * DAY)
    expect(rows[3]).toMatchObject({ status: 'error', error: 'series host_disk_used_bytes has no data', summary: 'series host_disk_used_bytes has no data' })
    expect(isoDay(rows[2].earliest!)).toBe(isoDay(NOW + 12 * DAY))
  })
})
