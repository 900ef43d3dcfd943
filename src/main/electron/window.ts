// The app's windows: one factory gives every BrowserWindow the same locked-down web preferences;
// the main window adds a dark background and optional kiosk mode.
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron'
import { APP_INDEX_URL } from './app-origin'

export interface MainWindowOptions {
  /** Absolute path of the built preload script (out/preload/index.js). */
  preloadPath: string
  /** Wallboard mode: full screen, no menu, no window chrome. */
  kiosk: boolean
}

/** Everything about a window except its web preferences, which only createLockedDownWindow sets. */
export type WindowFrameOptions = Omit<BrowserWindowConstructorOptions, 'webPreferences'>

/** Matches the renderer's dark theme so no white flash shows before the first paint. */
export const WINDOW_BACKGROUND = '#0b0f14'

/**
 * The only place the app constructs a BrowserWindow (a test checks this). The web preferences
 * stay an inline literal in this call so that electronegativity can read them.
 */
export function createLockedDownWindow(preloadPath: string, frame: WindowFrameOptions): BrowserWindow {
  return new BrowserWindow({
    ...frame,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // Middle-click would otherwise be a second way to ask for a new window (denied anyway).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false
    }
  })
}

/** The main window's frame: size, title, hidden until painted, kiosk or not. */
export function mainWindowFrame(kiosk: boolean): WindowFrameOptions {
  return {
    title: 'Vigil',
    width: 1440,
    height: 900,
    minWidth: 800,
    minHeight: 600,
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    autoHideMenuBar: true,
    kiosk,
    fullscreen: kiosk
  }
}

/** Creates the window (hidden until its first paint is ready); the caller loads the app into it. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = createLockedDownWindow(options.preloadPath, mainWindowFrame(options.kiosk))
  if (options.kiosk) win.setMenu(null)
  win.once('ready-to-show', () => win.show())
  return win
}

/** The renderer's start URL; `?kiosk=1` starts it as a wallboard (no controls, playlist rotation). */
export function appStartUrl(kiosk: boolean): string {
  return kiosk ? `${APP_INDEX_URL}?kiosk=1` : APP_INDEX_URL
}

/** Loads the renderer from the app protocol; logs (does not throw) when the page fails to load. */
export async function loadApp(win: BrowserWindow, options: { kiosk?: boolean } = {}): Promise<void> {
  const url = appStartUrl(options.kiosk ?? false)
  try {
    await win.loadURL(url)
  } catch (err) {
    console.error(`vigil: could not load ${url}:`, err instanceof Error ? err.message : err)
  }
}
