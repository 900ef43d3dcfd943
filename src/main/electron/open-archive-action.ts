// File → Open archive…: choose a `.vigil` file and relaunch the app on it in review mode (one
// engine per process: the live store closes cleanly on the way out, the archive opens read-only).
import { app, type BrowserWindow } from 'electron'
import { chooseOpenPath } from './dialogs'
import { relaunchArgs } from './launch-options'

export const ARCHIVE_FILTER = { name: 'Vigil archive', extensions: ['vigil'] }

export interface OpenArchiveDeps {
  window: BrowserWindow | null
  /** The app's current arguments (process.argv.slice(1)); kept on relaunch, with the new --archive. */
  argv: readonly string[]
}

/** Asks for an archive; when one is chosen, relaunches on it and quits this instance. Resolves with the chosen path (null: cancelled). */
export async function openArchiveAction(deps: OpenArchiveDeps): Promise<string | null> {
  const file = await chooseOpenPath(deps.window, { title: 'Open archive', properties: ['openFile'], filters: [ARCHIVE_FILTER] })
  if (file === null) return null
  app.relaunch({ args: relaunchArgs(deps.argv, file) })
  // quit, not exit: quitting goes through the engine's stop (samples flushed, store closed) before the new instance takes over.
  app.quit()
  return file
}
