import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('./fake-electron'))

const fake = await import('./fake-electron')
const { isAppUrl } = await import('../../src/main/electron/app-origin')
const { denyAllPermissions, guardWebContents, isAllowedExternalUrl } = await import('../../src/main/electron/navigation-guard')

function guarded(allowList?: readonly string[]): InstanceType<typeof fake.FakeWebContents> {
  const contents = new fake.FakeWebContents()
  guardWebContents(contents as never, allowList)
  return contents
}

beforeEach(() => {
  fake.shell.opened.length = 0
})

describe('isAppUrl', () => {
  it.each([
    ['app://vigil/index.html', true],
    ['app://vigil/index.html#/technical', true],
    ['app://VIGIL/', true],
    ['app://vigil.evil.example/', false],
    ['app://evil/index.html', false],
    ['app://user@vigil/', false],
    ['app://vigil:8080/', false],
    ['https://vigil/index.html', false],
    ['file:///index.html', false],
    ['http://127.0.0.1:5173/', false],
    ['not a url', false],
    ['', false]
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected)
  })
})

describe('navigation guard', () => {
  it('lets the page navigate within the app', () => {
    const contents = guarded()
    expect(contents.navigate('app://vigil/index.html#/technical')).toBe(true)
  })

  it.each(['https://evil.example/', 'file:///etc/passwd', 'http://127.0.0.1:4600/', 'javascript:alert(1)', 'app://other/'])(
    'prevents navigating or redirecting to %s',
    (url) => {
      const contents = guarded()
      expect(contents.navigate(url)).toBe(false)
      expect(contents.navigate(url, 'will-redirect')).toBe(false)
      expect(fake.shell.opened).toEqual([])
    }
  )

  it('denies window.open for external and app URLs, opening nothing with the default (empty) allow-list', () => {
    const contents = guarded()
    expect(contents.openWindow('https://docs.example.com/')).toEqual({ action: 'deny' })
    expect(contents.openWindow('app://vigil/index.html')).toEqual({ action: 'deny' })
    expect(fake.shell.opened).toEqual([])
  })

  it('opens allow-listed https origins in the system browser, still never in the app', async () => {
    const contents = guarded(['https://docs.example.com'])
    expect(contents.openWindow('https://docs.example.com/guide')).toEqual({ action: 'deny' })
    expect(contents.navigate('https://docs.example.com/other')).toBe(false)
    expect(contents.openWindow('http://docs.example.com/guide')).toEqual({ action: 'deny' })
    expect(contents.openWindow('https://docs.example.com.evil.example/')).toEqual({ action: 'deny' })
    expect(contents.openWindow('https://user:pw@docs.example.com/')).toEqual({ action: 'deny' })
    expect(fake.shell.opened).toEqual(['https://docs.example.com/guide', 'https://docs.example.com/other'])
  })

  it('refuses to attach <webview> elements', () => {
    const contents = guarded()
    const event = fake.fakeEvent()
    contents.emit('will-attach-webview', event, {}, {})
    expect(event.defaultPrevented).toBe(true)
  })

  it('isAllowedExternalUrl needs an exact https origin match', () => {
    expect(isAllowedExternalUrl('https://a.example/x', ['https://a.example'])).toBe(true)
    expect(isAllowedExternalUrl('https://a.example:444/x', ['https://a.example'])).toBe(false)
    expect(isAllowedExternalUrl('https://a.example/x')).toBe(false)
    expect(isAllowedExternalUrl('garbage', ['https://a.example'])).toBe(false)
  })
})

describe('permissions', () => {
  it('denies every permission request and check, and every device permission', () => {
    const ses = new (fake.session.defaultSession.constructor as new () => typeof fake.session.defaultSession)()
    denyAllPermissions(ses as never)
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const callback = vi.fn()
      ses.requestHandler!({}, permission, callback, {})
      expect(callback).toHaveBeenCalledExactlyOnceWith(false)
      expect(ses.checkHandler!({}, permission, 'app://vigil', {})).toBe(false)
    }
    for (const deviceType of ['hid', 'serial', 'usb']) {
      expect(ses.deviceHandler!({ deviceType, origin: 'app://vigil', device: {} })).toBe(false)
    }
  })
})
