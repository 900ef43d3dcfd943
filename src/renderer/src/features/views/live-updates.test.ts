import { QueryClient } from '@tanstack/react-query'
import { afterEach, describe, expect, it } from 'vitest'
import type { EventName, PayloadOf, VigilBridge } from '@shared/api'
import type { KpiValue } from '@shared/kpi'
import type { ContractCall } from '@shared/views/panel-requests'
import type { CoalescerClock } from '../../query/invalidation-coalescer'
import { callKey } from '../../views/call-key'
import { analyticsKey } from '../../panels/use-analytics'
import { forecastKey } from '../../panels/use-forecast'
import { seriesKeys } from '../series/series-keys'
import { connectViewLiveUpdates, KPI_REFRESH_MS } from './live-updates'

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

const kpi = (id: string, series: string[]): KpiValue => ({ id, series }) as unknown as KpiValue
const W = { from: 0, to: 10, step: 1 }
const calls = {
  kpisRoi: { method: 'getKpis', args: { ids: ['roi'], ...W } },
  kpisCpu: { method: 'getKpis', args: { ids: ['cpu'], ...W } },
  views: { method: 'getViews', args: {} },
  milestones: { method: 'getMilestones', args: {} },
  annotations: { method: 'listAnnotations', args: { from: 0, to: 10 } },
  events: { method: 'listAnnotations', args: { from: 0, to: 10, kinds: ['incident'], limit: 8 } },
  range: { method: 'queryRange', args: { series: 'cpu', from: 0, to: 10, step: 1, agg: 'avg' } },
  grouped: { method: 'queryGrouped', args: { series: 'lat', by: 'service', from: 0, to: 10 } },
  latest: { method: 'latest', args: { series: 'up' } },
  health: { method: 'getHealth', args: {} }
} satisfies Record<string, ContractCall>

describe('callKey', () => {
  it('puts series calls under the series prefix so samples events reach them', () => {
    expect(callKey(calls.range)).toEqual(seriesKeys.range('cpu', undefined, 0, 10, 1, 'avg'))
    expect(callKey(calls.latest)).toEqual(seriesKeys.latest('up', undefined))
    expect(callKey(calls.grouped).slice(0, 3)).toEqual(['series', 'lat', 'grouped'])
  })
  it('gives different calls different keys and each feature its own prefix', () => {
    const keys = Object.values(calls).map((c) => JSON.stringify(callKey(c)))
    expect(new Set(keys).size).toBe(keys.length)
    expect(callKey(calls.kpisRoi)[0]).toBe('kpis')
    expect(callKey(calls.annotations)[0]).toBe('annotations')
    expect(callKey(calls.milestones)).toEqual(['milestones'])
    expect(callKey(calls.views)).toEqual(['views'])
    expect(callKey(calls.health)).toEqual(['health'])
  })
})

describe('connectViewLiveUpdates', () => {
  let disconnect: (() => void) | null = null
  afterEach(() => disconnect?.())

  function setup() {
    const qc = new QueryClient()
    const { bridge, emit, count } = fakeBridge()
    const { clock, advance } = manualClock()
    disconnect = connectViewLiveUpdates({ bridge, queryClient: qc, clock })
    const invalidated = (c: ContractCall) => qc.getQueryState(callKey(c))?.isInvalidated ?? null
    for (const c of Object.values(calls)) qc.setQueryData(callKey(c), [])
    qc.setQueryData(callKey(calls.kpisRoi), [kpi('roi', ['benefits_usd', 'investment_usd'])])
    qc.setQueryData(callKey(calls.kpisCpu), [kpi('cpu', ['cpu_percent'])])
    return { emit, count, advance, invalidated }
  }

  it('refetches views, KPIs and milestones on config events', () => {
    const { emit, invalidated } = setup()
    emit('config', { ok: true, error: null, configPath: '/x' })
    for (const c of [calls.views, calls.kpisRoi, calls.kpisCpu, calls.milestones]) expect(invalidated(c)).toBe(true)
    expect(invalidated(calls.annotations)).toBe(false)
  })

  it('refetches every analytics answer (forecasts, anomalies, models, business, recommendations) on config events only', () => {
    const client = new QueryClient()
    const { bridge, emit } = fakeBridge()
    disconnect = connectViewLiveUpdates({ bridge, queryClient: client, clock: manualClock().clock })
    const keys = [
      forecastKey({ method: 'getForecast', args: { series: 'gpu', horizonMs: 1 } }, 0),
      callKey({ method: 'getAnomalies', args: { series: 'lat', from: 0, to: 10 } }),
      analyticsKey({ method: 'getModelQuality', args: { model: 'm' } }, 0),
      analyticsKey({ method: 'getModelDrift', args: { model: 'm' } }, 0),
      analyticsKey({ method: 'getBusinessForecasts', args: {} }, 0),
      analyticsKey({ method: 'getRecommendations', args: { view: 'technical' } }, 0)
    ]
    for (const k of keys) client.setQueryData(k, {})
    client.setQueryData(callKey(calls.range), [])
    const invalidated = () => keys.map((k) => client.getQueryState(k)?.isInvalidated)
    emit('samples', { source: 'demo', series: ['gpu'], count: 1, maxTs: 1 })
    emit('annotation', { id: 'a', kind: 'note', ts: 1, endTs: null, title: 't', text: null, series: [], labels: {}, source: 'user' })
    expect(invalidated()).toEqual(keys.map(() => false))
    emit('config', { ok: true, error: null, configPath: '/x' })
    expect(invalidated()).toEqual(keys.map(() => true))
    // Series answers are not analytics: config leaves them alone.
    expect(client.getQueryState(callKey(calls.range))?.isInvalidated).toBe(false)
  })

  it('refetches annotation lists on annotation events', () => {
    const { emit, invalidated } = setup()
    emit('annotation', { id: 'a', kind: 'note', ts: 1, endTs: null, title: 't', text: null, series: [], labels: {}, source: 'user' })
    expect(invalidated(calls.annotations)).toBe(true)
    expect(invalidated(calls.events)).toBe(true)
    expect(invalidated(calls.kpisRoi)).toBe(false)
  })

  it('refetches only the KPI answers reading a series named by samples, coalesced', () => {
    const { emit, advance, invalidated } = setup()
    emit('samples', { source: 'demo', series: ['investment_usd'], count: 1, maxTs: 1 })
    expect(invalidated(calls.kpisRoi)).toBe(true)
    expect(invalidated(calls.kpisCpu)).toBe(false)
    emit('samples', { source: 'demo', series: ['cpu_percent'], count: 1, maxTs: 2 })
    expect(invalidated(calls.kpisCpu)).toBe(false) // within the refresh interval
    advance(KPI_REFRESH_MS)
    expect(invalidated(calls.kpisCpu)).toBe(true)
  })

  it('unsubscribes everything', () => {
    const { count } = setup()
    expect(count()).toBe(3)
    disconnect?.()
    disconnect = null
    expect(count()).toBe(0)
  })
})
