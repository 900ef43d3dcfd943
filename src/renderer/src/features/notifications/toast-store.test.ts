import { describe, expect, it } from 'vitest'
import type { NotificationEvent } from '@shared/types'
import type { TimerClock } from '../../clock/timer-clock'
import { addToast, createToastStore, expireToasts, isNotificationEvent, MAX_TOASTS } from './toast-store'

const notice = (id: string, severity: NotificationEvent['severity'] = 'info'): NotificationEvent => ({
  id,
  severity,
  title: `t ${id}`,
  body: 'b',
  route: null,
  sound: false,
  ts: 0
})

function manualClock() {
  let now = 0
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
  const advance = (ms: number) => {
    now += ms
    for (const t of timers.filter((t) => t.at <= now)) {
      timers = timers.filter((x) => x !== t)
      t.fn()
    }
  }
  return { clock, advance, pending: () => timers.length }
}

describe('toasts', () => {
  it('adds notices with their lifetime; critical ones never expire', () => {
    let list = addToast([], notice('a', 'info'), 1000)
    list = addToast(list, notice('b', 'critical'), 2000)
    expect(list.map((t) => [t.event.id, t.expiresAt])).toEqual([
      ['a', 16_000],
      ['b', null]
    ])
    expect(expireToasts(list, 16_000).map((t) => t.event.id)).toEqual(['b'])
    expect(expireToasts(list, 10 ** 12).map((t) => t.event.id)).toEqual(['b'])
  })

  it('replaces a notice sent again with the same id', () => {
    const list = addToast(addToast([], notice('a'), 0), { ...notice('a'), title: 'again' }, 5)
    expect(list).toHaveLength(1)
    expect(list[0].event.title).toBe('again')
  })

  it('keeps at most MAX_TOASTS, dropping the oldest non-critical first', () => {
    let list = addToast([], notice('c1', 'critical'), 0)
    for (let i = 0; i < 20; i++) list = addToast(list, notice(`i${i}`), i + 1)
    expect(list).toHaveLength(MAX_TOASTS)
    expect(list[0].event.id).toBe('c1')
    expect(list.at(-1)?.event.id).toBe('i19')
    let crit: ReturnType<typeof addToast> = []
    for (let i = 0; i < 8; i++) crit = addToast(crit, notice(`c${i}`, 'critical'), i)
    expect(crit.map((t) => t.event.id)).toEqual(['c3', 'c4', 'c5', 'c6', 'c7'])
  })

  it('recognises well-formed payloads only', () => {
    expect(isNotificationEvent(notice('a'))).toBe(true)
    for (const bad of [null, 'x', {}, { ...notice('a'), severity: 'fatal' }, { ...notice('a'), title: 3 }, { ...notice('a'), route: 5 }]) {
      expect(isNotificationEvent(bad)).toBe(false)
    }
  })
})

describe('createToastStore', () => {
  it('expires notices on time with one timer, and dismisses on request', () => {
    const { clock, advance, pending } = manualClock()
    const store = createToastStore(clock)
    let changes = 0
    store.subscribe(() => changes++)
    store.add(notice('i', 'info'))
    store.add(notice('w', 'warning'))
    store.add(notice('c', 'critical'))
    expect(pending()).toBe(1)
    advance(15_000)
    expect(store.get().map((t) => t.event.id)).toEqual(['w', 'c'])
    advance(45_000)
    expect(store.get().map((t) => t.event.id)).toEqual(['c'])
    expect(pending()).toBe(0)
    store.dismiss('c')
    store.dismiss('unknown')
    expect(store.get()).toEqual([])
    expect(changes).toBe(6)
  })

  it('leaves no timer after dispose', () => {
    const { clock, pending } = manualClock()
    const store = createToastStore(clock)
    store.add(notice('i'))
    store.dispose()
    expect(pending()).toBe(0)
  })
})
