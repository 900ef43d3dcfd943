// The browser's Notification API for `vigil serve` users (Electron shows native notices from
// main instead). Permission can only be asked from a user gesture: the header button.
import type { NotificationEvent } from '@shared/types'

export type BrowserNotificationSupport = 'unsupported' | NotificationPermission

/** Whether this page can show OS notifications, and the current permission. */
export function browserNotificationSupport(): BrowserNotificationSupport {
  if (typeof Notification === 'undefined') return 'unsupported'
  return Notification.permission
}

/** Asks for permission (call from a click handler); resolves to the answer. */
export async function requestBrowserNotificationPermission(): Promise<BrowserNotificationSupport> {
  if (typeof Notification === 'undefined') return 'unsupported'
  try {
    return await Notification.requestPermission()
  } catch {
    return Notification.permission
  }
}

/**
 * Shows `event` as an OS notification when permitted; a click focuses the page and calls
 * `onOpen`. Returns false when not shown (no support, no permission, or the browser refused).
 */
export function showBrowserNotification(event: NotificationEvent, onOpen: () => void): boolean {
  if (browserNotificationSupport() !== 'granted') return false
  try {
    const n = new Notification(event.title, {
      body: event.body,
      tag: event.id,
      requireInteraction: event.severity === 'critical',
      silent: !event.sound
    })
    n.onclick = () => {
      window.focus()
      onOpen()
      n.close()
    }
    return true
  } catch {
    // e.g. Chrome on Android requires a service worker; the in-app toast still shows the notice.
    return false
  }
}
