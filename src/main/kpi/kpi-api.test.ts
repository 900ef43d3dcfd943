// getKpis / getMilestones against a real DuckDB store with known samples.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { configSchema, type VigilConfig, type VigilConfigInput } from '@shared/config/schema'
import type { KpiValue } from '@shared/kpi'
import type { IngestSample, Point } from '@shared/types'
import { openStore, type DuckDBStore } from '../store/duckdb-store'
import { LONG_RETENTION, tempDir } from '../store/test-support'
import { BadRequestError } from '../engine/errors'
import { createKpiApi } from './kpi-api'

const DAY = 86_400_000
const MIN = 60_000
const NOW = Date.UTC(2026, 5, 4) // midnight, so day buckets line up with the data
const FROM = NOW - 3 * DAY
const STEP = 15 * MIN
const START = NOW - 20 * DAY

/** Benefits grow linearly from 200 to 250 over the three days; investment stays 200. */
const benefitsAt = (t: number): number => 200 + (50 * (t - FROM)) / (3 * DAY)
const roiOf = (benefits: number, investment: number): number => ((benefits - investment) / investment) * 100

function samples(): IngestSample[] {
  const out: IngestSample[] = []
  for (let t = FROM; t < NOW; t += STEP) {
    out.push({ name: 'ai_investment_usd_total', labels: {}, ts: t, value: 200 })
    out.push({ name: 'ai_benefits_usd_total', labels: {}, ts: t, value: benefitsAt(t) })
    out.push({ name: 'ai_zero_total', labels: {}, ts: t, value: 0 })
    out.push({ name: 'lat', labels: { svc: 'a' }, ts: t, value: 500 })
    out.push({ name: 'lat', labels: { svc: 'b' }, ts: t, value: 700 })
    for (const [service, up] of [['w', 1], ['x', 1], ['y', 1], ['z', 0]] as const) out.push({ name: 'up', labels: { service }, ts: t, value: up })
  }
  out.push({ name: 'stale_series', labels: {}, ts: NOW - 10 * DAY, value: 1 })
  return out
}

const kpis: VigilConfigInput['kpis'] = [
  {
    id: 'roi',
    name: 'ROI',
    formula: '(ai_benefits_usd_total - ai_investment_usd_total) / ai_investment_usd_total * 100',
    unit: '%',
    dimension: 'business',
    target: 25,
    baseline: { at: 'start+18d' }
  },
  { id: 'lat_all', name: 'Latency', formula: 'lat', unit: 'ms', dimension: 'technical', direction: 'lower', target: 550, baseline: 800 },
  { id: 'lat_a', name: 'Latency A', formula: 'lat{svc="a"}', unit: 'ms', dimension: 'technical', normal_range: [400, 450] },
  { id: 'availability', name: 'Availability', formula: 'up * 100', unit: '%', dimension: 'technical', target: 99.5 },
  { id: 'ghost', name: 'Ghost', formula: 'ghost_series + 1', dimension: 'technical' },
  { id: 'wrong_labels', name: 'Wrong labels', formula: 'lat{svc="zzz"}', dimension: 'technical' },
  { id: 'stale', name: 'Stale', formula: 'stale_series', dimension: 'technical' },
  { id: 'div', name: 'Division', formula: 'ai_investment_usd_total / ai_zero_total', dimension: 'business', baseline: { at: 'now-1d' } },
  { id: 'constant', name: 'Constant', formula: '42', dimension: 'business' },
  { id: 'broken', name: 'Broken', formula: '1', dimension: 'business' }
]

function config(extra: Partial<VigilConfigInput> = {}): VigilConfig {
  const cfg = configSchema.parse({
    sources: [{ id: 'demo', kind: 'demo' }],
    programme: { name: 'Test programme', start: { source: 'demo' } },
    kpis,
    milestones: [
      { id: 'one', name: 'One', planned: 'start+2d', completed: 'start+3d' },
      { id: 'two', name: 'Two', planned: 'start+19d' },
      { id: 'three', name: 'Three', planned: 'start+25d', forecast: 'start+30d' },
      { id: 'four', name: 'Four', planned: 'start+60d' }
    ],
    ...extra
  })
  // A formula that slipped past config validation (e.g. set programmatically) is reported per KPI.
  const broken = cfg.kpis.find((k) => k.id === 'broken')
  if (broken) broken.formula = '(a +'
  return cfg
}

