// Electron's dialogs, modal to the app window when there is one (Electron takes the parent as an
// optional first argument, which TypeScript's overloads cannot take as `window | null`).
import { dialog, type BrowserWindow, type MessageBoxOptions, type MessageBoxReturnValue, type OpenDialogOptions, type SaveDialogOptions } from 'electron'

/** A message box; resolves with the button index chosen. */
export function messageBox(win: BrowserWindow | null, options: MessageBoxOptions): Promise<MessageBoxReturnValue> {
  return win && !win.isDestroyed() ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options)
}

/** A save dialog; resolves with the chosen path, or null when cancelled. */
export async function chooseSavePath(win: BrowserWindow | null, options: SaveDialogOptions): Promise<string | null> {
  const result = win && !win.isDestroyed() ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
  return result.canceled || !result.filePath ? null : result.filePath
}

/** An open dialog for one file; resolves with its path, or null when cancelled. */
export async function chooseOpenPath(win: BrowserWindow | null, options: OpenDialogOptions): Promise<string | null> {
  const result = win && !win.isDestroyed() ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]
}

/** Shows an operation's failure with its reason (never a stack). */
export async function showFailure(win: BrowserWindow | null, title: string, err: unknown): Promise<void> {
  await messageBox(win, { type: 'error', title, message: title, detail: err instanceof Error ? err.message : String(err), buttons: ['OK'] })
}
