import { describe, expect, it } from 'vitest'
import type { ForecastView } from '@shared/analytics'
import { bandOpacity, forecastAt, forecastEnd, forecastOverlay, forecastSeries } from './forecast-series'
import { forecastYBounds, timeSeriesOption } from './time-series-option'

const H = 3_600_000
const view = (over: Partial<ForecastView> = {}): ForecastView => ({
  target: { kind: 'series', series: 'disk', labels: {} },
  model: 'ETS(A,A,N)',
  stepMs: H,
  history: [[0, 10], [H, 11], [2 * H, 12]],
  ts: [3 * H, 4 * H],
  mean: [13, 14],
  bands: [
    { level: 80, lower: [12, 12.5], upper: [14, 15.5] },
    { level: 95, lower: [11, 11], upper: [15, 17] }
  ],
  crossing: null,
  generatedAt: 3 * H,
  note: 'fitted on 3 points',
  ...over
})

describe('forecastOverlay', () => {
  it('starts the mean and bands at the last observation, widest band first', () => {
    const o = forecastOverlay(view())
    expect(o.anchored).toBe(true)
    expect(o.mean).toEqual([[2 * H, 12], [3 * H, 13], [4 * H, 14]])
    expect(o.bands.map((b) => b.level)).toEqual([95, 80])
    expect(o.bands[1].lower).toEqual([[2 * H, 12], [3 * H, 12], [4 * H, 12.5]])
    expect(o.bands[1].upper).toEqual([[2 * H, 12], [3 * H, 14], [4 * H, 15.5]])
  })

  it('leaves out non-finite steps and bands of the wrong length instead of drawing zeros', () => {
    const o = forecastOverlay(
      view({ history: [], mean: [13, Number.NaN], bands: [{ level: 80, lower: [12, 12], upper: [14, 15] }, { level: 95, lower: [1], upper: [2] }] })
    )
    expect(o.anchored).toBe(false)
    expect(o.mean).toEqual([[3 * H, 13]])
    expect(o.bands).toHaveLength(1)
    expect(o.bands[0].lower).toEqual([[3 * H, 12]])
  })

  it('orders a band whose edges come swapped', () => {
    const o = forecastOverlay(view({ history: [], bands: [{ level: 80, lower: [14, 15], upper: [12, 13] }] }))
    expect(o.bands[0].lower.map((p) => p[1])).toEqual([12, 13])
    expect(o.bands[0].upper.map((p) => p[1])).toEqual([14, 15])
  })
})

describe('forecastSeries', () => {
  it('draws each band as a hidden lower edge plus its width stacked on it, then the dashed mean', () => {
    const o = forecastOverlay(view())
    const s = forecastSeries(o, { color: '#4cc9f0', lineWidth: 3 })
    expect(s.map((x) => x.name)).toEqual(['95 % lower', '95 %', '80 % lower', '80 %', 'forecast'])
    const [lower95, width95, , width80, mean] = s
    expect(lower95.stack).toBe(width95.stack)
    expect(lower95.stackStrategy).toBe('all')
    expect(lower95.lineStyle).toEqual({ opacity: 0 })
    expect(lower95.areaStyle).toBeUndefined()
    expect(width95.areaStyle).toBeDefined()
    // Width = upper − lower at every step, so the stacked top is the upper edge.
    expect(width95.data).toEqual([[2 * H, 0], [3 * H, 4], [4 * H, 6]])
    expect(width80.data).toEqual([[2 * H, 0], [3 * H, 2], [4 * H, 3]])
    expect((mean.lineStyle as { type: string }).type).toBe('dashed')
    expect(s.every((x) => !('sampling' in x))).toBe(true)
    // The likelier (narrower) band is shaded darker.
    expect((width80.areaStyle as { opacity: number }).opacity).toBeGreaterThan((width95.areaStyle as { opacity: number }).opacity)
  })

  it('bandOpacity ranks by coverage', () => {
    expect(bandOpacity(95, [80, 95])).toBeLessThan(bandOpacity(80, [80, 95]))
  })
})

describe('forecastAt / forecastEnd', () => {
  it('reads the mean and band edges at a step, not at the anchor (history)', () => {
    const o = forecastOverlay(view())
    expect(forecastAt(o, 3 * H + 10, 60_000)).toEqual({ t: 3 * H, mean: 13, bands: [{ level: 80, lower: 12, upper: 14 }, { level: 95, lower: 11, upper: 15 }] })
    expect(forecastAt(o, 2 * H, 60_000)).toBeNull()
    expect(forecastEnd(o)).toEqual({ t: 4 * H, mean: 14, bands: [{ level: 80, lower: 12.5, upper: 15.5 }, { level: 95, lower: 11, upper: 17 }] })
  })
})

describe('timeSeriesOption with a forecast', () => {
  const base = { unit: 'percent' as const, from: 0, to: 4 * H, interactive: false }
  it('adds the forecast series and a legend of history, forecast, 80 % and 95 %', () => {
    const o = timeSeriesOption({ ...base, lines: [{ name: 'history', points: view().history }], forecast: forecastOverlay(view()) })
    const legend = o.legend as { show: boolean; data: (string | { name: string })[] }
    expect(legend.show).toBe(true)
    expect(legend.data.map((d) => (typeof d === 'string' ? d : d.name))).toEqual(['history', 'forecast', '80 %', '95 %'])
    expect((o.series as unknown[]).length).toBe(6)
  })

  it('states the forecast and its bands in the tooltip, not the stacked widths', () => {
    const o = timeSeriesOption({ ...base, lines: [{ name: 'history', points: view().history }], forecast: forecastOverlay(view()) })
    const fmt = (o.tooltip as { formatter: (p: unknown) => string }).formatter
    const html = fmt([
      { axisValue: 4 * H, seriesId: 'forecast-part-95-width', seriesName: '95 %', value: [4 * H, 6] },
      { axisValue: 4 * H, seriesId: 'forecast-part-mean', seriesName: 'forecast', value: [4 * H, 14] }
    ])
    expect(html).toContain('forecast: <b>14.0 %</b>')
    expect(html).toContain('80 %: 12.5 % – 15.5 %')
    expect(html).toContain('95 %: 11.0 % – 17.0 %')
    expect(html).toContain('ETS(A,A,N)')
    expect(html).not.toContain('6.0 %')
  })

  it('keeps very wide bands from flattening the history, and stops at value limits', () => {
    const wide = forecastOverlay(view({ bands: [{ level: 95, lower: [-1000, -2000], upper: [1000, 2000] }] }))
    const lines = [{ name: 'h', points: view().history }]
    const [lo, hi] = forecastYBounds(lines, wide, [])!
    // history + mean span 10..14 (4): at most one more span each side, plus a small margin.
    expect(lo).toBeGreaterThan(5)
    expect(lo).toBeLessThan(10)
    expect(hi).toBeGreaterThan(14)
    expect(hi).toBeLessThan(19)
    expect(forecastYBounds(lines, wide, [], [10, 100])![0]).toBe(10)
    // A narrow band is shown whole.
    const [nlo, nhi] = forecastYBounds(lines, forecastOverlay(view()), [])!
    expect(nlo).toBeLessThan(10)
    expect(nhi).toBeGreaterThan(17)
  })
})
