// Keeps every web page inside the app: no navigation away from app://vigil, no new windows,
// no <webview>, no permissions. External links open in the system browser only when their
// origin is explicitly allow-listed (empty by default).
import { shell, type Session, type WebContents } from 'electron'
import { isAppUrl } from './app-origin'

/** Origins (e.g. "https://docs.example.com") whose links may open in the system browser. */
export const EXTERNAL_ORIGIN_ALLOW_LIST: readonly string[] = []

/** True when url is an https URL whose origin is on the allow-list. */
export function isAllowedExternalUrl(url: string, allowList: readonly string[] = EXTERNAL_ORIGIN_ALLOW_LIST): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && allowList.includes(parsed.origin)
}

function openIfAllowed(url: string, allowList: readonly string[]): void {
  if (!isAllowedExternalUrl(url, allowList)) return
  shell.openExternal(url).catch((err: unknown) => {
    console.error(`vigil: could not open ${url} in the system browser:`, err instanceof Error ? err.message : err)
  })
}

/** Refuses navigation to anything but the app, window.open and <webview> for one web contents. */
export function guardWebContents(contents: WebContents, allowList: readonly string[] = EXTERNAL_ORIGIN_ALLOW_LIST): void {
  const refuseForeign = (event: { preventDefault(): void }, url: string): void => {
    if (isAppUrl(url)) return
    event.preventDefault()
    openIfAllowed(url, allowList)
  }
  contents.on('will-navigate', (event) => refuseForeign(event, event.url))
  contents.on('will-redirect', (event) => refuseForeign(event, event.url))
  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url, allowList)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/**
 * Denies every permission request and check (camera, notifications, geolocation, …) and every
 * device permission (HID, USB, serial) in a session. Notifications are shown by the main process.
 */
export function denyAllPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.setDevicePermissionHandler(() => false)
}
