// A clock that runs `speed` times faster than real time from the moment it is made, with timers
// that keep pace with it (a 15 s poll interval passes in 0.25 s at 60×). `vigil serve --speed X`
// gives it to the engine so a soak run can cover a day of schedules, polls and retention in
// minutes; everything that reads the engine clock (the demo scenario, source health, alert rules,
// writes without timestamps) then sees the simulated time.

/** Timers whose delays are measured on an accelerated clock (same shape as the engine's Timers). */
export interface AcceleratedTimers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface AcceleratedClock {
  readonly speed: number
  /** Simulated epoch ms: the start time plus `speed` × the real time elapsed since. */
  now(): number
  /** Timers whose delays are simulated milliseconds (real delay = ms / speed). */
  readonly timers: AcceleratedTimers
}

export interface AcceleratedClockOptions {
  /** Real clock (epoch ms); Date.now by default. */
  realNow?: () => number
  /** Simulated time at the start (default: the real time then). */
  startAt?: number
  /** Real timers the accelerated ones are built on (default: the global ones). */
  realTimers?: AcceleratedTimers
}

/** Largest speed-up accepted: beyond it a 1 ms real step is more than an hour of simulated time. */
export const MAX_SPEED = 3600

/** Checks a speed factor: a finite number in [1, MAX_SPEED]; throws an Error saying what was wrong. */
export function checkSpeed(speed: number): number {
  if (!Number.isFinite(speed) || speed < 1 || speed > MAX_SPEED) {
    throw new Error(`speed must be a number from 1 to ${MAX_SPEED} (times real time), got ${String(speed)}`)
  }
  return speed
}

const globalRealTimers: AcceleratedTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
}

/** Creates a clock running `speed` times real time from now (speed 1 is the real clock, offset by startAt). */
export function acceleratedClock(speed: number, opts: AcceleratedClockOptions = {}): AcceleratedClock {
  checkSpeed(speed)
  const realNow = opts.realNow ?? Date.now
  const real = opts.realTimers ?? globalRealTimers
  const realStart = realNow()
  const simStart = opts.startAt ?? realStart
  // Rounded: callers treat the clock as integer epoch milliseconds.
  const now = (): number => simStart + Math.round((realNow() - realStart) * speed)
  return {
    speed,
    now,
    timers: {
      setTimeout: (fn, ms) => {
        // A real timer may fire a little before its real delay has passed on the millisecond clock,
        // which the speed-up turns into simulated seconds: re-arm until the simulated delay is over.
        const due = now() + Math.max(0, ms)
        const timer: { handle: unknown } = { handle: null }
        const fire = (): void => {
          const left = due - now()
          if (left <= 0) fn()
          else timer.handle = real.setTimeout(fire, Math.max(1, left / speed))
        }
        timer.handle = real.setTimeout(fire, Math.max(0, ms) / speed)
        return timer
      },
      clearTimeout: (timer) => real.clearTimeout((timer as { handle: unknown }).handle)
    }
  }
}
