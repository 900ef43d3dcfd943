import { describe, expect, it } from 'vitest'
import { acceleratedClock, checkSpeed, type AcceleratedTimers } from './accelerated-clock'

/** A hand-stepped real clock and timers that record the real delays they were given. */
function fakeReal(start = 1_000_000) {
  let t = start
  const scheduled: { ms: number; fn: () => void; cleared: boolean }[] = []
  const timers: AcceleratedTimers = {
    setTimeout: (fn, ms) => {
      const entry = { ms, fn, cleared: false }
      scheduled.push(entry)
      return entry
    },
    clearTimeout: (h) => {
      ;(h as { cleared: boolean }).cleared = true
    }
  }
  return { now: () => t, advance: (ms: number) => (t += ms), timers, scheduled }
}

describe('acceleratedClock', () => {
  it('runs speed times faster than the real clock from its start', () => {
    const real = fakeReal()
    const clock = acceleratedClock(60, { realNow: real.now, realTimers: real.timers })
    expect(clock.now()).toBe(1_000_000)
    real.advance(1000)
    expect(clock.now()).toBe(1_000_000 + 60_000)
    real.advance(59_000)
    expect(clock.now()).toBe(1_000_000 + 3_600_000)
  })

  it('starts at the given simulated time', () => {
    const real = fakeReal()
    const clock = acceleratedClock(10, { realNow: real.now, startAt: 5_000, realTimers: real.timers })
    real.advance(250)
    expect(clock.now()).toBe(7_500)
  })

  it('speed 1 is the real clock', () => {
    const real = fakeReal()
    const clock = acceleratedClock(1, { realNow: real.now, realTimers: real.timers })
    real.advance(12_345)
    expect(clock.now()).toBe(real.now())
  })

  it('shortens timer delays by the speed, so a simulated interval passes on the simulated clock', () => {
    const real = fakeReal()
    const clock = acceleratedClock(60, { realNow: real.now, realTimers: real.timers })
    let fired = 0
    const before = clock.now()
    clock.timers.setTimeout(() => fired++, 15_000)
    expect(real.scheduled[0].ms).toBe(250)
    real.advance(real.scheduled[0].ms)
    real.scheduled[0].fn()
    expect(fired).toBe(1)
    expect(clock.now() - before).toBe(15_000)
  })

  it('treats negative delays as 0 and clears through the real timers', () => {
    const real = fakeReal()
    const clock = acceleratedClock(4, { realNow: real.now, realTimers: real.timers })
    const handle = clock.timers.setTimeout(() => undefined, -100)
    expect(real.scheduled[0].ms).toBe(0)
    clock.timers.clearTimeout(handle)
    expect(real.scheduled[0].cleared).toBe(true)
  })

  it('fires real timers at the accelerated rate', async () => {
    const clock = acceleratedClock(1000)
    const start = clock.now()
    // 2 simulated seconds = 2 real milliseconds.
    await new Promise<void>((resolve) => clock.timers.setTimeout(resolve, 2000))
    expect(clock.now() - start).toBeGreaterThanOrEqual(2000)
  })
})

describe('checkSpeed', () => {
  it('accepts 1 to 3600 and refuses anything else with a clear message', () => {
    expect(checkSpeed(1)).toBe(1)
    expect(checkSpeed(60)).toBe(60)
    expect(checkSpeed(2.5)).toBe(2.5)
    for (const bad of [0, 0.5, -2, Number.NaN, Number.POSITIVE_INFINITY, 3601]) {
      expect(() => checkSpeed(bad)).toThrow(/speed must be a number from 1 to 3600/)
    }
  })
})
