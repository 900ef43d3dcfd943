// Access roles through the real server on a real engine: every registered /api route is listed
// (fastify onRoute) and compared with the roles this test expects for it, so a new route without
// a decision fails here; then every route is called without a token and with each role's token.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestNames } from '@shared/api'
import { AuditLog } from '../audit/audit-log'
import { startEngine } from '../engine/start-engine'
import type { LiveEngineHandle } from '../engine/types'
import { apiRoutesOf, buildHttpApp } from './http-server'
import { requiredRole, RPC_ROLES, rolesAllowed, type Role } from './roles'

const TOKENS: Record<Role, string> = { viewer: 'viewer-token-0123456789', operator: 'operator-token-0123456789', admin: 'admin-token-0123456789' }
const ALL: Role[] = ['viewer', 'operator', 'admin']
const OPERATOR_UP: Role[] = ['operator', 'admin']
const ADMIN: Role[] = ['admin']

/** This test's own decision for every non-RPC route (kept apart from roles.ts on purpose). */
const EXPECTED_REST: Record<string, Role[]> = {
  'GET /api/health': ALL,
  'GET /api/whoami': ALL,
  'GET /api/series': ALL,
  'GET /api/query': ALL,
  'GET /api/annotations': ALL,
  'POST /api/annotations': OPERATOR_UP,
  'POST /api/export': ADMIN,
  'GET /api/alerts': ALL,
  'GET /api/alerts/history': ALL,
  'POST /api/alerts/:id/ack': OPERATOR_UP,
  'GET /api/silences': ALL,
  'POST /api/silences': OPERATOR_UP,
  'DELETE /api/silences/:id': OPERATOR_UP,
  'GET /api/notifications': ALL,
  'POST /api/write': OPERATOR_UP,
  'POST /api/predictions': OPERATOR_UP,
  'GET /api/events': ALL,
  'GET /api/audit': ADMIN,
  'GET /api/secrets': ADMIN,
  'PUT /api/secrets/:name': ADMIN,
  'DELETE /api/secrets/:name': ADMIN
}
/** Contract requests that change something; every other request is a read any role may make. */
const OPERATOR_RPC = ['addAnnotation', 'sendTestNotification', 'acknowledgeAlert', 'addSilence', 'expireSilence', 'markAlertNoise']
const ADMIN_RPC = ['exportArchive']

function expectedRoles(method: string, url: string): Role[] | undefined {
  const m = method === 'HEAD' ? 'GET' : method
  const rpc = /^\/api\/rpc\/(\w+)$/.exec(url)
  if (rpc && m === 'POST') return ADMIN_RPC.includes(rpc[1]) ? ADMIN : OPERATOR_RPC.includes(rpc[1]) ? OPERATOR_UP : ALL
  if (url === '/api' || url === '/api/' || url === '/api/*') return ALL
  return EXPECTED_REST[`${m} ${url}`]
}

let dir: string
let engine: LiveEngineHandle
let audit: AuditLog
let app: FastifyInstance
let base: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-roles-'))
  const configPath = join(dir, 'vigil.yaml')
  writeFileSync(configPath, 'version: 1\nstorage: { flush_interval: 20ms }\nsources:\n  - { id: push, kind: push }\n')
  audit = await AuditLog.openInDataDir(dir)
  engine = await startEngine({ dataDir: dir, configPath, version: '0.0.0-test', log: () => undefined, audit })
  app = await buildHttpApp({ engine, host: '127.0.0.1', port: 0, tokens: TOKENS, audit, staticDir: null, version: '0.0.0-test' })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})

afterAll(async () => {
  await app?.close()
  await engine?.stop()
  await audit?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the role table', () => {
  it('classifies every contract request', () => {
    expect(Object.keys(RPC_ROLES).sort()).toEqual([...requestNames].sort())
    for (const name of requestNames) expect(rolesAllowed(RPC_ROLES[name]), name).toEqual(expectedRoles('POST', `/api/rpc/${name}`))
  })

  it('gives every registered /api route the roles this test expects, and no route is left out', () => {
    const routes = apiRoutesOf(app)
    expect(routes.length).toBeGreaterThan(requestNames.length + Object.keys(EXPECTED_REST).length - 1)
    const registered = new Set<string>()
    for (const r of routes) {
      const expected = expectedRoles(r.method, r.url)
      expect(expected, `${r.method} ${r.url} is registered but this test has no expectation for it`).toBeDefined()
      expect(rolesAllowed(r.role), `${r.method} ${r.url}`).toEqual(expected)
      registered.add(`${r.method} ${r.url}`)
    }
    for (const key of Object.keys(EXPECTED_REST)) expect(registered.has(key), `${key} is expected but not registered`).toBe(true)
  })

  it('reserves the secrets routes for admin and knows no unlisted route', () => {
    expect(requiredRole('PUT', '/api/secrets/:name')).toBe('admin')
    expect(requiredRole('GET', '/api/secrets')).toBe('admin')
    expect(requiredRole('GET', '/api/secretsauce')).toBeNull()
    expect(requiredRole('POST', '/api/brand-new')).toBeNull()
    expect(requiredRole('POST', '/api/rpc/notInTheContract')).toBeNull()
  })
})

/** A request each route can take (only the auth outcome matters: 401 / 403 / anything else). */
function callOf(method: string, url: string): { path: string; body?: string } | null {
  if (url.includes('*') || url === '/api' || url === '/api/') return null
  const path = url.replace(':id', 'no-such-id')
  if (path === '/api/query') return { path: '/api/query?series=nothing' }
  return method === 'GET' || method === 'HEAD' || method === 'DELETE' ? { path } : { path, body: '{}' }
}

async function call(method: string, path: string, body: string | undefined, token: string | null): Promise<{ status: number; text: string }> {
  const controller = new AbortController()
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(base + path, { method, headers, body, signal: controller.signal, redirect: 'manual' })
  // The event stream never ends: its status and headers are the answer.
  const text = res.headers.get('content-type')?.startsWith('text/event-stream') ? '' : await res.text()
  controller.abort()
  return { status: res.status, text }
}

describe('every route with every token', () => {
  it('answers 401 without a token, 403 naming both roles below the route\'s role, and lets allowed roles through', async () => {
    const calls = apiRoutesOf(app).flatMap((r) => {
      const c = callOf(r.method, r.url)
      return c ? [{ ...r, ...c }] : []
    })
    calls.push({ method: 'GET', url: '/api/*', role: 'viewer', path: '/api/no-such-route' })
    expect(calls.length).toBeGreaterThan(40)
    for (const c of calls) {
      const label = `${c.method} ${c.path}`
      expect((await call(c.method, c.path, c.body, null)).status, `${label} without a token`).toBe(401)
      expect((await call(c.method, c.path, c.body, 'not-a-valid-token-000000')).status, `${label} with a wrong token`).toBe(401)
      const allowed = expectedRoles(c.method, c.url)!
      for (const role of ALL) {
        const res = await call(c.method, c.path, c.body, TOKENS[role])
        if (allowed.includes(role)) {
          expect([401, 403], `${label} as ${role} should be allowed (got ${res.status} ${res.text})`).not.toContain(res.status)
        } else {
          expect(res.status, `${label} as ${role}`).toBe(403)
          if (c.method !== 'HEAD') {
            const message = (JSON.parse(res.text) as { error: { message: string } }).error.message
            expect(message).toContain(`needs the ${allowed[0]} role`)
            expect(message).toContain(`this token has the ${role} role`)
            for (const t of Object.values(TOKENS)) expect(message).not.toContain(t)
          }
        }
      }
    }
  }, 60_000)
})
