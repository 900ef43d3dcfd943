// The desktop app's menu (not in kiosk mode): File → Open archive…, Export archive…, Export
// report (PDF)…, Quit, plus the platform's Edit and Window menus (copy/paste shortcuts in inputs).
import { Menu, type MenuItemConstructorOptions } from 'electron'

export interface AppMenuActions {
  openArchive(): Promise<unknown>
  /** Null in review mode: an archive is exported from its original data dir. */
  exportArchive: (() => Promise<unknown>) | null
  exportReport(): Promise<unknown>
}

/** Runs an action at most once at a time (a second click while its dialog or export runs is ignored). */
function oneAtATime(action: () => Promise<unknown>): () => void {
  let running = false
  return () => {
    if (running) return
    running = true
    action()
      .catch((err: unknown) => console.error('vigil: menu action failed:', err instanceof Error ? err.message : err))
      .finally(() => (running = false))
  }
}

/** The menu template; exported so tests can click its items. */
export function appMenuTemplate(actions: AppMenuActions, platform: NodeJS.Platform = process.platform): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const exportArchive = actions.exportArchive
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open archive…', accelerator: 'CmdOrCtrl+O', click: oneAtATime(actions.openArchive) },
      {
        label: 'Export archive…',
        accelerator: 'CmdOrCtrl+E',
        enabled: exportArchive !== null,
        ...(exportArchive ? { click: oneAtATime(exportArchive) } : {})
      },
      { label: 'Export report (PDF)…', accelerator: 'CmdOrCtrl+P', click: oneAtATime(actions.exportReport) },
      // On macOS Quit lives in the app menu.
      ...(mac ? [] : ([{ type: 'separator' }, { label: 'Quit', role: 'quit', accelerator: 'CmdOrCtrl+Q' }] as MenuItemConstructorOptions[]))
    ]
  }
  return [...(mac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []), file, { role: 'editMenu' }, { role: 'windowMenu' }]
}

/** Installs the menu as the application menu. */
export function installAppMenu(actions: AppMenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(actions)))
}