describe('KPI API on a DuckDB store', () => {
  let tmp: ReturnType<typeof tempDir>
  let store: DuckDBStore

  beforeEach(async () => {
    tmp = tempDir('kpi')
    store = await openStore({ path: join(tmp.dir, 'kpi.duckdb'), retention: LONG_RETENTION })
    const result = await store.append('test', samples())
    expect(result.rejected).toEqual([])
    await store.setState('demo', 'programme_start', START)
  })
  afterEach(async () => {
    await store.close()
    tmp.cleanup()
  })

  const byId = (list: KpiValue[]) => new Map(list.map((k) => [k.id, k]))

  it('computes value, baseline change, status and trend', async () => {
    const api = createKpiApi({ store, config: () => config(), now: () => NOW })
    const list = await api.getKpis({ from: FROM, to: NOW, step: 86_400 })
    expect(list.map((k) => k.id)).toEqual(kpis.map((k) => k.id))
    const k = byId(list)

    const roi = k.get('roi') as KpiValue
    const last = NOW - STEP
    const value = roiOf(benefitsAt(last), 200)
    expect(roi.value).toBeCloseTo(value, 9)
    expect(roi.at).toBe(last)
    expect(roi.error).toBeNull()
    expect(roi.series).toEqual(['ai_benefits_usd_total', 'ai_investment_usd_total'])
    expect(roi.status).toBe('at_risk')
    expect(roi.statusReason).toBe('24.91 % vs target 25 %: 0.08681 below target, within the at-risk margin of 2.5 (10 % of the target): at risk')
    // Baseline: the formula on each reference's last value in the 24 h before start+18d (= NOW − 2 days).
    const baseline = roiOf(benefitsAt(NOW - 2 * DAY - STEP), 200)
    expect(roi.baseline).toBeCloseTo(baseline, 9)
    expect(roi.baselineSource).toBe('value at start+18d (2026-06-02 00:00 UTC)')
    expect(roi.baselineError).toBeNull()
    expect(roi.changeVsBaselinePct).toBeCloseTo(((value - baseline) / Math.abs(baseline)) * 100, 9)
    expect(roi.improvedVsBaseline).toBe(true)
    // Trend: per day bucket, the formula on each reference's bucket average.
    const expectedTrend: Point[] = [0, 1, 2].map((d) => {
      const ts: number[] = []
      for (let t = FROM + d * DAY; t < FROM + (d + 1) * DAY; t += STEP) ts.push(t)
      return [FROM + d * DAY, roiOf(ts.reduce((a, t) => a + benefitsAt(t), 0) / ts.length, 200)]
    })
    expect(roi.trend.map((p) => p[0])).toEqual(expectedTrend.map((p) => p[0]))
    roi.trend.forEach((p, i) => expect(p[1]).toBeCloseTo(expectedTrend[i][1], 9))
    const first = expectedTrend[0][1]
    expect(roi.trendChangePct).toBeCloseTo(((expectedTrend[2][1] - first) / Math.abs(first)) * 100, 9)

    // A reference matching several label sets is their average: (500 + 700) / 2.
    const latAll = k.get('lat_all') as KpiValue
    expect(latAll).toMatchObject({ value: 600, status: 'at_risk', baseline: 800, baselineSource: 'configured', improvedVsBaseline: true })
    expect(latAll.changeVsBaselinePct).toBeCloseTo(-25, 12)
    expect(latAll.trend).toEqual([[FROM, 600], [FROM + DAY, 600], [FROM + 2 * DAY, 600]])
    expect(latAll.trendChangePct).toBe(0)
    expect(k.get('lat_a')).toMatchObject({
      value: 500,
      status: 'off_track',
      statusReason: '500 ms is above the normal range 400–450 ms by more than 5 (10 % of the range): off track',
      normalRange: [400, 450],
      baseline: null,
      changeVsBaselinePct: null
    })
    expect(k.get('availability')).toMatchObject({ value: 75, status: 'off_track' })
    expect(k.get('constant')).toMatchObject({ value: 42, at: null, status: 'no_target', trend: [], series: [] })
  })

  it('tells unknown series, no data, division by zero and invalid formulas apart', async () => {
    const api = createKpiApi({ store, config: () => config(), now: () => NOW })
    const k = byId(await api.getKpis({ from: FROM, to: NOW }))
    const state = (id: string) => {
      const v = k.get(id) as KpiValue
      return { value: v.value, status: v.status, error: v.error }
    }
    expect(state('ghost')).toEqual({
      value: null,
      status: 'unknown',
      error: { kind: 'unknown_series', message: 'unknown series "ghost_series" (no source has written it)' }
    })
    expect(state('wrong_labels').error).toEqual({ kind: 'unknown_series', message: 'no "lat" series has the labels {svc="zzz"}' })
    expect(state('stale').error).toEqual({
      kind: 'no_data',
      message: 'no data for stale_series between 2026-06-01 00:00 UTC and 2026-06-04 00:00 UTC'
    })
    expect(state('div')).toEqual({
      value: null,
      status: 'unknown',
      error: { kind: 'division_by_zero', message: 'division by zero: ai_zero_total is 0' }
    })
    expect((k.get('div') as KpiValue).baselineError).toBe('baseline: division by zero: ai_zero_total is 0 at now-1d (2026-06-03 00:00 UTC)')
    expect((k.get('div') as KpiValue).trend).toEqual([])
    expect(state('broken')).toEqual({
      value: null,
      status: 'unknown',
      error: { kind: 'invalid_formula', message: 'formula "(a +": expected a number, a series name or "(" at column 5' }
    })
    expect((k.get('broken') as KpiValue).statusReason).toBe('no value: formula "(a +": expected a number, a series name or "(" at column 5')
  })

  it('returns the KPIs asked for in config order and refuses unknown ids by name', async () => {
    const api = createKpiApi({ store, config: () => config(), now: () => NOW })
    const list = await api.getKpis({ ids: ['lat_a', 'roi', 'lat_a'], from: FROM, to: NOW })
    expect(list.map((k) => k.id)).toEqual(['roi', 'lat_a'])
    const err = await api.getKpis({ ids: ['roi', 'nope', 'gone'], from: FROM, to: NOW }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(BadRequestError)
    expect((err as Error).message).toBe('unknown KPI ids "nope", "gone" (not under kpis: in the config)')
    await expect(api.getKpis({ from: FROM, to: NOW, step: 1 })).rejects.toThrow(/gives 259200 points; the limit is 20000/)
  })

  it('values a past range at its end, and a live range at the latest sample', async () => {
    await store.append('test', [
      { name: 'live_metric', labels: {}, ts: NOW - 60 * MIN, value: 1 },
      { name: 'live_metric', labels: {}, ts: NOW + 10_000, value: 2 }
    ])
    const cfg = configSchema.parse({ kpis: [{ id: 'live', name: 'Live', formula: 'live_metric', dimension: 'technical' }] })
    const live = createKpiApi({ store, config: () => cfg, now: () => NOW + 20_000 })
    expect((await live.getKpis({ from: NOW - DAY, to: NOW }))[0]).toMatchObject({ value: 2, at: NOW + 10_000 })
    const later = createKpiApi({ store, config: () => cfg, now: () => NOW + DAY })
    const past = (await later.getKpis({ from: NOW - DAY, to: NOW, step: 600 }))[0]
    // The last sample before `to`; its time is reported as the start of its 10-minute bucket.
    expect(past).toMatchObject({ value: 1, at: NOW - 60 * MIN })

    // ROI over the first two days only: the value at the end of that range, from both references.
    const api = createKpiApi({ store, config: () => config(), now: () => NOW + DAY })
    const [roi] = await api.getKpis({ ids: ['roi'], from: FROM, to: NOW - DAY })
    expect(roi.value).toBeCloseTo(roiOf(benefitsAt(NOW - DAY - STEP), 200), 9)
    expect(roi.at).toBeLessThanOrEqual(NOW - DAY - STEP)
    expect(roi.at).toBeGreaterThan(NOW - DAY - STEP - 600_000)
  })

  it('reports why a baseline or the programme start is unavailable', async () => {
    const future = config({
      kpis: [
        { id: 'a', name: 'A', formula: 'lat', dimension: 'technical', baseline: { at: 'start+30d' } },
        { id: 'b', name: 'B', formula: 'lat', dimension: 'technical', baseline: { at: 'start+1d' } }
      ]
    })
    const api = createKpiApi({ store, config: () => future, now: () => NOW })
    const [a, b] = await api.getKpis({ from: FROM, to: NOW })
    expect(a.baselineError).toBe('baseline time start+30d (2026-06-14 00:00 UTC) is in the future')
    expect(b.baselineError).toBe('baseline: no data for lat in the 24 h before start+1d (2026-05-16 00:00 UTC)')
    expect(b.value).toBe(600)

    const unrecorded = config({ sources: [{ id: 'other', kind: 'demo' }], programme: { start: { source: 'other' } }, kpis: [kpis[0]] })
    const api2 = createKpiApi({ store, config: () => unrecorded, now: () => NOW })
    const [roi] = await api2.getKpis({ from: FROM, to: NOW })
    expect(roi.baselineError).toBe(
      'baseline at start+18d: programme.start: source "other" has not recorded the programme start yet (it does on its first run)'
    )
    expect(roi.value).not.toBeNull()
    const m = await api2.getMilestones({})
    expect(m.total).toBe(0)
    expect(m.error).toBe(
      'programme.start: source "other" has not recorded the programme start yet (it does on its first run), so milestones "one", "two", "three", "four" cannot be placed'
    )
    const missing = config({ sources: [], programme: { start: { source: 'nowhere' } }, kpis: [] })
    const m2 = await createKpiApi({ store, config: () => missing, now: () => NOW }).getMilestones({})
    expect(m2.error).toMatch(/^programme\.start: there is no source "nowhere" under sources:, so milestones/)
  })

  it('summarises milestones against the programme start the demo source recorded', async () => {
    const api = createKpiApi({ store, config: () => config(), now: () => NOW })
    const m = await api.getMilestones({})
    expect(m.programme).toEqual({ name: 'Test programme', start: START })
    expect(m.error).toBeNull()
    expect(m.milestones.map((v) => [v.id, v.state, v.daysLeft])).toEqual([
      ['one', 'completed', null],
      ['two', 'delayed', -1],
      ['three', 'at_risk', 5],
      ['four', 'on_track', 40]
    ])
    expect([m.completedPct, m.onTrackPct, m.atRiskPct, m.delayedPct]).toEqual([25, 25, 25, 25])
    expect(m.next?.id).toBe('two')
  })

  it('reads each distinct reference once per request, all trends in one batch, and reuses baselines', async () => {
    const calls = { latest: 0, queryRange: 0, queryRangeMany: 0, listSeries: 0, rangeQueries: 0 }
    const counted = new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver)
        if (typeof value !== 'function') return value
        return (...args: unknown[]) => {
          if (prop in calls) calls[prop as keyof typeof calls]++
          if (prop === 'queryRangeMany') calls.rangeQueries += (args[0] as unknown[]).length
          return value.apply(target, args)
        }
      }
    })
    const api = createKpiApi({ store: counted, config: () => config(), now: () => NOW })
    await api.getKpis({ from: FROM, to: NOW })
    // 9 distinct references over 7 names, 7 references stored: one catalog lookup per name, one
    // latest() per stored reference, one batch of their 7 trends, plus one batch per baseline
    // at a time (roi and div, 2 references each).
    expect(calls).toEqual({ listSeries: 7, latest: 7, queryRange: 0, queryRangeMany: 1 + 2, rangeQueries: 7 + 4 })
    for (const key of Object.keys(calls) as (keyof typeof calls)[]) calls[key] = 0
    await api.getKpis({ from: FROM, to: NOW })
    // roi's baseline (a time in the past) is remembered; div's failed, so it is tried again.
    expect(calls).toEqual({ listSeries: 7, latest: 7, queryRange: 0, queryRangeMany: 1 + 1, rangeQueries: 7 + 2 })
  })

  it('answers concurrent requests for the same window identically (shared reads)', async () => {
    const api = createKpiApi({ store, config: () => config(), now: () => NOW })
    const [a, b] = await Promise.all([
      api.getKpis({ ids: ['roi', 'lat_all'], from: FROM, to: NOW }),
      api.getKpis({ ids: ['lat_all', 'availability'], from: FROM, to: NOW })
    ])
    expect(a[1]).toEqual(b[0])
    expect(a[1].trend.length).toBeGreaterThan(100)
  })
})
