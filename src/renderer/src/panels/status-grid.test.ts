import { describe, expect, it } from 'vitest'
import type { LatestValue } from '@shared/types'
import { evaluateStatusGrid, type Threshold } from './status-grid'

const lv = (series: string, labels: Record<string, string>, value: number, ts = 1000): LatestValue => ({ series, labels, value, ts })

const thresholds: Threshold[] = [
  { series: 'service_error_rate_percent', name: 'error rate', above: 5 },
  { series: 'service_latency_ms', name: 'latency', above: 1500 },
  { series: 'model_accuracy', name: 'accuracy', below: 0.9 }
]

describe('evaluateStatusGrid', () => {
  it('gives down, degraded (with the reason) and ok cells, sorted by label value', () => {
    const cells = evaluateStatusGrid({
      by: 'service',
      up: [lv('up', { service: 'web' }, 1), lv('up', { service: 'api' }, 0, 900), lv('up', { service: 'db' }, 1)],
      thresholds,
      thresholdValues: new Map([
        ['service_error_rate_percent', [lv('e', { service: 'web' }, 12.34), lv('e', { service: 'db' }, 0.2), lv('e', { service: 'api' }, 100)]],
        ['service_latency_ms', [lv('l', { service: 'web' }, 1200)]]
      ])
    })
    expect(cells).toEqual([
      { key: 'api', state: 'down', reasons: ['up = 0'], ts: 900 },
      { key: 'db', state: 'ok', reasons: [], ts: 1000 },
      { key: 'web', state: 'degraded', reasons: ['error rate 12.3 % > 5 %'], ts: 1000 }
    ])
  })

  it('checks below-limits and lists every crossed threshold', () => {
    const [cell] = evaluateStatusGrid({
      by: 'service',
      up: [lv('up', { service: 'm' }, 1)],
      thresholds,
      thresholdValues: new Map([
        ['service_latency_ms', [lv('l', { service: 'm' }, 2500)]],
        ['model_accuracy', [lv('a', { service: 'm' }, 0.85)]]
      ])
    })
    expect(cell.state).toBe('degraded')
    expect(cell.reasons).toEqual(['latency 2.5 s > 1.5 s', 'accuracy 0.85 < 0.9'])
  })

  it('uses the worst of several label sets and the configured unit text', () => {
    const [cell] = evaluateStatusGrid({
      by: 'job',
      up: [lv('up', { job: 'etl', instance: 'a' }, 1), lv('up', { job: 'etl', instance: 'b' }, 1)],
      thresholds: [{ series: 'queue_depth', name: 'queue', above: 100, unit: 'jobs' }],
      thresholdValues: new Map([['queue_depth', [lv('q', { job: 'etl', instance: 'a' }, 20), lv('q', { job: 'etl', instance: 'b' }, 240)]]])
    })
    expect(cell.reasons).toEqual(['queue 240 jobs > 100 jobs'])
  })

  it('marks a group degraded when only some instances are down', () => {
    const [cell] = evaluateStatusGrid({
      by: 'job',
      up: [lv('up', { job: 'x', i: '1' }, 0), lv('up', { job: 'x', i: '2' }, 1)],
      thresholds: [],
      thresholdValues: new Map()
    })
    expect(cell).toMatchObject({ state: 'degraded', reasons: ['1 of 2 instances down'] })
  })

  it('ignores up values without the label and thresholds of unknown keys', () => {
    const cells = evaluateStatusGrid({
      by: 'service',
      up: [lv('up', {}, 0), lv('up', { service: 'a' }, 1)],
      thresholds,
      thresholdValues: new Map([['service_error_rate_percent', [lv('e', { service: 'zzz' }, 99)]]])
    })
    expect(cells).toEqual([{ key: 'a', state: 'ok', reasons: [], ts: 1000 }])
  })
})
