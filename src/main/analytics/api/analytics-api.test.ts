// getForecast and getAnomalies over in-memory data with stand-in engines: grids, gaps, crossings,
// warm-up, periods and the errors a caller gets.
import { describe, expect, it } from 'vitest'
import type { KpiValue } from '@shared/kpi'
import type { Point, RangeQuery } from '@shared/types'
import type { AnomalyVerdict, StreamingDetector } from '../anomaly/types'
import type { Forecaster } from '../forecast/types'
import { anomalyPeriods, createAnomalyApi, WARMUP_STEPS } from './anomaly-api'
import { createForecastApi } from './forecast-api'

const HOUR = 3_600_000
const NOW = 1_800_000_000_000 + 1234

const flat: Forecaster = (values, { horizon, levels = [80, 95] }) => {
  const last = values[values.length - 1]
  const slope = (values[values.length - 1] - values[0]) / (values.length - 1)
  const mean = Array.from({ length: horizon }, (_, i) => last + slope * (i + 1))
  return { model: `line n=${values.length}`, mean, intervals: levels.map((level) => ({ level, lower: mean.map((m) => m - level / 10), upper: mean.map((m) => m + level / 10) })) }
}

/** Hourly points of value = hour index, over the store's whole span, with one gap. */
function hourlyStore(): { queries: RangeQuery[]; queryRange: (q: RangeQuery) => Promise<{ series: string; points: Point[] }> } {
  const queries: RangeQuery[] = []
  return {
    queries,
    queryRange: async (q) => {
      queries.push(q)
      const points: Point[] = []
      for (let t = Math.ceil(q.from / HOUR) * HOUR; t < q.to; t += HOUR) if (t !== Math.floor(NOW / HOUR) * HOUR - 5 * HOUR) points.push([t, t / HOUR])
      return { series: q.series, points }
    }
  }
}

describe('getForecast', () => {
  it('reads whole steps up to now on an hourly grid, forecasts ahead and says when a condition is met', async () => {
    const store = hourlyStore()
    const api = createForecastApi({ queryRange: store.queryRange, kpiTrend: async () => null, forecaster: flat, now: () => NOW })
    const end = Math.floor(NOW / HOUR) * HOUR
    const lastValue = end / HOUR - 1
    const view = await api({ series: 'disk_used', labels: { host: 'a' }, horizonMs: 24 * HOUR, condition: `> ${lastValue + 10.5}` })
    expect(store.queries[0]).toMatchObject({ series: 'disk_used', labels: { host: 'a' }, to: end, step: 3600, agg: 'avg' })
    expect(view.stepMs).toBe(HOUR)
    expect(view.history).toHaveLength(14 * 24 - 1)
    expect(view.ts).toHaveLength(24)
    expect(view.ts[0]).toBe(end)
    expect(view.mean[0]).toBeCloseTo(lastValue + 1, 6)
    expect(view.bands.map((b) => b.level)).toEqual([80, 95])
    // Mean passes lastValue + 10.5 at the 11th step; the 95 % band (+9.5) at the 2nd.
    expect(view.crossing).toEqual({ condition: `> ${lastValue + 10.5}`, meanAt: end + 10 * HOUR, earliestAt: end + HOUR, alreadyMet: false })
    expect(view.note).toContain('seasonal periods 24, 168 steps')
  })

  it('forecasts a KPI from its trend, and refuses unknown KPIs, thin history and over-long horizons', async () => {
    const trend: Point[] = Array.from({ length: 30 }, (_, i) => [Math.floor(NOW / HOUR) * HOUR - (30 - i) * HOUR, 40 + i])
    const kpi = { id: 'roi', trend } as unknown as KpiValue
    const api = createForecastApi({
      queryRange: async () => ({ series: 'x', points: trend.slice(0, 3) }),
      kpiTrend: async (id) => (id === 'roi' ? kpi : null),
      forecaster: flat,
      now: () => NOW
    })
    const view = await api({ kpi: 'roi', horizonMs: 2 * HOUR })
    expect(view.target).toEqual({ kind: 'kpi', kpi: 'roi' })
    expect(view.mean[0]).toBeCloseTo(70, 6)
    await expect(api({ kpi: 'nope', horizonMs: HOUR })).rejects.toThrow('no KPI "nope"')
    await expect(api({ series: 'x', horizonMs: HOUR })).rejects.toThrow('series "x" has 3 points in the last 336 h at a 3600 s step; a forecast needs at least 8')
    await expect(api({ series: 'x', horizonMs: 400 * 86_400_000, stepMs: 60_000 })).rejects.toThrow(/at most 5000/)
    await expect(api({ kpi: 'roi', horizonMs: HOUR, condition: 'above 3' })).rejects.toThrow(/condition: expected a comparison/)
  })
})

