import { describe, expect, it } from 'vitest'
import { DEFAULT_STATE, parseHash, type HashState } from '../../routing/hash-state'
import {
  bandRows,
  drillHash,
  drillStepAvailable,
  drillStepLinks,
  drillStepSeconds,
  drillTargetOf,
  newestRows,
  rawWindows,
  tierLabel
} from './drill-links'

const DAY = 86_400_000
const window24h = { from: 0, to: DAY, step: 300 }

describe('drill-down URLs', () => {
  it('opens a clicked tile with its labels over the current view and range', () => {
    const state: HashState = { ...DEFAULT_STATE, view: 'technical', range: '7d' }
    const hash = drillHash(state, drillTargetOf({ series: 'service_latency_ms', labels: { service: 'checkout' } }))
    expect(hash).toBe('#/technical?range=7d&drill=service_latency_ms&labels=service%3Dcheckout')
    expect(parseHash(hash)).toEqual({ ...state, drill: { series: 'service_latency_ms', labels: { service: 'checkout' }, kpi: null, step: 'auto' } })
  })

  it('keeps a custom range and the KPI the drill came from', () => {
    const state: HashState = { ...DEFAULT_STATE, range: 'custom', from: Date.UTC(2025, 0, 1), to: Date.UTC(2025, 0, 2) }
    const hash = drillHash(state, drillTargetOf({ series: 'ai_benefits_usd_total', kpi: 'roi', labels: {} }))
    expect(hash).toBe(
      '#/executive?range=custom&from=2025-01-01T00%3A00%3A00.000Z&to=2025-01-02T00%3A00%3A00.000Z&drill=ai_benefits_usd_total&kpi=roi'
    )
  })

  it('links each resolution, marking the current one and those the range cannot serve', () => {
    const state: HashState = { ...DEFAULT_STATE, range: '90d', drill: { series: 'cpu', labels: null, kpi: null, step: '1h' } }
    const links = drillStepLinks(state, { from: 0, to: 90 * DAY, step: 21600 })
    expect(links.map((l) => [l.step, l.available, l.current])).toEqual([
      ['auto', true, false],
      ['1m', false, false], // 129,600 one-minute buckets: more than the engine answers
      ['1h', true, true]
    ])
    expect(parseHash(links[1].href).drill?.step).toBe('1m')
    expect(drillStepLinks({ ...state, drill: null }, window24h)).toEqual([])
  })
})

describe('drill-down resolution', () => {
  it('uses the view window step on auto, else the roll-up width', () => {
    expect(drillStepSeconds('auto', window24h)).toBe(300)
    expect(drillStepSeconds('1m', window24h)).toBe(60)
    expect(drillStepSeconds('1h', window24h)).toBe(3600)
    expect(drillStepAvailable('1m', { from: 0, to: 13 * DAY, step: 3600 })).toBe(true)
    expect(drillStepAvailable('1m', { from: 0, to: 14 * DAY, step: 3600 })).toBe(false)
  })

  it('reads the raw table from short 1 s windows ending at the given time, within the bucket limit', () => {
    const windows = rawWindows(10 * DAY)
    expect(windows[0]).toEqual({ from: 10 * DAY - 3_600_000, to: 10 * DAY, step: 1 })
    for (const w of windows) expect((w.to - w.from) / 1000 / w.step).toBeLessThanOrEqual(20_000)
  })

  it('shows the newest 50 points first', () => {
    const points = Array.from({ length: 120 }, (_, i) => [i, i * 2] as [number, number])
    const rows = newestRows(points)
    expect(rows).toHaveLength(50)
    expect(rows[0]).toEqual([119, 238])
    expect(rows[49]).toEqual([70, 140])
    expect(newestRows([[1, 1]])).toEqual([[1, 1]])
  })

  it('joins avg/min/max answers by time and names tiers', () => {
    expect(
      bandRows(
        [
          [1, 5],
          [2, 6]
        ],
        [[1, 4]],
        [
          [1, 7],
          [3, 9]
        ]
      )
    ).toEqual([
      { ts: 1, avg: 5, min: 4, max: 7 },
      { ts: 2, avg: 6, min: null, max: null },
      { ts: 3, avg: null, min: null, max: 9 }
    ])
    expect(tierLabel('raw')).toBe('raw samples')
    expect(tierLabel('1h')).toBe('1-hour roll-up')
    expect(tierLabel(undefined)).toBe('unknown')
  })
})
