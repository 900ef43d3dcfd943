import { describe, expect, it } from 'vitest'
import type { Annotation } from '@shared/annotations'
import { chartSummary } from './chart-summary'
import { sparklineOption } from './sparkline-option'
import { seriesCount } from './chart-option'
import { escapeHtml, timeSeriesOption } from './time-series-option'

describe('timeSeriesOption', () => {
  const base = { unit: 'percent' as const, from: 1000, to: 5000, interactive: false }

  it('draws one line per input on a time axis fixed to the window', () => {
    const option = timeSeriesOption({
      ...base,
      lines: [
        { name: 'a', points: [[1000, 1], [2000, 2]] },
        { name: 'b', points: [[1000, 3]] }
      ]
    })
    expect(seriesCount(option)).toBe(2)
    const series = option.series as { name: string; data: unknown }[]
    expect(series.map((s) => s.name)).toEqual(['a', 'b'])
    expect(series[0].data).toEqual([[1000, 1], [2000, 2]])
    expect(option.xAxis).toMatchObject({ type: 'time', min: 1000, max: 5000 })
    expect((option.legend as { show: boolean }).show).toBe(true)
  })

  it('formats axis labels with the unit', () => {
    const option = timeSeriesOption({ ...base, lines: [{ name: 'a', points: [[1000, 1]] }] })
    const formatter = (option.yAxis as { axisLabel: { formatter: (v: number) => string } }).axisLabel.formatter
    expect(formatter(42.12)).toBe('42.1 %')
    expect((option.legend as { show: boolean }).show).toBe(false)
  })

  it('adds zoom only in laptop mode', () => {
    expect(timeSeriesOption({ ...base, lines: [] }).dataZoom).toEqual([])
    const zoom = timeSeriesOption({ ...base, interactive: true, lines: [] }).dataZoom as { type: string }[]
    expect(zoom.map((z) => z.type)).toEqual(['inside', 'slider'])
  })
})

describe('seriesCount', () => {
  it('counts array, single and missing series', () => {
    expect(seriesCount({})).toBe(0)
    expect(seriesCount({ series: { type: 'line' } })).toBe(1)
    expect(seriesCount({ series: [{ type: 'line' }, { type: 'line' }] })).toBe(2)
  })
})

describe('timeSeriesOption fontScale', () => {
  it('scales chart text with the page font size', () => {
    const at = (fontScale: number) =>
      (timeSeriesOption({ unit: 'number', from: 0, to: 1, interactive: false, lines: [], fontScale }).xAxis as { axisLabel: { fontSize: number } })
        .axisLabel.fontSize
    expect(at(1)).toBe(13)
    expect(at(2)).toBe(26)
  })
})

describe('timeSeriesOption markers', () => {
  const ann = (id: string, kind: Annotation['kind'], ts: number, endTs: number | null, title: string): Annotation => ({
    id,
    kind,
    ts,
    endTs,
    title,
    text: null,
    series: [],
    labels: {},
    source: 't'
  })
  const base = { unit: 'percent' as const, from: 1000, to: 13_000, interactive: false, lines: [{ name: 'cpu', points: [[1000, 60], [2000, 70]] as [number, number][] }] }
  type S = { markLine?: { data: { xAxis?: number; yAxis?: number; name?: string }[] }; markArea?: { data: { xAxis?: number; yAxis?: number; name?: string }[][] }; areaStyle?: unknown }
  const first = (o: ReturnType<typeof timeSeriesOption>) => (o.series as S[])[0]

  it('draws instants as vertical lines and periods as bands, inside the window only', () => {
    const o = timeSeriesOption({
      ...base,
      annotations: [ann('d', 'deployment', 3000, null, 'v2'), ann('i', 'incident', 5000, 8000, 'outage'), ann('old', 'note', 10, null, 'before')]
    })
    expect(first(o).markLine?.data.map((d) => [d.xAxis, d.name])).toEqual([[3000, 'v2']])
    expect(first(o).markArea?.data.map((d) => [d[0].xAxis, d[1].xAxis, d[0].name])).toEqual([[5000, 8000, 'outage']])
  })

  it('shades the normal range, draws target and baseline, and widens the y axis to show them', () => {
    const o = timeSeriesOption({
      ...base,
      area: true,
      normalRange: [50, 80],
      references: [
        { kind: 'target', value: 95, label: 'Target 95 %' },
        { kind: 'baseline', value: 10, label: 'Baseline 10 %' }
      ]
    })
    expect(first(o).markLine?.data.map((d) => [d.yAxis, d.name])).toEqual([[95, 'Target 95 %'], [10, 'Baseline 10 %']])
    expect(first(o).markArea?.data[0].map((d) => d.yAxis)).toEqual([50, 80])
    expect(first(o).areaStyle).toBeDefined()
    const y = o.yAxis as { min: (v: { min: number; max: number }) => number; max: (v: { min: number; max: number }) => number }
    expect(y.min({ min: 60, max: 70 })).toBeLessThanOrEqual(10)
    expect(y.max({ min: 60, max: 70 })).toBeGreaterThanOrEqual(95)
  })

  it('describes annotations near the hovered time in the tooltip, escaped', () => {
    const o = timeSeriesOption({ ...base, annotations: [ann('d', 'deployment', 3000, null, '<b>v2</b>')] })
    const fmt = (o.tooltip as { formatter: (p: unknown) => string }).formatter
    const html = fmt([{ axisValue: 3000, marker: '', seriesName: 'cpu', value: [3000, 65] }])
    expect(html).toContain('cpu: <b>65.0 %</b>')
    expect(html).toContain('Deployment: &lt;b&gt;v2&lt;/b&gt;')
    expect(fmt([{ axisValue: 12_000, seriesName: 'cpu', value: [12_000, 1] }])).not.toContain('Deployment')
  })

  it('escapeHtml escapes markup', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;')
  })
})

describe('chartSummary', () => {
  it('names each line with its latest value', () => {
    const f = (v: number) => `${v} %`
    expect(chartSummary('CPU', [{ name: 'a', points: [[1, 2], [2, 3]] }, { name: 'b', points: [] }], f, ['target 5 %'])).toBe(
      'CPU chart; a latest 3 %, b no data; target 5 %'
    )
  })
})

describe('sparklineOption', () => {
  it('keeps the target inside the y range', () => {
    const o = sparklineOption({ points: [[1, 10], [2, 12]], target: 30 })
    const y = o.yAxis as { min: number; max: number }
    expect(y.max).toBeGreaterThan(30)
    expect(y.min).toBeLessThan(10)
  })
})
