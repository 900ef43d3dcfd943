import { afterEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('./fake-electron'))

const { BrowserWindow } = await import('./fake-electron')
const { createMainWindow, loadApp, WINDOW_BACKGROUND } = await import('../../src/main/electron/window')

afterEach(() => {
  vi.restoreAllMocks()
})

function lastWindow(): InstanceType<typeof BrowserWindow> {
  const win = BrowserWindow.instances.at(-1)
  if (!win) throw new Error('no window was created')
  return win
}

describe('main window', () => {
  it('is created with isolated, sandboxed, Node-free web preferences and the given preload', () => {
    createMainWindow({ preloadPath: '/app/out/preload/index.js', kiosk: false })
    const prefs = lastWindow().options.webPreferences
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false
    })
  })

  it('stays hidden on a dark background until its first paint is ready', () => {
    createMainWindow({ preloadPath: '/p.js', kiosk: false })
    const win = lastWindow()
    expect(win.options.show).toBe(false)
    expect(win.options.backgroundColor).toBe(WINDOW_BACKGROUND)
    // Dark: every colour channel below 0x40.
    const channels = WINDOW_BACKGROUND.slice(1).match(/../g)!.map((h) => parseInt(h, 16))
    expect(Math.max(...channels)).toBeLessThan(0x40)
    expect(win.isVisible()).toBe(false)
    win.emit('ready-to-show')
    expect(win.isVisible()).toBe(true)
  })

  it('in normal mode keeps the (auto-hidden) menu and is not in kiosk', () => {
    createMainWindow({ preloadPath: '/p.js', kiosk: false })
    const win = lastWindow()
    expect(win.options.kiosk).toBe(false)
    expect(win.options.autoHideMenuBar).toBe(true)
    expect(win.menu).toBe('default-menu')
  })

  it('in kiosk mode is full screen with no menu', () => {
    createMainWindow({ preloadPath: '/p.js', kiosk: true })
    const win = lastWindow()
    expect(win.options.kiosk).toBe(true)
    expect(win.options.fullscreen).toBe(true)
    expect(win.menu).toBeNull()
  })

  it('loads the renderer from app://vigil/index.html, not file://', async () => {
    const win = createMainWindow({ preloadPath: '/p.js', kiosk: false })
    await loadApp(win)
    expect(lastWindow().loadedUrl).toBe('app://vigil/index.html')
  })

  it('starts the renderer as a wallboard with ?kiosk=1 in kiosk mode', async () => {
    const win = createMainWindow({ preloadPath: '/p.js', kiosk: true })
    await loadApp(win, { kiosk: true })
    expect(lastWindow().loadedUrl).toBe('app://vigil/index.html?kiosk=1')
  })

  it('logs instead of throwing when the page fails to load', async () => {
    const win = createMainWindow({ preloadPath: '/p.js', kiosk: false })
    lastWindow().loadError = new Error('ERR_FILE_NOT_FOUND (-6) loading app://vigil/index.html')
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    await expect(loadApp(win)).resolves.toBeUndefined()
    expect(String(log.mock.calls[0]?.join(' '))).toContain('ERR_FILE_NOT_FOUND')
  })
})
