// The app's own origin: the renderer is served from app://vigil/ and nothing else is trusted.

export const APP_SCHEME = 'app'
export const APP_HOST = 'vigil'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

/** True when url is a page of the app itself (app://vigil/…), false for anything else or garbage. */
export function isAppUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  // Compared field by field: Node reports origin "null" for non-special schemes such as app:.
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname.toLowerCase() === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  )
}