/** Flags values over 100 (stand-in for the real detector). */
class OverHundred implements StreamingDetector {
  seen = 0
  update(ts: number, value: number): AnomalyVerdict {
    this.seen += 1
    const score = value > 100 ? 0.95 : 0.1
    return { score, expected: { low: 0, high: 100 }, deviation: Math.max(0, value - 100), since: null, explanation: `got ${value}` }
  }
  snapshot() {
    return { version: 1 }
  }
}

describe('getAnomalies', () => {
  it('warms each series up before the range and merges high-scoring steps into periods', async () => {
    const from = 1_000 * HOUR
    const to = from + 10 * HOUR
    const detectors: OverHundred[] = []
    const asked: RangeQuery[] = []
    const api = createAnomalyApi({
      listSeries: async () => [
        { name: 'lat', labels: { svc: 'a' }, unit: null, source: 'demo' },
        { name: 'lat', labels: { svc: 'b' }, unit: null, source: 'demo' },
        { name: 'latency_other', labels: { svc: 'a' }, unit: null, source: 'demo' }
      ],
      queryRangeMany: async (qs) => {
        asked.push(...qs)
        return qs.map((q) => {
          const points: Point[] = []
          for (let t = q.from; t < q.to; t += HOUR) points.push([t, q.labels?.svc === 'a' && [from + 2 * HOUR, from + 3 * HOUR, from + 7 * HOUR].includes(t) ? 500 : 10])
          return { series: q.series, points }
        })
      },
      createDetector: () => {
        const d = new OverHundred()
        detectors.push(d)
        return d
      }
    })
    const view = await api({ series: 'lat', from, to, stepMs: HOUR })
    expect(asked.map((q) => q.labels)).toEqual([{ svc: 'a' }, { svc: 'b' }])
    expect(asked[0]).toMatchObject({ from: from - WARMUP_STEPS * HOUR, to, step: 3600 })
    expect(detectors.map((d) => d.seen)).toEqual([WARMUP_STEPS + 10, WARMUP_STEPS + 10])
    expect(view.periods).toEqual([
      { labels: { svc: 'a' }, from: from + 2 * HOUR, to: from + 3 * HOUR, peakScore: 0.95, explanation: 'got 500' },
      { labels: { svc: 'a' }, from: from + 7 * HOUR, to: from + 7 * HOUR, peakScore: 0.95, explanation: 'got 500' }
    ])
    expect(view.latest).toEqual([
      { labels: { svc: 'a' }, ts: to - HOUR, value: 10, score: 0.1, explanation: 'got 10' },
      { labels: { svc: 'b' }, ts: to - HOUR, value: 10, score: 0.1, explanation: 'got 10' }
    ])
    await expect(api({ series: 'lat', from, to, stepMs: 1000 })).rejects.toThrow(/more than 20000 points/)
  })

  it('keeps the highest score of a period with its explanation', () => {
    const v = (score: number, explanation: string): AnomalyVerdict => ({ score, expected: null, deviation: 0, since: null, explanation })
    expect(anomalyPeriods({}, [{ ts: 1, verdict: v(0.91, 'a') }, { ts: 2, verdict: v(0.99, 'b') }, { ts: 3, verdict: v(0.92, 'c') }], 0.9)).toEqual([
      { labels: {}, from: 1, to: 3, peakScore: 0.99, explanation: 'b' }
    ])
  })
})
