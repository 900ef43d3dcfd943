import { describe, expect, it } from 'vitest'
import type { LatestValue } from '@shared/types'
import { counterIncrease, pipelineRows } from './pipeline-rows'
import { tableRows } from './table-rows'

const lv = (labels: Record<string, string>, value: number, ts = 1): LatestValue => ({ series: 's', labels, value, ts })

describe('tableRows', () => {
  it('one row per label value, one cell per column, averaging label sets, missing as null', () => {
    const rows = tableRows('model', [
      [lv({ model: 'b' }, 0.9, 5), lv({ model: 'a' }, 0.8, 3), lv({ model: 'a' }, 0.6, 4)],
      [lv({ model: 'b' }, 12)],
      undefined
    ])
    expect(rows).toEqual([
      { key: 'a', cells: [{ value: 0.7, ts: 4, count: 2 }, { value: null, ts: null, count: 0 }, { value: null, ts: null, count: 0 }] },
      { key: 'b', cells: [{ value: 0.9, ts: 5, count: 1 }, { value: 12, ts: 1, count: 1 }, { value: null, ts: null, count: 0 }] }
    ])
  })
})

describe('counterIncrease', () => {
  it('sums rises and treats a drop as a reset', () => {
    expect(counterIncrease([[0, 10], [1, 15], [2, 15], [3, 20]])).toBe(10)
    expect(counterIncrease([[0, 10], [1, 14], [2, 3], [3, 5]])).toBe(4 + 3 + 2)
    expect(counterIncrease([[0, 7]])).toBe(0)
    expect(counterIncrease([])).toBeNull()
  })
})

describe('pipelineRows', () => {
  it('joins lag, throughput and counter errors per pipeline', () => {
    const rows = pipelineRows({
      by: 'pipeline',
      lag: [lv({ pipeline: 'crm' }, 90), lv({ pipeline: 'tx' }, 4)],
      throughput: [lv({ pipeline: 'tx' }, 9000)],
      errors: {
        kind: 'counter',
        result: { series: 'e', by: 'pipeline', groups: [{ value: 'crm', points: [[0, 100], [1, 103]] }, { value: 'tickets', points: [] }] }
      }
    })
    expect(rows).toEqual([
      { key: 'crm', lag: 90, throughput: null, errors: 3 },
      { key: 'tx', lag: 4, throughput: 9000, errors: null }
    ])
  })

  it('takes a gauge error series as its latest value', () => {
    expect(pipelineRows({ by: 'p', errors: { kind: 'gauge', values: [lv({ p: 'x' }, 0.5)] } })).toEqual([
      { key: 'x', lag: null, throughput: null, errors: 0.5 }
    ])
  })
})
