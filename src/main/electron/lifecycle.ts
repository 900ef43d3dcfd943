// The Electron shell's composition root: one instance, engine first, then the locked-down window.
import { userInfo } from 'node:os'
import { basename } from 'node:path'
import { app, dialog, session, type BrowserWindow } from 'electron'
import type { Engine, LiveEngineHandle } from '../engine/types'
import { installAppMenu } from './app-menu'
import { registerAppScheme, serveAppProtocol } from './app-protocol'
import { exportArchiveAction } from './export-archive-action'
import { exportReportAction } from './export-report-action'
import { registerIpcBridge } from './ipc-bridge'
import { parseLaunchOptions } from './launch-options'
import { denyAllPermissions, guardWebContents } from './navigation-guard'
import { relayNotifications } from './notification-relay'
import { focusWindow } from './notifications'
import { openArchiveAction } from './open-archive-action'
import { electronReportRenderer } from './print-report'
import { stopEngineBeforeQuit } from './stop-before-quit'
import { createMainWindow, loadApp } from './window'

/** The live engine as the desktop shell uses it: the contract, scheduled reports, exports to a chosen file. */
export type DesktopLiveEngine = Engine & Pick<LiveEngineHandle, 'setReportRenderer' | 'exportArchiveTo'>

/** Same shape as src/main/engine/start-engine.ts's startEngine (kept structural so shells can be tested with fakes). */
export type StartEngine = (opts: { dataDir: string; configPath?: string; version: string; readOnly?: boolean }) => Promise<DesktopLiveEngine>

/** Same shape as src/main/engine/start-archive-engine.ts's startArchiveEngine (review mode, read-only). */
export type StartArchiveEngine = (opts: { archivePath: string; version: string }) => Promise<Engine>

export interface ElectronAppOptions {
  startEngine: StartEngine
  /** Used instead of startEngine when the app is launched with --archive FILE. */
  startArchiveEngine: StartArchiveEngine
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

  // What the error dialog says when starting fails (opening an archive says which one).
  let failureTitle = 'Vigil could not start'
  const argv = options.argv ?? process.argv.slice(1)

  const start = async (): Promise<void> => {
    const launch = parseLaunchOptions(argv, app.getPath('userData'))
    denyAllPermissions(session.defaultSession)
    serveAppProtocol(options.rendererDir)

    const version = app.getVersion()
    let live: DesktopLiveEngine | null = null
    if (launch.archivePath !== undefined) {
      // Review mode: no live store is opened, so nothing can be written.
      failureTitle = `Vigil could not open the archive ${basename(launch.archivePath)}`
      enginePromise = options.startArchiveEngine({ archivePath: launch.archivePath, version })
    } else {
      const pending = options.startEngine({
        dataDir: launch.dataDir,
        ...(launch.configPath !== undefined ? { configPath: launch.configPath } : {}),
        version
      })
      enginePromise = pending
      live = await pending
    }
    const engine = await enginePromise
    failureTitle = 'Vigil could not start'

    const window = createMainWindow({ preloadPath: options.preloadPath, kiosk: launch.kiosk })
    win = window
    const bridge = registerIpcBridge(engine, window)
    const reportRenderer = electronReportRenderer({ preloadPath: options.preloadPath, trust: (w) => bridge.trustWindow(w) })
    if (live) {
      // Scheduled reports print in hidden windows of this app, trusted by the bridge while they print.
      await live.setReportRenderer(reportRenderer)
    }
    if (!launch.kiosk) {
      const liveEngine = live
      installAppMenu({
        openArchive: () => openArchiveAction({ window: win, argv }),
        exportArchive: liveEngine ? () => exportArchiveAction({ window: win, engine: liveEngine, now: Date.now }) : null,
        exportReport: () => exportReportAction({ window: win, api: engine.api, renderer: reportRenderer, now: Date.now })
      })
    }
    const stopNotifications = relayNotifications(engine.bus, () => win, {
      kiosk: launch.kiosk,
      acknowledge: (groupKey) => engine.api.acknowledgeAlert({ id: groupKey, by: desktopUser(), comment: 'acknowledged from the desktop notification' })
    })
    window.once('closed', () => {
      bridge.unregister()
      stopNotifications()
      // Its requests would find no bridge now; the app is quitting anyway.
      if (live) void live.setReportRenderer(null).catch(() => undefined)
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
      dialog.showErrorBox(failureTitle, message)
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
