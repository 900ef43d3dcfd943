import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { NotificationEvent } from '../../src/shared/types'

vi.mock('electron', () => import('./fake-electron'))

const fake = await import('./fake-electron')
const { EventBus } = await import('../../src/main/engine/event-bus')
const { clickRoute, nativeNoticeFor, relayNotifications } = await import('../../src/main/electron/notification-relay')
const { NAVIGATE_CHANNEL } = await import('../../src/shared/api-names')

const event = (patch: Partial<NotificationEvent> = {}): NotificationEvent => ({
  id: 'n1',
  severity: 'warning',
  title: 'Source crm failing',
  body: '3 polls failed: HTTP 502',
  route: '#/technical',
  sound: false,
  ts: 1,
  ...patch
})

let win: InstanceType<typeof fake.BrowserWindow>

beforeEach(() => {
  fake.Notification.supported = true
  fake.Notification.instances.length = 0
  win = new fake.BrowserWindow({})
})

describe('nativeNoticeFor', () => {
  it('maps severity to urgency and sound to silent', () => {
    expect(nativeNoticeFor(event({ severity: 'critical', sound: true }))).toEqual({
      title: 'Source crm failing',
      body: '3 polls failed: HTTP 502',
      urgency: 'critical',
      route: '#/technical',
      silent: false
    })
    expect(nativeNoticeFor(event({ severity: 'info', route: null }))).toEqual({
      title: 'Source crm failing',
      body: '3 polls failed: HTTP 502',
      urgency: 'low',
      silent: true
    })
    expect(nativeNoticeFor(event()).urgency).toBe('normal')
  })

  it('keeps a wallboard a wallboard: the click route gets kiosk=1 in kiosk mode', () => {
    expect(nativeNoticeFor(event(), { kiosk: true }).route).toBe('#/technical?kiosk=1')
    expect(clickRoute('#/technical?range=1h', true)).toBe('#/technical?range=1h&kiosk=1')
    expect(clickRoute('#/technical?kiosk=1', true)).toBe('#/technical?kiosk=1')
    expect(clickRoute('#/technical', false)).toBe('#/technical')
  })

  it('refuses a malformed event with a message naming the field', () => {
    expect(() => nativeNoticeFor(event({ title: '' }))).toThrow('"title" must be a non-empty string')
    expect(() => nativeNoticeFor(event({ severity: 'fatal' as never }))).toThrow('notification "Source crm failing": severity "fatal" is not critical, warning or info')
    expect(() => nativeNoticeFor(null as never)).toThrow('expected an object')
  })
})

describe('relayNotifications', () => {
  it('shows a native notification per bus event; a critical one stays and sounds; click focuses and navigates', () => {
    const bus = new EventBus()
    relayNotifications(bus, () => win as never)
    bus.emit('notification', event({ severity: 'critical', sound: true }))
    expect(fake.Notification.instances).toHaveLength(1)
    const n = fake.Notification.instances[0]
    expect(n.shown).toBe(true)
    expect(n.options).toMatchObject({ title: 'Source crm failing', urgency: 'critical', silent: false, timeoutType: 'never' })
    win.minimized = true
    n.emit('click', fake.fakeEvent())
    expect(win.isMinimized()).toBe(false)
    expect(win.focused).toBe(true)
    expect(win.webContents.sent).toEqual([[NAVIGATE_CHANNEL, '#/technical']])
  })

  it('keeps a non-critical notice quiet unless it asks for sound', () => {
    const bus = new EventBus()
    relayNotifications(bus, () => win as never)
    bus.emit('notification', event({ severity: 'info', sound: false }))
    expect(fake.Notification.instances[0].options).toMatchObject({ urgency: 'low', silent: true, timeoutType: 'default' })
  })

  it('logs and drops a malformed event, and shows a notice with a refused route without it', () => {
    const bus = new EventBus()
    const log: string[] = []
    relayNotifications(bus, () => win as never, {}, (m) => log.push(m))
    bus.emit('notification', event({ title: 42 as never }))
    expect(fake.Notification.instances).toHaveLength(0)
    bus.emit('notification', event({ route: 'javascript:alert(1)' }))
    expect(fake.Notification.instances).toHaveLength(1)
    fake.Notification.instances[0].emit('click', fake.fakeEvent())
    expect(win.webContents.sent).toEqual([])
    expect(log.join('\n')).toContain('"title" must be a non-empty string')
    expect(log.join('\n')).toContain('is not a hash route')
  })

  it('puts an Acknowledge button on notices that carry an alert group, which acknowledges it as the desktop user', async () => {
    const bus = new EventBus()
    const acked: string[] = []
    const log: string[] = []
    relayNotifications(bus, () => win as never, { acknowledge: async (key) => void acked.push(key) }, (m) => log.push(m))
    bus.emit('notification', event({ severity: 'critical', ack: 'critical{alertname="HighLatency"}', route: '#/alerts?alert=ab12&ack=1' }))
    bus.emit('notification', event({ ack: null }))
    const [withAck, without] = fake.Notification.instances
    expect(withAck.options.actions).toEqual([{ type: 'button', text: 'Acknowledge' }])
    expect(without.options.actions).toBeUndefined()
    withAck.emit('action', fake.fakeEvent(), 0)
    expect(acked).toEqual(['critical{alertname="HighLatency"}'])
    // A click (Linux draws no buttons) opens the acknowledge form instead.
    withAck.emit('click', fake.fakeEvent())
    expect(win.webContents.sent).toEqual([[NAVIGATE_CHANNEL, '#/alerts?alert=ab12&ack=1']])

    const failing = new EventBus()
    relayNotifications(failing, () => win as never, { acknowledge: async () => Promise.reject(new Error('alert group not found')) }, (m) => log.push(m))
    failing.emit('notification', event({ ack: 'g' }))
    fake.Notification.instances[2].emit('action', fake.fakeEvent(), 0)
    await new Promise((r) => setTimeout(r, 0))
    expect(log).toEqual(['acknowledging from the notification failed: alert group not found'])
  })

  it('shows no Acknowledge button when the shell cannot acknowledge', () => {
    const bus = new EventBus()
    relayNotifications(bus, () => win as never)
    bus.emit('notification', event({ ack: 'g' }))
    expect(fake.Notification.instances[0].options.actions).toBeUndefined()
  })

  it('stops after unsubscribing', () => {
    const bus = new EventBus()
    const off = relayNotifications(bus, () => win as never)
    off()
    bus.emit('notification', event())
    expect(fake.Notification.instances).toHaveLength(0)
  })
})
