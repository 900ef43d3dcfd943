import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { labelsKey, seriesKeys } from './series-keys'

describe('seriesKeys', () => {
  it('builds keys that do not depend on label order', () => {
    expect(labelsKey({ b: '2', a: '1' })).toBe(labelsKey({ a: '1', b: '2' }))
    expect(seriesKeys.latest('s', { b: '2', a: '1' })).toEqual(seriesKeys.latest('s', { a: '1', b: '2' }))
    expect(labelsKey(undefined)).toBe('')
  })

  it('distinguishes every range parameter', () => {
    const base = seriesKeys.range('s', undefined, 0, 10, 1, 'avg')
    expect(seriesKeys.range('s', { a: '1' }, 0, 10, 1, 'avg')).not.toEqual(base)
    expect(seriesKeys.range('s', undefined, 1, 10, 1, 'avg')).not.toEqual(base)
    expect(seriesKeys.range('s', undefined, 0, 11, 1, 'avg')).not.toEqual(base)
    expect(seriesKeys.range('s', undefined, 0, 10, 2, 'avg')).not.toEqual(base)
    expect(seriesKeys.range('s', undefined, 0, 10, 1, 'max')).not.toEqual(base)
  })

  it('lets one series prefix invalidate exactly that series range and latest queries', async () => {
    const qc = new QueryClient()
    const keys = {
      cpuRange: seriesKeys.range('cpu', undefined, 0, 10, 1, 'avg'),
      cpuLatest: seriesKeys.latest('cpu', { host: 'a' }),
      cpu2Latest: seriesKeys.latest('cpu2', undefined),
      memLatest: seriesKeys.latest('mem', undefined),
      catalog: seriesKeys.catalog(undefined)
    }
    for (const key of Object.values(keys)) qc.setQueryData(key, 1)
    await qc.invalidateQueries({ queryKey: seriesKeys.bySeries('cpu') })
    const invalidated = (key: readonly unknown[]) => qc.getQueryState(key)?.isInvalidated
    expect(invalidated(keys.cpuRange)).toBe(true)
    expect(invalidated(keys.cpuLatest)).toBe(true)
    expect(invalidated(keys.cpu2Latest)).toBe(false)
    expect(invalidated(keys.memLatest)).toBe(false)
    expect(invalidated(keys.catalog)).toBe(false)
  })
})
