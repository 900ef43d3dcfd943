import { describe, expect, it } from 'vitest'
import type { SourceHealth } from '@shared/types'
import { detectStaleness, isSourceStale } from './stale-detection'

const MIN = 60_000
const now = Date.UTC(2025, 5, 1, 14, 0)
const up = { down: false, lostAt: null }

function source(id: string, patch: Partial<SourceHealth>): SourceHealth {
  return { id, kind: 'http-json', state: 'ok', lastSuccessAt: now - 10_000, lastError: null, samples: 10, nextRunAt: now + 5_000, ...patch }
}

describe('isSourceStale', () => {
  it('is fresh within staleAfter of its last success', () => {
    expect(isSourceStale(source('a', { lastSuccessAt: now - 2 * MIN }), now, 2 * MIN)).toBe(false)
    expect(isSourceStale(source('a', { lastSuccessAt: now - 2 * MIN - 1, state: 'error', nextRunAt: now + 1 }), now, 2 * MIN)).toBe(true)
  })

  it('is stale when failing for longer than staleAfter', () => {
    expect(isSourceStale(source('a', { state: 'error', lastSuccessAt: now - 10 * MIN, lastError: 'HTTP 500' }), now, 2 * MIN)).toBe(true)
  })

  it('is not stale while an ok slow-polling source waits for its next poll', () => {
    const hourly = source('a', { lastSuccessAt: now - 50 * MIN, nextRunAt: now + 10 * MIN })
    expect(isSourceStale(hourly, now, 2 * MIN)).toBe(false)
    // …but it is once that poll is overdue by more than staleAfter (a stuck scheduler or poll).
    expect(isSourceStale({ ...hourly, nextRunAt: now - 3 * MIN }, now, 2 * MIN)).toBe(true)
    expect(isSourceStale({ ...hourly, nextRunAt: now - 1 * MIN }, now, 2 * MIN)).toBe(false)
  })

  it('treats a push source (no schedule) as stale only while its writes fail', () => {
    expect(isSourceStale(source('p', { kind: 'push', nextRunAt: null, lastSuccessAt: now - 5 * MIN }), now, 2 * MIN)).toBe(false)
    expect(isSourceStale(source('p', { kind: 'push', nextRunAt: undefined, lastSuccessAt: now - 5 * MIN }), now, 2 * MIN)).toBe(false)
    expect(isSourceStale(source('p', { kind: 'push', nextRunAt: null, lastSuccessAt: now - 5 * MIN, state: 'error' }), now, 2 * MIN)).toBe(true)
    expect(isSourceStale(source('p', { kind: 'push', nextRunAt: null, lastSuccessAt: now - 1 * MIN, state: 'error' }), now, 2 * MIN)).toBe(false)
  })

  it('does not count a source that never delivered', () => {
    expect(isSourceStale(source('p', { kind: 'push', nextRunAt: null, lastSuccessAt: null, state: 'pending' }), now, 2 * MIN)).toBe(false)
    expect(isSourceStale(source('e', { state: 'error', lastSuccessAt: null }), now, 2 * MIN)).toBe(false)
  })
})

describe('detectStaleness', () => {
  it('is not stale when the engine answers and every source is fresh', () => {
    expect(detectStaleness({ now, staleAfterMs: 2 * MIN, engine: up, sources: [source('a', {}), source('b', {})] })).toEqual({
      stale: false,
      since: null,
      engineDown: false,
      sources: []
    })
    expect(detectStaleness({ now, staleAfterMs: 2 * MIN, engine: up, sources: null }).stale).toBe(false)
  })

  it('names the stale sources, oldest first, and is stale since the oldest last success', () => {
    const result = detectStaleness({
      now,
      staleAfterMs: 2 * MIN,
      engine: up,
      sources: [
        source('fresh', {}),
        source('crm', { state: 'error', lastSuccessAt: now - 5 * MIN, lastError: 'HTTP 502' }),
        source('hr', { state: 'error', lastSuccessAt: now - 30 * MIN, lastError: 'timeout' })
      ]
    })
    expect(result).toEqual({
      stale: true,
      since: now - 30 * MIN,
      engineDown: false,
      sources: [
        { id: 'hr', since: now - 30 * MIN, state: 'error', lastError: 'timeout' },
        { id: 'crm', since: now - 5 * MIN, state: 'error', lastError: 'HTTP 502' }
      ]
    })
  })

  it('reports the engine alone when it is down, since contact was lost', () => {
    const result = detectStaleness({
      now,
      staleAfterMs: 2 * MIN,
      engine: { down: true, lostAt: now - 3 * MIN },
      sources: [source('crm', { state: 'error', lastSuccessAt: now - 60 * MIN })]
    })
    expect(result).toEqual({ stale: true, since: now - 3 * MIN, engineDown: true, sources: [] })
  })

  it('clears as soon as the sources succeed again', () => {
    const failing = source('crm', { state: 'error', lastSuccessAt: now - 5 * MIN })
    expect(detectStaleness({ now, staleAfterMs: 2 * MIN, engine: up, sources: [failing] }).stale).toBe(true)
    const recovered = { ...failing, state: 'ok' as const, lastSuccessAt: now - 1_000 }
    expect(detectStaleness({ now, staleAfterMs: 2 * MIN, engine: up, sources: [recovered] }).stale).toBe(false)
  })
})
