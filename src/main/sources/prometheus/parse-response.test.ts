import { describe, expect, it } from 'vitest'
import { instantResultToSamples, rangeResultToSamples } from './parse-response'
import { rangeChunks } from './range-chunks'

const naming = { fallback: 'src_value' }

describe('instantResultToSamples', () => {
  it('maps a vector: __name__ becomes the series, other labels are kept, time becomes integer ms', () => {
    const data = {
      resultType: 'vector',
      result: [{ metric: { __name__: 'up', job: 'prom', instance: 'a:9090' }, value: [1712345678.123, '1'] }]
    }
    expect(instantResultToSamples(data, naming)).toEqual({
      samples: [{ name: 'up', labels: { job: 'prom', instance: 'a:9090' }, ts: 1712345678123, value: 1 }],
      problems: []
    })
  })

  it('uses the configured series name and unit, or the fallback when the result has no __name__', () => {
    const data = { resultType: 'vector', result: [{ metric: { job: 'x' }, value: [10, '2.5'] }] }
    expect(instantResultToSamples(data, naming).samples[0].name).toBe('src_value')
    const named = instantResultToSamples(data, { ...naming, series: 'ratio', unit: '%' }).samples[0]
    expect(named).toMatchObject({ name: 'ratio', unit: '%', value: 2.5 })
  })

  it('maps a scalar to one sample', () => {
    const out = instantResultToSamples({ resultType: 'scalar', result: [100, '42'] }, naming)
    expect(out.samples).toEqual([{ name: 'src_value', labels: {}, ts: 100_000, value: 42 }])
  })

  it('rejects NaN and ±Inf values with a message naming the series, keeping the rest', () => {
    const data = {
      resultType: 'vector',
      result: [
        { metric: { __name__: 'a', k: '1' }, value: [10, 'NaN'] },
        { metric: { __name__: 'a', k: '2' }, value: [10, '+Inf'] },
        { metric: { __name__: 'a', k: '3' }, value: [10, '7'] }
      ]
    }
    const out = instantResultToSamples(data, naming)
    expect(out.samples.map((s) => s.labels.k)).toEqual(['3'])
    expect(out.problems).toHaveLength(2)
    expect(out.problems[0]).toContain('a{k="1"}')
    expect(out.problems[0]).toContain('NaN')
    expect(out.problems[1]).toContain('+Inf')
  })

  it('refuses matrix and string results with a clear error', () => {
    expect(() => instantResultToSamples({ resultType: 'matrix', result: [] }, naming)).toThrow(/matrix result.*rate\(\)/)
    expect(() => instantResultToSamples({ resultType: 'string', result: [1, 'x'] }, naming)).toThrow(/string result/)
  })

  it('reports malformed items instead of crashing', () => {
    const out = instantResultToSamples({ resultType: 'vector', result: [{ value: [1, '1'] }, { metric: {}, value: 'x' }] }, naming)
    expect(out.samples).toEqual([])
    expect(out.problems[0]).toContain('result[0] has no "metric"')
    expect(out.problems[1]).toContain('expected a [time, "value"] pair')
  })
})

describe('rangeResultToSamples', () => {
  it('maps every point of a matrix', () => {
    const data = { resultType: 'matrix', result: [{ metric: { __name__: 'up' }, values: [[1, '1'], [2, '0'], [3, 'NaN']] }] }
    const out = rangeResultToSamples(data, naming)
    expect(out.samples.map((s) => [s.ts, s.value])).toEqual([[1000, 1], [2000, 0]])
    expect(out.problems).toHaveLength(1)
  })
})

describe('rangeChunks', () => {
  it('covers the range without gaps or overlaps and stays under the point limit', () => {
    const chunks = rangeChunks(0, 25_000, 1000, 10)
    expect(chunks).toEqual([
      { start: 0, end: 9000 },
      { start: 10_000, end: 19_000 },
      { start: 20_000, end: 25_000 }
    ])
    expect(rangeChunks(0, 5000, 1000)).toEqual([{ start: 0, end: 5000 }])
  })
})
