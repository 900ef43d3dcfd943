import { describe, expect, it } from 'vitest'
import type { ConnectionStatus } from './connection'
import { createEventStream, type EventSourceLike, type Scheduler } from './event-stream'

/** Stands in for the browser's EventSource (Node 20 has none); the test plays the server. */
class FakeEventSource implements EventSourceLike {
  readyState = 0
  onopen: ((ev: never) => void) | null = null
  onerror: ((ev: never) => void) | null = null
  closed = false
  private listeners = new Map<string, ((ev: { data: string }) => void)[]>()
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (ev: { data: string }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
  }
  close(): void {
    this.closed = true
    this.readyState = 2
  }
  open(): void {
    this.readyState = 1
    this.onopen?.(undefined as never)
  }
  fail(readyState: 0 | 2): void {
    this.readyState = readyState
    this.onerror?.(undefined as never)
  }
  send(type: string, data: string): void {
    for (const l of this.listeners.get(type) ?? []) l({ data })
  }
}

function setup() {
  const sources: FakeEventSource[] = []
  const timers: { fn: () => void; ms: number }[] = []
  const scheduler: Scheduler = {
    setTimeout: (fn, ms) => timers.push({ fn, ms }),
    clearTimeout: () => {}
  }
  const warnings: string[] = []
  const stream = createEventStream({
    url: 'api/events',
    createEventSource: (url) => {
      const es = new FakeEventSource(url)
      sources.push(es)
      return es
    },
    scheduler,
    minRetryMs: 1000,
    maxRetryMs: 4000,
    warn: (m) => warnings.push(m)
  })
  const statuses: ConnectionStatus[] = []
  stream.connection.subscribe((s) => statuses.push(s))
  return { stream, sources, timers, warnings, statuses }
}

describe('createEventStream', () => {
  it('opens one shared connection on the first subscription and delivers parsed payloads', () => {
    const { stream, sources } = setup()
    expect(sources).toHaveLength(0)
    const got: unknown[] = []
    stream.on('samples', (p) => got.push(p))
    stream.on('samples', (p) => got.push(p))
    stream.on('sourceState', (p) => got.push(p))
    expect(sources).toHaveLength(1)
    expect(sources[0].url).toBe('api/events')
    sources[0].open()
    sources[0].send('samples', '{"source":"s","series":["a"],"count":1,"maxTs":2}')
    expect(got).toEqual([
      { source: 's', series: ['a'], count: 1, maxTs: 2 },
      { source: 's', series: ['a'], count: 1, maxTs: 2 }
    ])
  })

  it('reports connected, then reconnecting while the browser retries, then connected again', () => {
    const { stream, sources, timers, statuses } = setup()
    expect(stream.connection.get()).toBe('connecting')
    stream.on('samples', () => {})
    sources[0].open()
    sources[0].fail(0) // CONNECTING: the browser reconnects by itself
    expect(stream.connection.get()).toBe('reconnecting')
    expect(timers).toHaveLength(0)
    sources[0].open()
    expect(statuses).toEqual(['connected', 'reconnecting', 'connected'])
    expect(sources).toHaveLength(1)
  })

  it('opens a new EventSource with capped backoff when the browser gives up', () => {
    const { stream, sources, timers } = setup()
    stream.on('samples', () => {})
    for (let i = 0; i < 4; i++) {
      sources[i].fail(2) // CLOSED, e.g. the server answered 502
      expect(sources[i].closed).toBe(true)
      timers[i].fn()
    }
    expect(timers.map((t) => t.ms)).toEqual([1000, 2000, 4000, 4000])
    expect(sources).toHaveLength(5)
    sources[4].open()
    expect(stream.connection.get()).toBe('connected')
    sources[4].fail(2)
    expect(timers[4].ms).toBe(1000) // backoff resets after a successful connection
  })

  it('drops malformed payloads and survives a throwing listener', () => {
    const { stream, sources, warnings } = setup()
    const got: unknown[] = []
    stream.on('config', () => {
      throw new Error('listener bug')
    })
    stream.on('config', (p) => got.push(p))
    sources[0].send('config', 'not json')
    sources[0].send('config', '{"ok":true,"error":null,"configPath":null}')
    expect(got).toEqual([{ ok: true, error: null, configPath: null }])
    expect(warnings.join('\n')).toMatch(/malformed JSON/)
    expect(warnings.join('\n')).toMatch(/listener bug/)
  })

  it('stops listening after unsubscribe and reconnecting after close', () => {
    const { stream, sources, timers } = setup()
    const got: unknown[] = []
    const off = stream.on('samples', (p) => got.push(p))
    off()
    sources[0].send('samples', '{}')
    expect(got).toEqual([])
    sources[0].fail(2)
    stream.close()
    for (const t of timers) t.fn()
    expect(sources).toHaveLength(1)
  })
})
