import { describe, expect, it } from 'vitest'
import { projectionOverlay } from './projection-overlay'
import { timeSeriesOption } from './time-series-option'

describe('projectionOverlay', () => {
  it('joins the projection to the last observation and leaves out steps without a mean or band edges', () => {
    const o = projectionOverlay(
      {
        times: [10, 20, 30],
        mean: [1, null, 3],
        intervals: [
          { level: 80, lower: [0.5, 1, null], upper: [1.5, 2, 3.5] },
          { level: 95, lower: [0, 0.5, 2], upper: [2, 2.5, 4] }
        ]
      },
      [0, 0.8],
      'logistic'
    )
    expect(o.anchored).toBe(true)
    expect(o.model).toBe('logistic')
    expect(o.mean).toEqual([[0, 0.8], [10, 1], [30, 3]])
    // Widest band first; a step missing an edge is not drawn.
    expect(o.bands.map((b) => b.level)).toEqual([95, 80])
    expect(o.bands[1].lower).toEqual([[0, 0.8], [10, 0.5]])
    expect(o.bands[0].upper).toEqual([[0, 0.8], [10, 2], [30, 4]])
  })

  it('without an anchor the projection starts at its first step', () => {
    const o = projectionOverlay({ times: [10], mean: [1], intervals: [] }, null, 'Naive')
    expect(o.anchored).toBe(false)
    expect(o.mean).toEqual([[10, 1]])
  })
})

describe('reference labels', () => {
  it('a reference line can put its label at the start, so two close lines stay readable', () => {
    const option = timeSeriesOption({
      lines: [{ name: 'a', points: [[0, 1]] }],
      unit: 'percent',
      from: 0,
      to: 10,
      interactive: false,
      references: [
        { kind: 'baseline', value: 80, label: 'plateau' },
        { kind: 'target', value: 75, label: 'target', labelAt: 'start' }
      ]
    })
    const series = option.series as { markLine?: { data: { label: { position: string } }[] } }[]
    const marks = series.find((s) => s.markLine)!.markLine!.data
    expect(marks.map((m) => m.label.position)).toEqual(['insideEndTop', 'insideStartTop'])
  })
})
