import { describe, expect, it } from 'vitest'
import type { Health, SourceHealth } from '@shared/types'
import { applySourceState } from './apply-source-state'

const src = (id: string, state: SourceHealth['state'], samples = 0): SourceHealth => ({
  id,
  kind: 'http-json',
  state,
  lastSuccessAt: null,
  lastError: null,
  samples
})

describe('applySourceState', () => {
  const health: Health = { status: 'ok', version: '1', sources: [src('a', 'ok'), src('b', 'pending')] }

  it('replaces the matching source in place', () => {
    const next = applySourceState(health, { ...src('b', 'error'), lastError: 'boom' })
    expect(next.sources.map((s) => [s.id, s.state])).toEqual([
      ['a', 'ok'],
      ['b', 'error']
    ])
    expect(next.sources[1].lastError).toBe('boom')
    expect(health.sources[1].state).toBe('pending') // the cached object is not mutated
  })

  it('appends a source it has not seen', () => {
    expect(applySourceState(health, src('c', 'ok', 5)).sources.map((s) => s.id)).toEqual(['a', 'b', 'c'])
  })
})
