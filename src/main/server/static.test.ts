// The built UI: static files without a token, SPA fallback, CSP, and the not-built message.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFakeEngine } from '../../../test/helpers/fake-engine'
import { AUTH, startTestServer, TOKEN, type TestServer } from '../../../test/helpers/http-harness'
import { CONTENT_SECURITY_POLICY } from './security-headers'

const INDEX = '<!doctype html><title>Vigil</title><div id="root"></div><script type="module" src="/assets/app.js"></script>'

describe('with a built UI', () => {
  let dir: string
  let server: TestServer

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-static-'))
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), INDEX)
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("vigil")')
    server = await startTestServer(createFakeEngine(), { staticDir: dir })
  })
  afterAll(async () => {
    await server?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('serves index.html at / without a token, with the strict CSP and nosniff', async () => {
    const res = await server.get('/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(await res.text()).toBe(INDEX)
  })

  it('serves assets', async () => {
    const res = await server.get('/assets/app.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/javascript/)
    expect(await res.text()).toBe('console.log("vigil")')
  })

  it('falls back to index.html for client-side routes, but not for missing assets', async () => {
    const route = await server.get('/views/technical')
    expect(route.status).toBe(200)
    expect(await route.text()).toBe(INDEX)
    const missing = await server.get('/assets/missing.js')
    expect(missing.status).toBe(404)
    expect(await missing.text()).not.toContain('<div id="root">')
  })

  it('never answers an API path with index.html', async () => {
    const res = await server.get('/api/nothing-here', AUTH)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'no API route GET /api/nothing-here' } })
  })

  it('sets the cookie and redirects from a token link, then serves the page', async () => {
    const res = await server.get(`/views/executive?token=${TOKEN}`)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/views/executive')
    const page = await server.get('/views/executive', { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] })
    expect(await page.text()).toBe(INDEX)
  })

  it('does not serve files outside the static dir', async () => {
    const res = await server.get('/..%2f..%2fetc%2fpasswd')
    expect(await res.text()).not.toContain('root:')
  })
})

describe('without a built UI', () => {
  for (const staticDir of [null, '/nonexistent/vigil-renderer']) {
    it(`explains how to build it (staticDir ${staticDir})`, async () => {
      const server = await startTestServer(createFakeEngine(), { staticDir, version: '4.5.6' })
      try {
        const res = await server.get('/')
        expect(res.status).toBe(200)
        const text = await res.text()
        expect(text).toContain('Vigil 4.5.6: the web UI is not built')
        expect(text).toContain('npm run build')
        expect(res.headers.get('x-content-type-options')).toBe('nosniff')
        expect((await server.get('/views/x')).status).toBe(404)
        expect((await server.get('/api/health', AUTH)).status).toBe(200)
      } finally {
        await server.close()
      }
    })
  }
})
