// One shared EventSource for all push events. The browser reconnects an EventSource by itself
// while it is CONNECTING; when it gives up (CLOSED, e.g. the server answered 401 or 502) we open
// a new one with capped exponential backoff.
import { eventNames, type EventName } from '@shared/api-names'
import type { PayloadOf } from '@shared/api'
import { createConnectionState, type ConnectionState } from './connection'

/** The part of the browser's EventSource this module uses (lets tests drive it). */
export interface EventSourceLike {
  readonly readyState: number
  onopen: ((ev: never) => void) | null
  onerror: ((ev: never) => void) | null
  addEventListener(type: string, listener: (ev: { data: string }) => void): void
  close(): void
}

export type EventSourceFactory = (url: string) => EventSourceLike

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface EventStreamOptions {
  url: string
  createEventSource: EventSourceFactory
  scheduler?: Scheduler
  /** First retry delay after the browser gave up; doubles up to maxRetryMs. */
  minRetryMs?: number
  maxRetryMs?: number
  /** Where malformed event payloads are reported (they are dropped, never thrown). */
  warn?: (message: string) => void
}

export interface EventStream {
  on<K extends EventName>(event: K, listener: (payload: PayloadOf<K>) => void): () => void
  readonly connection: ConnectionState
  close(): void
}

const CLOSED = 2

/** Creates the shared event stream; the connection opens on the first subscription. */
export function createEventStream(options: EventStreamOptions): EventStream {
  const scheduler: Scheduler = options.scheduler ?? {
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>)
  }
  const minRetry = options.minRetryMs ?? 1000
  const maxRetry = options.maxRetryMs ?? 30_000
  const warn = options.warn ?? ((m: string) => console.warn(m))
  const connection = createConnectionState('connecting')
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  let source: EventSourceLike | null = null
  let retryTimer: unknown = null
  let retryMs = minRetry
  let closed = false

  function dispatch(name: EventName, data: string): void {
    let payload: unknown
    try {
      payload = JSON.parse(data)
    } catch {
      warn(`vigil: dropped "${name}" event with malformed JSON data`)
      return
    }
    for (const listener of listeners.get(name) ?? []) {
      try {
        listener(payload)
      } catch (err) {
        warn(`vigil: listener for "${name}" failed: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
  }

  function open(): void {
    retryTimer = null
    if (closed) return
    const es = options.createEventSource(options.url)
    source = es
    es.onopen = () => {
      retryMs = minRetry
      connection.set('connected')
    }
    es.onerror = () => {
      if (source !== es) return
      connection.set('reconnecting')
      if (es.readyState === CLOSED) {
        es.close()
        source = null
        retryTimer = scheduler.setTimeout(open, retryMs)
        retryMs = Math.min(retryMs * 2, maxRetry)
      }
    }
    for (const name of eventNames) es.addEventListener(name, (ev) => dispatch(name, ev.data))
  }

  return {
    connection,
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      const l = listener as (payload: unknown) => void
      set.add(l)
      if (source === null && retryTimer === null && !closed) open()
      return () => {
        set.delete(l)
      }
    },
    close() {
      closed = true
      if (retryTimer !== null) scheduler.clearTimeout(retryTimer)
      retryTimer = null
      source?.close()
      source = null
    }
  }
}
