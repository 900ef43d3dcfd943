// Typed pub/sub for the contract's push events; both transports subscribe to it.
import type { EventName, PayloadOf } from '@shared/api'

export type Listener<K extends EventName> = (payload: PayloadOf<K>) => void

export class EventBus {
  private listeners = new Map<EventName, Set<(payload: unknown) => void>>()

  /** Subscribes to one event; returns the unsubscribe function. */
  on<K extends EventName>(name: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(name)
    if (!set) {
      set = new Set()
      this.listeners.set(name, set)
    }
    set.add(listener as (payload: unknown) => void)
    return () => set.delete(listener as (payload: unknown) => void)
  }

  /** Delivers an event to every listener; a throwing listener never affects the others. */
  emit<K extends EventName>(name: K, payload: PayloadOf<K>): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        listener(payload)
      } catch (err) {
        console.error(`vigil: listener for "${name}" failed:`, err)
      }
    }
  }
}
