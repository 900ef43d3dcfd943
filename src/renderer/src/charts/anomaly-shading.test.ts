import { describe, expect, it } from 'vitest'
import type { AnomalyView } from '@shared/analytics'
import { anomaliesAt, anomalyCountText, anomalyLine, anomalyShades, labelsText } from './anomaly-shading'
import { timeSeriesOption } from './time-series-option'

const M = 60_000
const answer = (periods: AnomalyView['periods'], stepMs = M): AnomalyView => ({ series: 'lat', stepMs, minScore: 0.9, periods, latest: [] })
const period = (from: number, to: number, labels = {}, explanation = 'x', peakScore = 0.95) => ({ labels, from, to, peakScore, explanation })

describe('anomalyShades', () => {
  it('spans each period to the end of its last step, clipped to the window, earliest first', () => {
    const shades = anomalyShades(
      [answer([period(10 * M, 12 * M, { service: 'etl' }, 'high')]), answer([period(2 * M, 2 * M, { service: 'api' }, 'low')])],
      0,
      60 * M
    )
    expect(shades).toEqual([
      { from: 2 * M, to: 3 * M, labels: 'service=api', peakScore: 0.95, explanation: 'low' },
      { from: 10 * M, to: 13 * M, labels: 'service=etl', peakScore: 0.95, explanation: 'high' }
    ])
    expect(anomalyShades([answer([period(58 * M, 70 * M), period(-5 * M, -2 * M), period(-5 * M, 1 * M)])], 0, 60 * M)).toEqual([
      { from: 0, to: 2 * M, labels: '', peakScore: 0.95, explanation: 'x' },
      { from: 58 * M, to: 60 * M, labels: '', peakScore: 0.95, explanation: 'x' }
    ])
  })

  it('has nothing for no periods, missing answers or failed ones', () => {
    expect(anomalyShades([answer([]), undefined], 0, 60 * M)).toEqual([])
  })

  it('keeps a one-step period visible on a long window (at least 1/150 of it wide)', () => {
    const [s] = anomalyShades([answer([period(100 * M, 100 * M)])], 0, 1500 * M)
    expect([s.from, s.to]).toEqual([100 * M, 110 * M])
  })

  it('finds the shades at a time and words them with labels, score and explanation', () => {
    const shades = anomalyShades([answer([period(10 * M, 10 * M, { b: '2', a: '1' }, '1,840 ms, expected 700–1,000 ms', 0.971)])], 0, 60 * M)
    expect(anomaliesAt(shades, 10.5 * M, 0)).toHaveLength(1)
    expect(anomaliesAt(shades, 20 * M, M)).toHaveLength(0)
    expect(anomalyLine(shades[0])).toBe('✱ Anomaly (a=1, b=2, score 0.97): 1,840 ms, expected 700–1,000 ms')
    expect(labelsText({})).toBe('')
    expect(anomalyCountText(1)).toBe('1 anomaly')
    expect(anomalyCountText(3)).toBe('3 anomalies')
  })
})

describe('timeSeriesOption with anomalies', () => {
  const base = { unit: 'ms' as const, from: 0, to: 60 * M, interactive: false, lines: [{ name: 'lat', points: [[0, 5], [M, 6]] as [number, number][] }] }
  type S = { markArea?: { data: { xAxis?: number; name?: string }[][] } }
  it('shades one marked area per period and explains it in the tooltip (escaped)', () => {
    const shades = anomalyShades([answer([period(10 * M, 11 * M, {}, '<b>9 s</b> vs 1 s'), period(30 * M, 30 * M)])], 0, 60 * M)
    const o = timeSeriesOption({ ...base, anomalies: shades })
    const areas = (o.series as S[])[0].markArea!.data
    expect(areas.map((a) => [a[0].xAxis, a[1].xAxis])).toEqual([[10 * M, 12 * M], [30 * M, 31 * M]])
    const fmt = (o.tooltip as { formatter: (p: unknown) => string }).formatter
    expect(fmt([{ axisValue: 11 * M, seriesName: 'lat', value: [11 * M, 9000] }])).toContain('Anomaly (score 0.95): &lt;b&gt;9 s&lt;/b&gt; vs 1 s')
    expect(fmt([{ axisValue: 50 * M, seriesName: 'lat', value: [50 * M, 5] }])).not.toContain('Anomaly')
  })

  it('draws no marked area without anomalies', () => {
    const o = timeSeriesOption({ ...base, anomalies: [] })
    expect((o.series as S[])[0].markArea).toBeUndefined()
  })
})
