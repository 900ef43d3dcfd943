import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('./fake-electron'))

const fake = await import('./fake-electron')
const { showNotification } = await import('../../src/main/electron/notifications')
const { NAVIGATE_CHANNEL } = await import('../../src/shared/api-names')

let win: InstanceType<typeof fake.BrowserWindow>

beforeEach(() => {
  fake.Notification.supported = true
  fake.Notification.instances.length = 0
  win = new fake.BrowserWindow({})
})

function lastNotification(): InstanceType<typeof fake.Notification> {
  const n = fake.Notification.instances.at(-1)
  if (!n) throw new Error('no notification was created')
  return n
}

describe('native notifications', () => {
  it('shows the title, body and urgency, not silent', () => {
    expect(showNotification({ title: 'Source down', body: 'crm has failed 3 polls', urgency: 'normal' }, () => win as never)).toBe(true)
    const n = lastNotification()
    expect(n.shown).toBe(true)
    expect(n.options).toMatchObject({ title: 'Source down', body: 'crm has failed 3 polls', urgency: 'normal', silent: false, timeoutType: 'default' })
  })

  it('a critical notice stays on screen, plays its sound and is never silent', () => {
    showNotification({ title: 'SLO breach', body: 'p99 > 2s', urgency: 'critical', sound: 'Sosumi', silent: true }, () => win as never)
    expect(lastNotification().options).toMatchObject({ urgency: 'critical', silent: false, sound: 'Sosumi', timeoutType: 'never' })
  })

  it('a low-urgency notice may be silent', () => {
    showNotification({ title: 'Back to normal', body: 'crm ok', urgency: 'low', silent: true }, () => win as never)
    expect(lastNotification().options).toMatchObject({ urgency: 'low', silent: true })
  })

  it('a click restores and focuses the window and sends the page to the route', () => {
    win.minimized = true
    showNotification({ title: 'SLO breach', body: 'p99 > 2s', urgency: 'critical', route: '#/technical' }, () => win as never)
    lastNotification().emit('click', fake.fakeEvent())
    expect(win.isMinimized()).toBe(false)
    expect(win.isVisible()).toBe(true)
    expect(win.focused).toBe(true)
    expect(win.webContents.sent).toEqual([[NAVIGATE_CHANNEL, '#/technical']])
  })

  it('a click without a route only focuses the window', () => {
    showNotification({ title: 't', body: 'b', urgency: 'normal' }, () => win as never)
    lastNotification().emit('click', fake.fakeEvent())
    expect(win.focused).toBe(true)
    expect(win.webContents.sent).toEqual([])
  })

  it('a click after the window is gone does nothing', () => {
    showNotification({ title: 't', body: 'b', urgency: 'normal', route: '#/technical' }, () => null)
    expect(() => lastNotification().emit('click', fake.fakeEvent())).not.toThrow()
    win.close()
    showNotification({ title: 't', body: 'b', urgency: 'normal', route: '#/technical' }, () => win as never)
    expect(() => lastNotification().emit('click', fake.fakeEvent())).not.toThrow()
    expect(win.webContents.sent).toEqual([])
  })

  it.each(['javascript:alert(1)', 'https://evil.example/#/x', '/technical', '#/a b', '#/<script>'])('refuses route %s with a clear error', (route) => {
    expect(() => showNotification({ title: 'Source down', body: 'b', urgency: 'normal', route }, () => win as never)).toThrow(
      `notification "Source down": route ${JSON.stringify(route)} is not a hash route`
    )
    expect(fake.Notification.instances).toEqual([])
  })

  it('returns false and shows nothing where the OS has no notifications', () => {
    fake.Notification.supported = false
    expect(showNotification({ title: 't', body: 'b', urgency: 'normal' }, () => win as never)).toBe(false)
    expect(fake.Notification.instances).toEqual([])
  })
})
