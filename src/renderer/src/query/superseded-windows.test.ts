import { QueryClient, QueryObserver, type QueryKey } from '@tanstack/react-query'
import { afterEach, describe, expect, it } from 'vitest'
import { annotationKeys } from '../features/annotations/annotation-keys'
import { alertKeys } from '../features/alerts/alert-keys'
import { kpiKeys } from '../features/kpis/kpi-keys'
import { seriesKeys } from '../features/series/series-keys'
import { pruneSupersededWindows, windowPosition } from './superseded-windows'

const T = Date.UTC(2026, 10, 30)
const DAY = 86_400_000

/** Lets the pruner's microtask (and fetch promises) run. */
const settle = () => new Promise((r) => setTimeout(r, 0))

describe('windowPosition', () => {
  it('places range, grouped, KPI and annotation keys by the end of their window, keeping its length in the family', () => {
    const a = windowPosition(seriesKeys.range('cpu', undefined, T - DAY, T, 120, 'avg'))!
    const b = windowPosition(seriesKeys.range('cpu', undefined, T - DAY + 300_000, T + 300_000, 120, 'avg'))!
    expect(a.at).toBe(T)
    expect(b.at).toBe(T + 300_000)
    expect(a.family).toBe(b.family)
    // Another length, step, series or aggregation is another query, not a later window of this one.
    expect(windowPosition(seriesKeys.range('cpu', undefined, T - 3_600_000, T, 120, 'avg'))!.family).not.toBe(a.family)
    expect(windowPosition(seriesKeys.range('cpu', undefined, T - DAY, T, 300, 'avg'))!.family).not.toBe(a.family)
    expect(windowPosition(seriesKeys.range('mem', undefined, T - DAY, T, 120, 'avg'))!.family).not.toBe(a.family)
    expect(windowPosition(seriesKeys.grouped('cpu', undefined, 'host', T - DAY, T, 120, 'avg'))!.family).not.toBe(a.family)
    expect(windowPosition(kpiKeys.list({ ids: ['roi'], from: T - DAY, to: T, step: 120 }))!.at).toBe(T)
    expect(windowPosition(annotationKeys.list({ from: T - DAY, to: T, limit: 8 }))!.at).toBe(T)
    expect(windowPosition(['call', 'getAnomalies', { series: 'cpu', from: T - DAY, to: T, stepMs: 120_000 }])!.at).toBe(T)
  })

  it('reads a trailing refresh slot or a trailing from, to pair', () => {
    const slot = windowPosition(['analytics', 'getModelDrift', '{"model":"m"}', T])!
    expect(slot.at).toBe(T)
    expect(windowPosition(['analytics', 'getModelDrift', '{"model":"m"}', T + 300_000])!.family).toBe(slot.family)
    expect(windowPosition(['analytics', 'getModelDrift', '{"model":"other"}', T])!.family).not.toBe(slot.family)
    const history = windowPosition(alertKeys.history(T - DAY, T))!
    expect(history.at).toBe(T)
    expect(windowPosition(alertKeys.history(T - 7 * DAY, T))!.family).not.toBe(history.family)
  })

  it('leaves keys without times alone (small numbers are limits or steps, not times)', () => {
    expect(windowPosition(['health'])).toBeNull()
    expect(windowPosition(alertKeys.notifications(50))).toBeNull()
    expect(windowPosition(seriesKeys.latest('cpu', undefined))).toBeNull()
    expect(windowPosition(['x', { from: 0, to: 100 }])).toBeNull()
  })
})

describe('pruneSupersededWindows', () => {
  let client: QueryClient
  let stop: () => void = () => undefined
  afterEach(() => {
    stop()
    client.clear()
  })

  function setup() {
    client = new QueryClient({ defaultOptions: { queries: { gcTime: 60_000, staleTime: Infinity, retry: false } } })
    stop = pruneSupersededWindows(client.getQueryCache())
  }
  const cached = () => client.getQueryCache().getAll().map((q) => q.queryKey)
  const rangeKey = (to: number, span = DAY) => seriesKeys.range('cpu', undefined, to - span, to, 120, 'avg') as QueryKey

  it('drops a window once its chart moved on to a newer one, and keeps the newest even when unobserved', async () => {
    setup()
    const observer = new QueryObserver(client, { queryKey: rangeKey(T), queryFn: () => [1] })
    const off = observer.subscribe(() => undefined)
    await settle()
    observer.setOptions({ queryKey: rangeKey(T + 300_000), queryFn: () => [2] })
    await settle()
    observer.setOptions({ queryKey: rangeKey(T + 600_000), queryFn: () => [3] })
    await settle()
    expect(cached()).toEqual([rangeKey(T + 600_000)])
    // The playlist leaves the view: its newest window stays cached for gcTime.
    off()
    await settle()
    expect(cached()).toEqual([rangeKey(T + 600_000)])
    expect(client.getQueryData(rangeKey(T + 600_000))).toEqual([3])
  })

  it('keeps observed windows, other window lengths and queries without times', async () => {
    setup()
    const old = new QueryObserver(client, { queryKey: rangeKey(T), queryFn: () => [1] })
    const offOld = old.subscribe(() => undefined)
    await client.fetchQuery({ queryKey: rangeKey(T + 300_000), queryFn: () => [2] })
    await client.fetchQuery({ queryKey: rangeKey(T, 3_600_000), queryFn: () => [3] })
    await client.fetchQuery({ queryKey: ['health'], queryFn: () => 'ok' })
    await settle()
    // The older window is still on a screen (e.g. a zoomed chart): it stays.
    expect(cached()).toHaveLength(4)
    offOld()
    await settle()
    expect(cached()).toEqual([rangeKey(T + 300_000), rangeKey(T, 3_600_000), ['health']])
  })

  it('lets a superseded window that is still loading finish, then drops it', async () => {
    setup()
    let resolve: (v: number[]) => void = () => undefined
    const loading = client.fetchQuery({ queryKey: rangeKey(T), queryFn: () => new Promise<number[]>((r) => (resolve = r)) })
    await client.fetchQuery({ queryKey: rangeKey(T + 300_000), queryFn: () => [2] })
    await settle()
    expect(cached()).toHaveLength(2)
    resolve([1])
    await loading
    await settle()
    expect(cached()).toEqual([rangeKey(T + 300_000)])
  })

  it('stops pruning once stopped', async () => {
    setup()
    stop()
    await client.fetchQuery({ queryKey: rangeKey(T), queryFn: () => [1] })
    await client.fetchQuery({ queryKey: rangeKey(T + 300_000), queryFn: () => [2] })
    await settle()
    expect(cached()).toHaveLength(2)
  })
})
