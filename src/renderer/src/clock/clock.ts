// The one app-level clock: ticks every few seconds so "last N hours" windows slide and
// "12 s ago" labels age. Components read it through useClock, never through their own timers.
import { useSyncExternalStore } from 'react'

const TICK_MS = 5000

let offsetMs = 0
let current = Date.now()
let timer: ReturnType<typeof setInterval> | null = null
const listeners = new Set<() => void>()

function tick(): void {
  current = Date.now() + offsetMs
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (timer === null) timer = setInterval(tick, TICK_MS)
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer)
      timer = null
    }
  }
}

/** Aligns the clock with the server's (from getAppInfo().now) so windows include its newest samples. */
export function setServerTime(serverNow: number): void {
  const offset = serverNow - Date.now()
  // Ignore request latency-sized differences; only a real clock skew is worth correcting.
  offsetMs = Math.abs(offset) > 2000 ? offset : 0
  tick()
}

/** The current (server-aligned) time, rounded down to `granularityMs`; re-renders only when that changes. */
export function useClock(granularityMs = TICK_MS): number {
  return useSyncExternalStore(subscribe, () => Math.floor(current / granularityMs) * granularityMs)
}
