import { describe, expect, it } from 'vitest'
import { createConnectionState } from '../../api/connection'
import type { TimerClock } from '../../clock/timer-clock'
import { createEngineWatch, engineStatusOf } from './engine-watch'

function manualClock(start = 1_000) {
  let now = start
  let timers: { at: number; fn: () => void; id: number }[] = []
  let nextId = 1
  const clock: TimerClock = {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++
      timers.push({ at: now + ms, fn, id })
      return id
    },
    clearTimeout(id) {
      timers = timers.filter((t) => t.id !== id)
    }
  }
  const advance = async (ms: number) => {
    const end = now + ms
    for (;;) {
      const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0]
      if (!due) break
      timers = timers.filter((t) => t !== due)
      now = due.at
      due.fn()
      // let the probe's promise settle
      await new Promise((r) => setTimeout(r, 0))
    }
    now = end
  }
  return { clock, advance, pending: () => timers.length }
}

function setup(initial: 'connecting' | 'connected' = 'connected') {
  const connection = createConnectionState(initial)
  const { clock, advance, pending } = manualClock()
  let engineUp = true
  let probes = 0
  const watch = createEngineWatch({
    connection,
    clock,
    graceMs: 2_000,
    intervalMs: 5_000,
    probe: async () => {
      probes++
      if (!engineUp) throw new Error('cannot reach the Vigil server')
    }
  })
  return {
    watch,
    connection,
    advance,
    pending,
    setEngineUp: (v: boolean) => (engineUp = v),
    probes: () => probes,
    down: () => engineStatusOf(watch.get()).down
  }
}

describe('createEngineWatch', () => {
  it('sends no probe while the event stream is connected', async () => {
    const t = setup()
    await t.advance(60_000)
    expect(t.probes()).toBe(0)
    expect(t.watch.get()).toEqual({ connection: 'connected', lostAt: null, reachable: null })
    expect(t.down()).toBe(false)
  })

  it('is down once the stream is lost and the probe fails; records when contact was lost', async () => {
    const t = setup()
    t.setEngineUp(false)
    t.connection.set('reconnecting')
    expect(t.watch.get().lostAt).toBe(1_000)
    expect(t.down()).toBe(false) // not yet probed
    await t.advance(2_000)
    expect(t.probes()).toBe(1)
    expect(t.down()).toBe(true)
    await t.advance(15_000)
    expect(t.probes()).toBe(4)
    expect(t.watch.get().lostAt).toBe(1_000)
  })

  it('is not down when only the stream dropped but the engine answers', async () => {
    const t = setup()
    t.connection.set('reconnecting')
    await t.advance(10_000)
    expect(t.watch.get().reachable).toBe(true)
    expect(t.down()).toBe(false)
  })

  it('recovers when the stream comes back, and stops probing', async () => {
    const t = setup()
    t.setEngineUp(false)
    t.connection.set('reconnecting')
    await t.advance(3_000)
    expect(t.down()).toBe(true)
    t.setEngineUp(true)
    t.connection.set('connected')
    expect(t.down()).toBe(false)
    expect(t.watch.get()).toEqual({ connection: 'connected', lostAt: null, reachable: null })
    const probes = t.probes()
    await t.advance(60_000)
    expect(t.probes()).toBe(probes)
    expect(t.pending()).toBe(0)
  })

  it('runs one probe loop however often the status changes while down', async () => {
    const t = setup('connecting')
    t.setEngineUp(false)
    t.connection.set('reconnecting')
    await t.advance(2_000 + 5_000 * 4)
    expect(t.probes()).toBe(5)
    expect(t.pending()).toBe(1)
  })

  it('notifies subscribers and cleans up on dispose', async () => {
    const t = setup()
    let calls = 0
    t.watch.subscribe(() => calls++)
    t.connection.set('reconnecting')
    expect(calls).toBe(1)
    t.watch.dispose()
    expect(t.pending()).toBe(0)
    t.connection.set('connected')
    expect(calls).toBe(1)
  })
})
