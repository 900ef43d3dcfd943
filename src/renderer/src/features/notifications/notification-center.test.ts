import { describe, expect, it } from 'vitest'
import type { NotificationEvent } from '@shared/types'
import { createNotificationCenter } from './notification-center'
import { createToastStore } from './toast-store'

function fakeBridge() {
  const listeners = new Set<(p: unknown) => void>()
  return {
    bridge: {
      on: (_event: string, l: (p: unknown) => void) => {
        listeners.add(l)
        return () => listeners.delete(l)
      }
    } as never,
    emit: (p: unknown) => listeners.forEach((l) => l(p)),
    count: () => listeners.size
  }
}

const clock = { now: () => 0, setTimeout: () => 0, clearTimeout: () => {} }
const notice = (patch: Partial<NotificationEvent> = {}): NotificationEvent => ({
  id: 'n1',
  severity: 'critical',
  title: 'Fraud model degraded',
  body: 'accuracy 0.81 < 0.9',
  route: '#/technical',
  sound: true,
  ts: 1,
  ...patch
})

function setup(native: boolean, soundOn = true) {
  const { bridge, emit, count } = fakeBridge()
  const os: NotificationEvent[] = []
  const opens: (() => void)[] = []
  const routes: string[] = []
  let beeps = 0
  const center = createNotificationCenter({
    bridge,
    native,
    navigate: (r) => routes.push(r),
    toasts: createToastStore(clock),
    showOsNotification: (e, onOpen) => {
      os.push(e)
      opens.push(onOpen)
      return true
    },
    playSound: () => beeps++,
    soundOn: () => soundOn
  })
  return { center, emit, count, os, opens, routes, beeps: () => beeps }
}

describe('createNotificationCenter', () => {
  it('in the browser: toast, OS notification and sound for a critical notice', () => {
    const t = setup(false)
    t.emit(notice())
    expect(t.center.toasts.get().map((x) => x.event.id)).toEqual(['n1'])
    expect(t.os.map((e) => e.id)).toEqual(['n1'])
    expect(t.beeps()).toBe(1)
  })

  it('clicking the OS notification opens the route and dismisses the toast', () => {
    const t = setup(false)
    t.emit(notice())
    t.opens[0]()
    expect(t.routes).toEqual(['#/technical'])
    expect(t.center.toasts.get()).toEqual([])
  })

  it('plays no sound when the notice does not ask for it or sound is off', () => {
    const quiet = setup(false)
    quiet.emit(notice({ sound: false, severity: 'info' }))
    expect(quiet.beeps()).toBe(0)
    const muted = setup(false, false)
    muted.emit(notice())
    expect(muted.beeps()).toBe(0)
    expect(muted.os).toHaveLength(1)
  })

  it('in Electron: only the toast (main shows the native notice and plays its sound)', () => {
    const t = setup(true)
    t.emit(notice())
    expect(t.center.toasts.get()).toHaveLength(1)
    expect(t.os).toEqual([])
    expect(t.beeps()).toBe(0)
  })

  it('ignores malformed payloads and never navigates to a non-hash route', () => {
    const t = setup(false)
    t.emit({ title: 'x' })
    t.emit(null)
    expect(t.center.toasts.get()).toEqual([])
    t.emit(notice({ id: 'evil', route: 'javascript:alert(1)' }))
    t.center.open(t.center.toasts.get()[0].event)
    expect(t.routes).toEqual([])
  })

  it('unsubscribes on dispose', () => {
    const t = setup(false)
    expect(t.count()).toBe(1)
    t.center.dispose()
    expect(t.count()).toBe(0)
  })
})
