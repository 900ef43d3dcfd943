// The analytics member as review mode reads it: version check, shape errors that say where, the
// latest values' non-JSON numbers, and the forecast lookup key.
import { describe, expect, it } from 'vitest'
import type { ViewsResult } from '@shared/api'
import { encodeLatest, forecastKey, parseReviewAnswers, viewForecastCalls } from './review-answers'

const base = { appVersion: '1.2.3', generatedAt: 0, forecasts: { roi: null }, recommendations: [] }
const text = (extra: object): string => JSON.stringify({ ...base, ...extra })

describe('review answers', () => {
  it('reads the snapshot, the latest values (NaN and infinities included) and the panel forecasts', () => {
    const latest = encodeLatest([
      [0, 10, 1.5],
      [3, 20, Number.NaN],
      [4, 30, Number.POSITIVE_INFINITY],
      [5, 40, Number.NEGATIVE_INFINITY]
    ])
    expect(latest[1]).toEqual([3, 20, 'NaN'])
    const args = { kpi: 'roi', horizonMs: 1000, condition: '> 0' }
    const forecast = { points: [[1, 2]] }
    const answers = parseReviewAnswers(text({ latest, panelForecasts: [{ args, forecast }] }), '1.2.3')
    expect(answers.snapshot).toEqual({ forecasts: { roi: null }, recommendations: [] })
    expect(answers.latest).toEqual([
      [0, 10, 1.5],
      [3, 20, Number.NaN],
      [4, 30, Number.POSITIVE_INFINITY],
      [5, 40, Number.NEGATIVE_INFINITY]
    ])
    // Looked up whatever the key order and with absent fields left out or undefined.
    expect(answers.forecasts.get(forecastKey({ condition: '> 0', horizonMs: 1000, kpi: 'roi', historyMs: undefined }))).toEqual(forecast)
    expect(answers.forecasts.get(forecastKey({ kpi: 'roi', horizonMs: 1000 }))).toBeUndefined()
  })

  it('leaves out what an older member lacks', () => {
    const answers = parseReviewAnswers(text({}), '1.2.3')
    expect(answers.latest).toBeNull()
    expect(answers.forecasts.size).toBe(0)
  })

  it('refuses another version and a wrong shape, saying what is wrong', () => {
    expect(() => parseReviewAnswers(text({}), '2.0.0')).toThrow('it was computed by Vigil 1.2.3, this is 2.0.0')
    expect(() => parseReviewAnswers('null', '1.2.3')).toThrow('it does not hold { appVersion, forecasts, recommendations }')
    expect(() => parseReviewAnswers(text({ latest: [[0, 1, 2], [1, 'x', 2]] }), '1.2.3')).toThrow('latest[1] is not [series id, ts, value]: [1,"x",2]')
    expect(() => parseReviewAnswers(text({ latest: [[0.5, 1, 2]] }), '1.2.3')).toThrow('latest[0] is not [series id, ts, value]')
    expect(() => parseReviewAnswers(text({ latest: [[0, 1, 'many']] }), '1.2.3')).toThrow('latest[0] is not [series id, ts, value]')
    expect(() => parseReviewAnswers(text({ latest: {} }), '1.2.3')).toThrow('latest is not a list')
    expect(() => parseReviewAnswers(text({ panelForecasts: [{ args: {} }] }), '1.2.3')).toThrow('panelForecasts[0] is not { args, forecast }')
    expect(() => parseReviewAnswers('{', '1.2.3')).toThrow(SyntaxError)
  })

  it('lists each distinct forecast the views ask for, from forecast panels and KPI charts with a forecast', () => {
    const views = {
      views: [
        {
          id: 'a',
          title: 'A',
          panels: [
            { type: 'kpi-chart', kpi: 'roi', forecast: true },
            { type: 'kpi-chart', kpi: 'csat' },
            { type: 'forecast', series: 'disk_used', horizon: 86_400_000, history: 604_800_000 }
          ]
        },
        { id: 'b', title: 'B', panels: [{ type: 'kpi-chart', kpi: 'roi', forecast: true }, { type: 'stat', series: 'x' }] }
      ],
      wallboard: { playlist: [], intervalMs: 1, staleAfterMs: 1 }
    } as unknown as ViewsResult
    expect(viewForecastCalls(views)).toEqual([
      { kpi: 'roi', horizonMs: 180 * 86_400_000, historyMs: undefined, condition: undefined },
      { series: 'disk_used', labels: undefined, horizonMs: 86_400_000, historyMs: 604_800_000, condition: undefined }
    ])
  })
})
