import { describe, expect, it } from 'vitest'
import { createCoalescer, type CoalescerClock } from './invalidation-coalescer'

/** A clock the test steps by hand. */
function manualClock() {
  let now = 1000
  let timers: { at: number; fn: () => void; id: number }[] = []
  let nextId = 1
  const clock: CoalescerClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++
      timers.push({ at: now + ms, fn, id })
      return id
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id)
    }
  }
  const advance = (ms: number) => {
    now += ms
    for (const t of timers.filter((t) => t.at <= now)) {
      timers = timers.filter((x) => x !== t)
      t.fn()
    }
  }
  return { clock, advance, pending: () => timers.length }
}

describe('createCoalescer', () => {
  it('flushes the first event at once', () => {
    const { clock } = manualClock()
    const flushes: string[][] = []
    const c = createCoalescer<string>((items) => flushes.push([...items]), 250, clock)
    c.add(['cpu'])
    expect(flushes).toEqual([['cpu']])
  })

  it('merges a burst into one trailing flush of distinct items', () => {
    const { clock, advance } = manualClock()
    const flushes: string[][] = []
    const c = createCoalescer<string>((items) => flushes.push([...items].sort()), 250, clock)
    c.add(['cpu'])
    for (let i = 0; i < 50; i++) {
      advance(4)
      c.add(['mem', 'cpu', `s${i % 3}`])
    }
    expect(flushes).toHaveLength(1)
    advance(250)
    expect(flushes).toEqual([['cpu'], ['cpu', 'mem', 's0', 's1', 's2']])
  })

  it('never flushes more often than once per interval', () => {
    const { clock, advance } = manualClock()
    let flushes = 0
    const c = createCoalescer<string>(() => flushes++, 250, clock)
    // 10 s of events every 10 ms
    for (let t = 0; t < 10_000; t += 10) {
      c.add(['x'])
      advance(10)
    }
    advance(250)
    expect(flushes).toBeLessThanOrEqual(10_000 / 250 + 1)
    expect(flushes).toBeGreaterThanOrEqual(10_000 / 250 - 1)
  })

  it('does nothing for empty input and drops pending work on dispose', () => {
    const { clock, advance, pending } = manualClock()
    let flushes = 0
    const c = createCoalescer<string>(() => flushes++, 250, clock)
    c.add([])
    expect(flushes).toBe(0)
    c.add(['a'])
    c.add(['b'])
    expect(pending()).toBe(1)
    c.dispose()
    expect(pending()).toBe(0)
    advance(1000)
    expect(flushes).toBe(1)
  })
})
