// An Engine that stands in for one still starting: `vigil open` listens (and serves the page)
// while the archive is verified and opened, so the browser's page load and the engine's start-up
// overlap. Every request and subscription waits for the real engine; a start-up failure fails them.
import { requests, type EventName, type RequestName, type VigilApi } from '@shared/api'
import { EventBus, type Listener } from './event-bus'
import type { Engine } from './types'

/** Bus whose subscriptions attach to the real engine's bus once it is ready. */
class DeferredBus extends EventBus {
  private target: EventBus | null = null
  private readonly pending = new Set<{ name: EventName; listener: Listener<EventName>; off?: () => void }>()

  attach(bus: EventBus): void {
    this.target = bus
    for (const p of this.pending) p.off = bus.on(p.name, p.listener)
  }

  override on<K extends EventName>(name: K, listener: Listener<K>): () => void {
    if (this.target) return this.target.on(name, listener)
    const entry = { name, listener: listener as Listener<EventName>, off: undefined as (() => void) | undefined }
    this.pending.add(entry)
    return () => {
      this.pending.delete(entry)
      entry.off?.()
    }
  }
}

/** What must be known before the engine is: whether writes are refused, and the push body limit. */
export interface DeferredEngineShape {
  readOnly: boolean
  maxPushBodyBytes: number
}

/** An Engine forwarding to `ready` once it resolves; if it rejects, every call rejects with its error. */
export function deferredEngine<E extends Engine>(ready: Promise<E>, shape: DeferredEngineShape): Engine {
  const bus = new DeferredBus()
  // Keep an early rejection from being reported as unhandled: callers see it through their own awaits.
  ready.then((engine) => bus.attach(engine.bus)).catch(() => undefined)
  const api = Object.fromEntries(
    (Object.keys(requests) as RequestName[]).map((name) => [name, async (args: unknown) => ((await ready).api[name] as (a: unknown) => Promise<unknown>)(args)])
  ) as VigilApi
  return {
    api,
    bus,
    readOnly: shape.readOnly,
    maxPushBodyBytes: shape.maxPushBodyBytes,
    push: async (samples, sourceId) => (await ready).push(samples, sourceId),
    pushPredictions: async (records, labels, sourceId) => {
      const engine = await ready
      if (!engine.pushPredictions) throw new Error('this engine keeps no predictions')
      return engine.pushPredictions(records, labels, sourceId)
    },
    stop: async () => {
      const engine = await ready.catch(() => null)
      await engine?.stop()
    }
  }
}
