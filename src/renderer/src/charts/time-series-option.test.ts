import { describe, expect, it } from 'vitest'
import { seriesCount } from './chart-option'
import { timeSeriesOption } from './time-series-option'

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
    expect(timeSeriesOption({ ...base, interactive: true, lines: [] }).dataZoom).toHaveLength(1)
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
