// Injectable timers and clock, so the scheduler can be driven by fake time in tests.

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number
}

/** The global timers, looked up at call time (so test doubles installed later are honoured). */
export const globalTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
}

export const systemClock: Clock = { now: () => Date.now() }

/** Resolves when `promise` settles or after `ms`, whichever comes first; true if it settled. */
export function settleWithin(promise: Promise<unknown>, ms: number, timers: Timers): Promise<boolean> {
  return new Promise((resolve) => {
    const handle = timers.setTimeout(() => resolve(false), ms)
    promise.then(
      () => {
        timers.clearTimeout(handle)
        resolve(true)
      },
      () => {
        timers.clearTimeout(handle)
        resolve(true)
      }
    )
  })
}
