// Native desktop notifications; a click brings the window forward and opens a renderer route.
import { Notification, type BrowserWindow } from 'electron'
import { HASH_ROUTE_PATTERN, NAVIGATE_CHANNEL } from '@shared/api-names'

export interface NativeNotice {
  title: string
  body: string
  urgency: 'low' | 'normal' | 'critical'
  /** Hash route opened when the notification is clicked, e.g. "#/technical". */
  route?: string
  /** macOS sound name (e.g. "Sosumi"); critical notices are never silent. */
  sound?: string
  /** Suppresses the OS sound for non-critical notices. */
  silent?: boolean
  /** Shows an "Acknowledge" button (macOS and Windows draw notification buttons; Linux does not, and a click opens the acknowledge form instead). */
  onAcknowledge?: () => void
}

/** Label of the acknowledge button. */
export const ACKNOWLEDGE_ACTION = 'Acknowledge'

// Electron drops click handlers of notifications that get garbage-collected while still on
// screen, so shown notifications are kept here until they are clicked or closed.
const onScreen = new Set<Notification>()

/** Brings the window to the front (restoring it if minimised or hidden). */
export function focusWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore()
  if (!win.isVisible()) win.show()
  win.focus()
}

/**
 * Shows a native notification; returns false when the OS has no notification support.
 * getWindow is read at click time, so a window re-created since is still found.
 */
export function showNotification(notice: NativeNotice, getWindow: () => BrowserWindow | null): boolean {
  if (notice.route !== undefined && !HASH_ROUTE_PATTERN.test(notice.route)) {
    throw new Error(`notification "${notice.title}": route ${JSON.stringify(notice.route)} is not a hash route like "#/technical"`)
  }
  if (!Notification.isSupported()) return false

  const critical = notice.urgency === 'critical'
  const notification = new Notification({
    title: notice.title,
    body: notice.body,
    urgency: notice.urgency,
    silent: critical ? false : (notice.silent ?? false),
    ...(notice.sound !== undefined ? { sound: notice.sound } : {}),
    // A critical notice stays on screen until the operator acts on it.
    timeoutType: critical ? 'never' : 'default',
    ...(notice.onAcknowledge ? { actions: [{ type: 'button' as const, text: ACKNOWLEDGE_ACTION }] } : {})
  })
  const forget = (): void => {
    onScreen.delete(notification)
  }
  notification.on('click', () => {
    forget()
    const win = getWindow()
    if (!win || win.isDestroyed()) return
    focusWindow(win)
    if (notice.route !== undefined) win.webContents.send(NAVIGATE_CHANNEL, notice.route)
  })
  if (notice.onAcknowledge) {
    const acknowledge = notice.onAcknowledge
    // The only button is Acknowledge, so any action index means it.
    notification.on('action', () => {
      forget()
      acknowledge()
    })
  }
  notification.on('close', forget)
  notification.on('failed', forget)
  onScreen.add(notification)
  notification.show()
  return true
}
