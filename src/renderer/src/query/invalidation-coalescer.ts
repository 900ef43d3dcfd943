// Collects keys (series names) from bursts of push events and flushes them at most once per
// interval: the first event after a quiet interval flushes at once (low latency), later ones in
// the same interval are merged into one trailing flush.

export interface CoalescerClock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface Coalescer<T> {
  add(items: Iterable<T>): void
  dispose(): void
}

const realClock: CoalescerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>)
}

/** Creates a coalescer that calls `flush` with the distinct items gathered since the last flush. */
export function createCoalescer<T>(
  flush: (items: Set<T>) => void,
  intervalMs: number,
  clock: CoalescerClock = realClock
): Coalescer<T> {
  let pending = new Set<T>()
  let lastFlush = -Infinity
  let timer: unknown = null

  function run(): void {
    timer = null
    if (pending.size === 0) return
    const items = pending
    pending = new Set()
    lastFlush = clock.now()
    flush(items)
  }

  return {
    add(items) {
      for (const item of items) pending.add(item)
      if (pending.size === 0 || timer !== null) return
      const wait = lastFlush + intervalMs - clock.now()
      if (wait <= 0) run()
      else timer = clock.setTimeout(run, wait)
    },
    dispose() {
      if (timer !== null) clock.clearTimeout(timer)
      timer = null
      pending.clear()
    }
  }
}
