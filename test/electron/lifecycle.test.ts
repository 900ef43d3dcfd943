import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ipcRequestChannel, requestNames, type VigilApi } from '../../src/shared/api'
import { EventBus } from '../../src/main/engine/event-bus'
import type { Engine } from '../../src/main/engine/types'
import type { DesktopLiveEngine, StartArchiveEngine, StartEngine } from '../../src/main/electron/lifecycle'

vi.mock('electron', () => import('./fake-electron'))

type Fake = typeof import('./fake-electron')
let fake: Fake
let runElectronApp: (typeof import('../../src/main/electron/lifecycle'))['runElectronApp']
let signalListeners: Map<string, Function[]>
let rendererDir: string

type FakeEngine = DesktopLiveEngine & { stop: ReturnType<typeof vi.fn>; setReportRenderer: ReturnType<typeof vi.fn>; exportArchiveTo: ReturnType<typeof vi.fn> }

function fakeEngine(): FakeEngine {
  const api = Object.fromEntries(requestNames.map((name) => [name, vi.fn(async () => ({ from: name }))])) as unknown as VigilApi
  return {
    api,
    bus: new EventBus(),
    push: vi.fn(),
    maxPushBodyBytes: 1 << 20,
    readOnly: false,
    stop: vi.fn(async () => {}),
    setReportRenderer: vi.fn(async () => {}),
    exportArchiveTo: vi.fn(async () => {
      throw new Error('this test exports nothing')
    })
  }
}

/** Review mode's engine: the contract only (no scheduled reports, no exports). */
function fakeArchiveEngine(): Engine & { stop: ReturnType<typeof vi.fn> } {
  const { api, bus, push, maxPushBodyBytes, stop } = fakeEngine()
  return { api, bus, push, maxPushBodyBytes, readOnly: true, stop }
}

const noArchives: StartArchiveEngine = async () => {
  throw new Error('this test opens no archive')
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

function start(startEngine: StartEngine, argv: string[] = [], startArchiveEngine: StartArchiveEngine = noArchives): void {
  runElectronApp({ startEngine, startArchiveEngine, preloadPath: '/app/out/preload/index.js', rendererDir, argv })
}

function onlyWindow(): InstanceType<Fake['BrowserWindow']> {
  expect(fake.BrowserWindow.instances).toHaveLength(1)
  return fake.BrowserWindow.instances[0]
}

beforeEach(async () => {
  fake = await import('./fake-electron')
  fake.resetFakeElectron() // a fresh `app` (no listeners, not ready) for every run of the shell
  ;({ runElectronApp } = await import('../../src/main/electron/lifecycle'))
  signalListeners = new Map(['SIGINT', 'SIGTERM'].map((s) => [s, process.listeners(s as NodeJS.Signals)]))
  rendererDir = mkdtempSync(join(tmpdir(), 'vigil-lifecycle-'))
})

afterEach(() => {
  for (const [signal, before] of signalListeners) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!before.includes(listener)) process.off(signal, listener as () => void)
    }
  }
  rmSync(rendererDir, { recursive: true, force: true })
  vi.restoreAllMocks()
})

