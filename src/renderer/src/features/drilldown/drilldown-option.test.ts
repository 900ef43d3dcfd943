import { describe, expect, it } from 'vitest'
import { AVG_NAME, BAND_NAME, drilldownOption } from './drilldown-option'

const colors = { text: '#000', grid: '#ccc', line: '#00f', band: 'rgba(0,0,255,0.2)', tooltipBg: '#fff' }

describe('drilldownOption', () => {
  const rows = [
    { ts: 1000, avg: 5, min: 2, max: 9 },
    { ts: 2000, avg: 6, min: -3, max: 8 },
    { ts: 3000, avg: 7, min: null, max: null }
  ]
  const option = drilldownOption({ rows, unit: 'number', from: 0, to: 4000, colors })
  const series = option.series as { name: string; data: [number, number][]; stack?: string; stackStrategy?: string }[]

  it('stacks the max−min difference on the min line (for negative values too) and draws the average', () => {
    expect(series.map((s) => s.name)).toEqual(['min', BAND_NAME, AVG_NAME])
    expect(series[0].data).toEqual([
      [1000, 2],
      [2000, -3]
    ])
    expect(series[1].data).toEqual([
      [1000, 7],
      [2000, 11]
    ])
    expect(series[0].stack).toBe(series[1].stack)
    expect(series[1].stackStrategy).toBe('all')
    expect(series[2].data).toEqual([
      [1000, 5],
      [2000, 6],
      [3000, 7]
    ])
  })

  it('shows avg, min and max of a bucket in the tooltip', () => {
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter
    const text = formatter([{ value: [2000, 11] }])
    expect(text).toContain('avg 6')
    expect(text).toContain('min -3')
    expect(text).toContain('max 8')
    expect(formatter([{ value: [999, 1] }])).toBe('')
  })
})
