import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import type { EventName, PayloadOf, VigilBridge } from '@shared/api'
import type { CoalescerClock } from '../../query/invalidation-coalescer'
import { alertKeys } from './alert-keys'
import { ALERTS_REFRESH_MS, connectAlertsLiveUpdates } from './alerts-live'

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
  const clock: CoalescerClock = { now: () => now, setTimeout: (fn, ms) => timers.push({ at: now + ms, fn }), clearTimeout: () => {} }
  const advance = (ms: number) => {
    now += ms
    const due = timers.filter((t) => t.at <= now)
    timers = timers.filter((t) => t.at > now)
    for (const t of due) t.fn()
  }
  return { clock, advance }
}

const event = (reason: PayloadOf<'alerts'>['reason']): PayloadOf<'alerts'> => ({ at: 1, reason, firing: 1, pending: 0, criticalUnacknowledged: 1 })

describe('alerts live updates', () => {
  it('marks every alerting query stale on an alerts event, a burst coalesced into one trailing refresh', () => {
    const queryClient = new QueryClient()
    queryClient.setQueryData(alertKeys.active, { alerts: [] })
    queryClient.setQueryData(alertKeys.history(0, 10), [])
    queryClient.setQueryData(['series', 'cpu'], [])
    const { bridge, emit, count } = fakeBridge()
    const { clock, advance } = manualClock()
    const off = connectAlertsLiveUpdates({ bridge, queryClient, clock })
    const stale = () => [alertKeys.active, alertKeys.history(0, 10), ['series', 'cpu']].map((k) => queryClient.getQueryState(k)?.isInvalidated)

    emit('alerts', event('evaluation'))
    expect(stale()).toEqual([true, true, false])
    queryClient.setQueryData(alertKeys.active, { alerts: [] })
    emit('alerts', event('delivery'))
    emit('alerts', event('delivery'))
    expect(stale()).toEqual([false, true, false])
    advance(ALERTS_REFRESH_MS)
    expect(stale()).toEqual([true, true, false])

    off()
    expect(count()).toBe(0)
  })
})
