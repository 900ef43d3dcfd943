// The Electron shell's composition root: one instance, engine first, then the locked-down window.
import { userInfo } from 'node:os'
import { app, dialog, session, type BrowserWindow } from 'electron'
import type { Engine } from '../engine/types'
import { registerAppScheme, serveAppProtocol } from './app-protocol'
import { registerIpcBridge } from './ipc-bridge'
import { parseLaunchOptions } from './launch-options'
import { denyAllPermissions, guardWebContents } from './navigation-guard'
import { relayNotifications } from './notification-relay'
import { focusWindow } from './notifications'
import { stopEngineBeforeQuit } from './stop-before-quit'
import { createMainWindow, loadApp } from './window'

/** Same shape as src/main/engine/start-engine.ts's startEngine (kept structural so shells can be tested with fakes). */
export type StartEngine = (opts: { dataDir: string; configPath?: string; version: string; readOnly?: boolean }) => Promise<Engine>

export interface ElectronAppOptions {
  startEngine: StartEngine
  /** Built preload script (out/preload/index.js). */
  preloadPath: string
  /** Built renderer folder (out/renderer). */
  rendererDir: string
  argv?: readonly string[]
}

/** Starts the desktop app; must be called before Electron's 'ready' (it registers the app:// scheme). */
export function runElectronApp(options: ElectronAppOptions): void {
  registerAppScheme()
  // Every renderer sandboxed, whatever options a future window is created with.
  app.enableSandbox()
  if (!app.requestSingleInstanceLock()) {
    // Another Vigil is running on this profile; it is brought forward by its 'second-instance' handler.
    app.quit()
    return
  }

  let win: BrowserWindow | null = null
  let enginePromise: Promise<Engine> | null = null

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents))
  app.on('second-instance', () => {
    if (win && !win.isDestroyed()) focusWindow(win)
  })
  app.on('window-all-closed', () => app.quit())
  stopEngineBeforeQuit(() => enginePromise)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit())

  const start = async (): Promise<void> => {
    const launch = parseLaunchOptions(options.argv ?? process.argv.slice(1), app.getPath('userData'))
    denyAllPermissions(session.defaultSession)
    serveAppProtocol(options.rendererDir)

    enginePromise = options.startEngine({
      dataDir: launch.dataDir,
      ...(launch.configPath !== undefined ? { configPath: launch.configPath } : {}),
      version: app.getVersion()
    })
    const engine = await enginePromise

    const window = createMainWindow({ preloadPath: options.preloadPath, kiosk: launch.kiosk })
    win = window
    const bridge = registerIpcBridge(engine, window)
    const stopNotifications = relayNotifications(engine.bus, () => win, {
      kiosk: launch.kiosk,
      acknowledge: (groupKey) => engine.api.acknowledgeAlert({ id: groupKey, by: desktopUser(), comment: 'acknowledged from the desktop notification' })
    })
    window.once('closed', () => {
      bridge.unregister()
      stopNotifications()
      win = null
    })
    await loadApp(window, { kiosk: launch.kiosk })
  }

  app
    .whenReady()
    .then(start)
    .catch(async (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err)
      console.error(`vigil: could not start: ${message}`)
      dialog.showErrorBox('Vigil could not start', message)
      // If the engine did start (the failure came later), close its store before leaving.
      await enginePromise?.then((engine) => engine.stop()).catch(() => undefined)
      app.exit(1)
    })
}

/** Who acknowledges from a notification button: the logged-in desktop user. */
function desktopUser(): string {
  try {
    return userInfo().username || 'desktop'
  } catch {
    return 'desktop'
  }
}
