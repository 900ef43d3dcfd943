import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('./fake-electron'))

const fake = await import('./fake-electron')
const { CONTENT_SECURITY_POLICY, createAppRequestHandler, registerAppScheme, serveAppProtocol } = await import(
  '../../src/main/electron/app-protocol'
)

const SECRET = 'top-secret-database-password'
const INDEX = '<!doctype html><html><body><div id="root"></div><script type="module" src="./assets/index.js"></script></body></html>'
let base: string
let rendererDir: string
let handle: (request: Request) => Promise<Response>

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'vigil-app-protocol-'))
  rendererDir = join(base, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), INDEX)
  writeFileSync(join(rendererDir, 'assets', 'index.js'), 'console.log("vigil")')
  writeFileSync(join(rendererDir, 'assets', 'index.css'), 'body{}')
  writeFileSync(join(rendererDir, 'assets', 'logo.svg'), '<svg/>')
  writeFileSync(join(rendererDir, 'assets', 'font.woff2'), 'x')
  writeFileSync(join(base, 'secret.txt'), SECRET)
  writeFileSync(join(base, 'renderer-other.txt'), SECRET) // shares the "renderer" prefix
  symlinkSync(join(base, 'secret.txt'), join(rendererDir, 'link.txt'))
  handle = createAppRequestHandler(rendererDir)
})

afterAll(() => {
  rmSync(base, { recursive: true, force: true })
})

async function get(url: string, method = 'GET'): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await handle(new Request(url, { method }))
  return { status: res.status, body: await res.text(), headers: res.headers }
}

describe('app:// scheme registration', () => {
  it('declares app as a standard, secure, fetch-capable scheme', () => {
    registerAppScheme()
    expect(fake.protocol.privileged).toContainEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true }
    })
  })

  it('installs a handler for the app scheme that serves the renderer folder', async () => {
    serveAppProtocol(rendererDir)
    const handler = fake.protocol.handlers.get('app')
    expect(handler).toBeTypeOf('function')
    const res = await handler!(new Request('app://vigil/index.html'))
    expect(await res.text()).toBe(INDEX)
  })
})

describe('app:// request handler', () => {
  it('serves index.html for / and /index.html with the CSP header', async () => {
    for (const url of ['app://vigil/', 'app://vigil/index.html']) {
      const res = await get(url)
      expect(res.status).toBe(200)
      expect(res.body).toBe(INDEX)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    }
  })

  it('ignores the hash route and query string', async () => {
    const res = await get('app://vigil/index.html?x=1#/technical')
    expect(res.status).toBe(200)
    expect(res.body).toBe(INDEX)
  })

  it.each([
    ['assets/index.js', 'text/javascript; charset=utf-8'],
    ['assets/index.css', 'text/css; charset=utf-8'],
    ['assets/logo.svg', 'image/svg+xml'],
    ['assets/font.woff2', 'font/woff2']
  ])('serves %s as %s', async (path, type) => {
    const res = await get(`app://vigil/${path}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(type)
  })

  it.each([
    'app://vigil/..%2fsecret.txt',
    'app://vigil/assets/..%2f..%2fsecret.txt',
    'app://vigil/%2e%2e%2fsecret.txt',
    'app://vigil/..%5csecret.txt',
    'app://vigil/../secret.txt',
    'app://vigil/%2e%2e/secret.txt',
    'app://vigil/..%2frenderer-other.txt',
    'app://vigil/link.txt'
  ])('refuses to serve anything outside the renderer folder: %s', async (url) => {
    const res = await get(url)
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.body).not.toContain(SECRET)
  })

  it('answers 403 for an encoded traversal and for a symlink leading out of the folder', async () => {
    expect((await get('app://vigil/..%2fsecret.txt')).status).toBe(403)
    expect((await get('app://vigil/link.txt')).status).toBe(403)
    // Refused from the path alone, before looking at the disk outside the folder.
    expect((await get('app://vigil/..%2fdoes-not-exist.txt')).status).toBe(403)
  })

  it('answers 404 for a missing file, a folder, or another host', async () => {
    expect((await get('app://vigil/missing.js')).status).toBe(404)
    expect((await get('app://vigil/assets')).status).toBe(404)
    expect((await get('app://evil/index.html')).status).toBe(404)
  })

  it('answers 400 for a malformed or NUL-containing path', async () => {
    expect((await get('app://vigil/%E0%A4%A')).status).toBe(400)
    expect((await get('app://vigil/index.html%00.js')).status).toBe(400)
  })

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://vigil/index.html', 'POST')).status).toBe(405)
    const head = await get('app://vigil/index.html', 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
  })
})

describe('content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/)
      return [name, values] as const
    })
  )

  it('only runs the app’s own scripts (no inline scripts, no eval)', () => {
    expect(directives.get('default-src')).toEqual(["'self'"])
    expect(directives.get('script-src')).toEqual(["'self'"])
  })

  it('forbids plugins, framing, base-URL changes and form posts', () => {
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(directives.get('frame-ancestors')).toEqual(["'none'"])
    expect(directives.get('base-uri')).toEqual(["'none'"])
    expect(directives.get('form-action')).toEqual(["'none'"])
  })
})
