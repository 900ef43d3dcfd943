import { QueryClient } from '@tanstack/react-query'
import { afterEach, describe, expect, it } from 'vitest'
import type { EventName, PayloadOf, VigilBridge } from '@shared/api'
import type { Health, SeriesInfo, SourceHealth } from '@shared/types'
import { createConnectionState } from '../api/connection'
import { appInfoKeys } from '../features/app-info/app-info-keys'
import { healthKeys } from '../features/health/health-keys'
import { seriesKeys } from '../features/series/series-keys'
import type { CoalescerClock } from './invalidation-coalescer'
import { connectPushInvalidation } from './push-invalidation'

/** An in-memory event source with the bridge's `on` signature. */
function fakeBridge() {
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const bridge: Pick<VigilBridge, 'on'> = {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener as (p: unknown) => void)
      return () => set.delete(listener as (p: unknown) => void)
    }
  }
  const emit = <K extends EventName>(event: K, payload: PayloadOf<K>) => {
    for (const l of listeners.get(event) ?? []) l(payload)
  }
  return { bridge, emit, count: () => [...listeners.values()].reduce((n, s) => n + s.size, 0) }
}

function manualClock() {
  let now = 0
  let timers: { at: number; fn: () => void }[] = []
  const clock: CoalescerClock = {
    now: () => now,
    setTimeout: (fn, ms) => timers.push({ at: now + ms, fn }),
    clearTimeout: () => {}
  }
  const advance = (ms: number) => {
    now += ms
    const due = timers.filter((t) => t.at <= now)
    timers = timers.filter((t) => t.at > now)
    for (const t of due) t.fn()
  }
  return { clock, advance }
}

const source = (id: string, state: SourceHealth['state']): SourceHealth => ({
  id,
  kind: 'prometheus',
  state,
  lastSuccessAt: 1,
  lastError: null,
  samples: 3
})

describe('connectPushInvalidation', () => {
  let disconnect: (() => void) | null = null
  afterEach(() => disconnect?.())

  function setup() {
    const qc = new QueryClient()
    const { bridge, emit, count } = fakeBridge()
    const connection = createConnectionState('connecting')
    const { clock, advance } = manualClock()
    disconnect = connectPushInvalidation({ bridge, connection, queryClient: qc, clock })
    const invalidated = (key: readonly unknown[]) => qc.getQueryState(key)?.isInvalidated ?? null
    return { qc, emit, count, connection, advance, invalidated }
  }

  it('invalidates the range and latest queries of the series a samples event names', () => {
    const { qc, emit, invalidated } = setup()
    const probeLatest = seriesKeys.latest('e2e_probe', undefined)
    const probeRange = seriesKeys.range('e2e_probe', undefined, 0, 10, 1, 'avg')
    const other = seriesKeys.latest('cpu', undefined)
    for (const k of [probeLatest, probeRange, other]) qc.setQueryData(k, [])
    emit('samples', { source: 'push', series: ['e2e_probe'], count: 1, maxTs: 5 })
    expect(invalidated(probeLatest)).toBe(true)
    expect(invalidated(probeRange)).toBe(true)
    expect(invalidated(other)).toBe(false)
  })

  it('coalesces a burst of samples events into one more flush', () => {
    const { qc, emit, advance, invalidated } = setup()
    const a = seriesKeys.latest('a', undefined)
    const b = seriesKeys.latest('b', undefined)
    emit('samples', { source: 's', series: ['x'], count: 1, maxTs: 1 }) // flushes at once
    qc.setQueryData(a, 1)
    qc.setQueryData(b, 1)
    emit('samples', { source: 's', series: ['a'], count: 1, maxTs: 1 })
    emit('samples', { source: 's', series: ['b'], count: 1, maxTs: 1 })
    expect(invalidated(a)).toBe(false)
    advance(250)
    expect(invalidated(a)).toBe(true)
    expect(invalidated(b)).toBe(true)
  })

  it('refreshes the catalog only when an unknown series appears', () => {
    const { qc, emit, advance, invalidated } = setup()
    const catalog = seriesKeys.catalog(undefined)
    const info: SeriesInfo = { name: 'cpu', labels: {}, unit: null, source: 's' }
    qc.setQueryData(catalog, [info])
    emit('samples', { source: 's', series: ['cpu'], count: 1, maxTs: 1 })
    expect(invalidated(catalog)).toBe(false)
    advance(1000)
    emit('samples', { source: 's', series: ['cpu', 'brand_new'], count: 2, maxTs: 1 })
    expect(invalidated(catalog)).toBe(true)
  })

  it('patches cached health from sourceState events', () => {
    const { qc, emit } = setup()
    const health: Health = { status: 'ok', version: '1', sources: [source('a', 'ok'), source('b', 'ok')] }
    qc.setQueryData(healthKeys.all, health)
    emit('sourceState', { ...source('b', 'error'), lastError: 'HTTP 500' })
    const next = qc.getQueryData<Health>(healthKeys.all)
    expect(next?.sources.map((s) => s.state)).toEqual(['ok', 'error'])
    expect(next?.sources[1].lastError).toBe('HTTP 500')
  })

  it('refetches app info and health on config events', () => {
    const { qc, emit, invalidated } = setup()
    qc.setQueryData(appInfoKeys.all, {})
    qc.setQueryData(healthKeys.all, { status: 'ok', version: '1', sources: [] })
    emit('config', { ok: true, error: null, configPath: '/x' })
    expect(invalidated(appInfoKeys.all)).toBe(true)
    expect(invalidated(healthKeys.all)).toBe(true)
  })

  it('invalidates everything after the event stream comes back, but not on the first connect', () => {
    const { qc, connection, invalidated } = setup()
    const k = seriesKeys.latest('cpu', undefined)
    qc.setQueryData(k, 1)
    connection.set('connected')
    expect(invalidated(k)).toBe(false)
    connection.set('reconnecting')
    expect(invalidated(k)).toBe(false)
    connection.set('connected')
    expect(invalidated(k)).toBe(true)
  })

  it('ignores malformed payloads and unsubscribes everything on disconnect', () => {
    const { emit, count } = setup()
    expect(() => emit('samples', {} as never)).not.toThrow()
    expect(() => emit('sourceState', null as never)).not.toThrow()
    expect(count()).toBe(3)
    disconnect?.()
    disconnect = null
    expect(count()).toBe(0)
  })
})
