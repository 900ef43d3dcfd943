// Serves the built renderer from app://vigil/ (a privileged custom scheme) instead of file://,
// so the page has a real origin, a CSP header, and no access to the rest of the disk.
import { readFile, realpath, stat } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { protocol } from 'electron'
import { APP_HOST, APP_SCHEME } from './app-origin'
import { mimeTypeFor } from './mime-types'

/**
 * The renderer's Content Security Policy. Inline styles are allowed because ECharts writes
 * style attributes into its tooltip markup; scripts only from the app itself. The pages carry the
 * same policy in a <meta> tag (minus frame-ancestors, which a meta tag cannot set; a test keeps
 * them equal), so it also holds when `vigil serve` delivers them to a browser.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'"
].join('; ')

/** Declares app:// as a standard, secure, fetch-capable scheme; must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
  ])
}

/** Routes app://vigil/… requests to files under rendererDir (call after app 'ready'). */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir))
}

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }
  })
}

/** True when target is rootDir itself or lies inside it. */
function isInside(rootDir: string, target: string): boolean {
  const rel = relative(rootDir, target)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/**
 * Builds the protocol handler: maps the URL path to a file under rendererDir, refusing
 * anything that would resolve (directly, encoded, or through a symlink) outside it.
 */
export function createAppRequestHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir)

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'method not allowed')

    let url: URL
    try {
      url = new URL(request.url)
    } catch {
      return textResponse(400, 'malformed URL')
    }
    if (url.hostname.toLowerCase() !== APP_HOST) return textResponse(404, 'not found')

    let path: string
    try {
      path = decodeURIComponent(url.pathname)
    } catch {
      return textResponse(400, 'malformed URL path')
    }
    if (path.includes('\0')) return textResponse(400, 'malformed URL path')
    if (path === '/' || path === '') path = '/index.html'

    // Decoding can reintroduce ".." or separators ("..%2f"), so check the resolved path, not the URL.
    const filePath = resolve(root, '.' + (sep === '\\' ? path.replace(/\//g, '\\') : path))
    if (!isInside(root, filePath)) return textResponse(403, 'forbidden')

    let realFile: string
    let body: Buffer | null
    try {
      realFile = await realpath(filePath)
      if (!isInside(await realpath(root), realFile)) return textResponse(403, 'forbidden')
      if (!(await stat(realFile)).isFile()) return textResponse(404, 'not found')
      body = request.method === 'HEAD' ? null : await readFile(realFile)
    } catch {
      return textResponse(404, 'not found')
    }

    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': mimeTypeFor(realFile),
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache'
      }
    })
  }
}