describe('desktop app lifecycle', () => {
  it('registers app:// before ready, then starts the engine, then opens the guarded window', async () => {
    const engine = fakeEngine()
    const startEngine = vi.fn(async () => {
      fake.callOrder.push('startEngine')
      return engine
    })
    start(startEngine)
    expect(fake.callOrder[0]).toBe('registerSchemesAsPrivileged')
    expect(fake.app.sandboxEnforced).toBe(true)
    expect(startEngine).not.toHaveBeenCalled()

    fake.app.becomeReady()
    await vi.waitFor(() => expect(fake.callOrder).toContain('loadURL app://vigil/index.html'))

    expect(startEngine).toHaveBeenCalledExactlyOnceWith({ dataDir: '/fake/userData', version: '9.9.9-test' })
    const order = fake.callOrder
    expect(order.indexOf('startEngine')).toBeLessThan(order.indexOf('new BrowserWindow'))
    // IPC is wired before the page loads, so the first request finds its handler.
    expect(order.indexOf(`ipcMain.handle ${ipcRequestChannel('getAppInfo')}`)).toBeLessThan(order.indexOf('loadURL app://vigil/index.html'))

    const win = onlyWindow()
    expect(win.options.webPreferences).toMatchObject({ preload: '/app/out/preload/index.js', sandbox: true, contextIsolation: true })
    expect(win.options.kiosk).toBe(false)
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(requestNames.map(ipcRequestChannel).sort())
    expect(fake.protocol.handlers.has('app')).toBe(true)
    // Guards reach the window created by the shell.
    expect(win.webContents.navigate('https://evil.example/')).toBe(false)
    expect(win.webContents.openWindow('https://evil.example/')).toEqual({ action: 'deny' })
    const callback = vi.fn()
    fake.session.defaultSession.requestHandler!({}, 'media', callback, {})
    expect(callback).toHaveBeenCalledWith(false)
    expect(fake.session.defaultSession.checkHandler!({}, 'media', 'app://vigil', {})).toBe(false)
  })

  it('honours --kiosk, --data-dir and --config', async () => {
    const engine = fakeEngine()
    const startEngine = vi.fn(async () => engine)
    start(startEngine, ['--kiosk', '--data-dir', 'rel/data', '--config=/etc/vigil/vigil.yaml'])
    fake.app.becomeReady()
    await vi.waitFor(() => expect(fake.BrowserWindow.instances).toHaveLength(1))
    expect(startEngine).toHaveBeenCalledExactlyOnceWith({
      dataDir: resolve(process.cwd(), 'rel/data'),
      configPath: '/etc/vigil/vigil.yaml',
      version: '9.9.9-test'
    })
    expect(onlyWindow().options.kiosk).toBe(true)
    expect(onlyWindow().menu).toBeNull()
    // The page starts as a wallboard (no controls, playlist rotation).
    await vi.waitFor(() => expect(onlyWindow().loadedUrl).toBe('app://vigil/index.html?kiosk=1'))
    // A notification clicked on the wallboard opens its view as a wallboard.
    engine.bus.emit('notification', { id: 'n', severity: 'warning', title: 'Source crm failing', body: '', route: '#/technical', sound: false, ts: 1 })
    fake.Notification.instances.at(-1)!.emit('click', fake.fakeEvent())
    expect(onlyWindow().webContents.sent).toContainEqual(['vigil:navigate', '#/technical?kiosk=1'])
  })

  it('shows engine notifications natively while the window lives, and stops when it closes', async () => {
    const engine = fakeEngine()
    start(async () => engine)
    fake.app.becomeReady()
    await vi.waitFor(() => expect(onlyWindow().loadedUrl).toBe('app://vigil/index.html'))
    const notice = { id: 'n', severity: 'critical', title: 'Fraud model down', body: 'accuracy 0', route: '#/technical', sound: true, ts: 1 } as const
    engine.bus.emit('notification', notice)
    expect(fake.Notification.instances).toHaveLength(1)
    expect(fake.Notification.instances[0].options).toMatchObject({ title: 'Fraud model down', urgency: 'critical', silent: false })
    fake.Notification.instances[0].emit('click', fake.fakeEvent())
    expect(onlyWindow().webContents.sent).toContainEqual(['vigil:navigate', '#/technical'])
    // The Acknowledge button acknowledges the notice's alert group through the engine, as the desktop user.
    engine.bus.emit('notification', { ...notice, id: 'n2', ack: 'critical{alertname="FraudModelDown"}' })
    fake.Notification.instances[1].emit('action', fake.fakeEvent(), 0)
    expect(engine.api.acknowledgeAlert).toHaveBeenCalledExactlyOnceWith({
      id: 'critical{alertname="FraudModelDown"}',
      by: userInfo().username,
      comment: 'acknowledged from the desktop notification'
    })
    onlyWindow().close()
    engine.bus.emit('notification', notice)
    expect(fake.Notification.instances).toHaveLength(2)
  })

  it('stops the engine exactly once before quitting, however often quit is requested', async () => {
    const engine = fakeEngine()
    const stopped = deferred<void>()
    engine.stop.mockImplementation(() => stopped.promise)
    start(async () => engine)
    fake.app.becomeReady()
    await vi.waitFor(() => expect(fake.BrowserWindow.instances).toHaveLength(1))

    fake.app.quit()
    fake.app.quit()
    expect(fake.app.quitted).toBe(false)
    await vi.waitFor(() => expect(engine.stop).toHaveBeenCalledTimes(1))
    expect(fake.app.quitted).toBe(false)

    stopped.resolve()
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true))
    expect(engine.stop).toHaveBeenCalledTimes(1)
    expect(fake.app.exitCode).toBeNull()
  })

  it('still quits when stopping the engine fails, and says why', async () => {
    const engine = fakeEngine()
    engine.stop.mockRejectedValue(new Error('flush failed: disk full'))
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    start(async () => engine)
    fake.app.becomeReady()
    await vi.waitFor(() => expect(fake.BrowserWindow.instances).toHaveLength(1))
    fake.app.quit()
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true))
    expect(log.mock.calls.flat().join(' ')).toContain('flush failed: disk full')
  })

  it('closing the window quits the app, unregisters IPC and stops the engine', async () => {
    const engine = fakeEngine()
    start(async () => engine)
    fake.app.becomeReady()
    await vi.waitFor(() => expect(fake.BrowserWindow.instances).toHaveLength(1))
    onlyWindow().close()
    expect(fake.ipcMain.handlers.size).toBe(0)
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true))
    expect(engine.stop).toHaveBeenCalledTimes(1)
  })

  it('a quit during engine start waits for the engine and then stops it', async () => {
    const engine = fakeEngine()
    const started = deferred<DesktopLiveEngine>()
    start(() => started.promise)
    fake.app.becomeReady()
    await vi.waitFor(() => expect(fake.app.listenerCount('before-quit')).toBe(1))
    await new Promise((r) => setImmediate(r))
    fake.app.quit()
    expect(fake.app.quitted).toBe(false)
    started.resolve(engine)
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true))
    expect(engine.stop).toHaveBeenCalledTimes(1)
  })

  it('SIGTERM quits through the same engine stop', async () => {
    const engine = fakeEngine()
    start(async () => engine)
    fake.app.becomeReady()
    await vi.waitFor(() => expect(fake.BrowserWindow.instances).toHaveLength(1))
    process.emit('SIGTERM', 'SIGTERM')
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true))
    expect(engine.stop).toHaveBeenCalledTimes(1)
  })

  it('an engine start error shows its message (no stack) and exits non-zero without a window', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const error = new Error('vigil.yaml line 4: sources[0].url: "htp://x" is not a URL')
    start(async () => {
      throw error
    })
    fake.app.becomeReady()
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(1))
    expect(fake.dialog.errorBoxes).toEqual([{ title: 'Vigil could not start', content: error.message }])
    expect(fake.dialog.errorBoxes[0].content).not.toContain(' at ')
    expect(fake.BrowserWindow.instances).toHaveLength(0)
  })

  it('a bad command-line flag is reported the same way', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const startEngine = vi.fn(async () => fakeEngine())
    start(startEngine, ['--config'])
    fake.app.becomeReady()
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(1))
    expect(fake.dialog.errorBoxes[0].content).toContain('--config needs a value')
    expect(startEngine).not.toHaveBeenCalled()
  })

  it('a failure after the engine started stops the engine before exiting', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const engine = fakeEngine()
    // Something else already owns a contract channel: wiring IPC fails after the engine is up.
    fake.ipcMain.handle(ipcRequestChannel('latest'), () => null)
    start(async () => engine)
    fake.app.becomeReady()
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(1))
    expect(fake.dialog.errorBoxes[0].content).toContain(ipcRequestChannel('latest'))
    expect(engine.stop).toHaveBeenCalledTimes(1)
  })

  it('a second instance quits at once and leaves the engine alone', async () => {
    fake.app.gotLock = false
    const startEngine = vi.fn(async () => fakeEngine())
    start(startEngine)
    fake.app.becomeReady()
    await new Promise((r) => setImmediate(r))
    expect(fake.app.quitRequests).toBe(1)
    expect(fake.app.quitted).toBe(true)
    expect(startEngine).not.toHaveBeenCalled()
  })

  it('the first instance brings its window forward when a second one starts', async () => {
    start(async () => fakeEngine())
    fake.app.becomeReady()
    await vi.waitFor(() => expect(fake.BrowserWindow.instances).toHaveLength(1))
    const win = onlyWindow()
    win.minimized = true
    fake.app.emit('second-instance', fake.fakeEvent(), ['vigil'], '/')
    expect(win.isMinimized()).toBe(false)
    expect(win.focused).toBe(true)
  })
})
