// The audit log through the real server on a real engine: logins by role (link, first bearer
// request, a wrong token once per address), acknowledgements, silences, annotations, exports,
// config reloads applied and rejected; the admin listing; whoami; the wallboard cookie.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AlertsView } from '@shared/alerts'
import type { AuditEntry } from '../audit/audit-entry'
import { AuditLog } from '../audit/audit-log'
import { verifyAuditFile } from '../audit/verify-audit'
import { closedPort } from '../alerts/delivery/testing/http-capture'
import { startEngine } from '../engine/start-engine'
import type { LiveEngineHandle } from '../engine/types'
import { startHttpServer, type HttpServer } from './http-server'
import type { WhoAmI } from '@shared/api'
import { until } from '../../../test/helpers/until'

const TOKENS = { viewer: 'viewer-token-0123456789', operator: 'operator-token-0123456789', admin: 'admin-token-0123456789' }
const bearer = (t: string) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' })


function config(hookPort: number, extraSource = ''): string {
  return `version: 1
storage: { flush_interval: 20ms }
sources:
  - { id: push, kind: push }
${extraSource}alerting:
  evaluation_interval: 1s
  rules:
    - { name: ProbeHigh, series: probe_value, window: 10m, aggregate: last, condition: "> 10", for: 0s, severity: critical }
  routes:
    - { name: noc, group_by: [alertname], group_wait: 0s, receivers: [hook] }
  receivers:
    - { id: hook, kind: webhook, url: "http://127.0.0.1:${hookPort}/hook" }
`
}

let dir: string
let configPath: string
let hookPort: number
let engine: LiveEngineHandle
let audit: AuditLog
let server: HttpServer

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-audit-server-'))
  configPath = join(dir, 'vigil.yaml')
  hookPort = await closedPort()
  writeFileSync(configPath, config(hookPort))
  audit = await AuditLog.openInDataDir(dir)
  engine = await startEngine({ dataDir: dir, configPath, version: '0.0.0-test', log: () => undefined, audit, alerting: { tickIntervalMs: 100 } })
  server = await startHttpServer({ engine, host: '127.0.0.1', port: 0, tokens: TOKENS, audit, staticDir: null, version: '0.0.0-test' })
})

afterAll(async () => {
  await server?.close()
  await engine?.stop()
  await audit?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function entries(): Promise<AuditEntry[]> {
  const res = await fetch(`${server.url}/api/audit?limit=1000`, { headers: bearer(TOKENS.admin) })
  expect(res.status).toBe(200)
  return ((await res.json()) as { entries: AuditEntry[] }).entries.reverse()
}

describe('audit through the server', () => {
  it('logs the wallboard link login; the viewer cookie keeps working, is renewed, and cannot act', async () => {
    const link = await fetch(`${server.url}/wall?token=${TOKENS.viewer}`, { redirect: 'manual' })
    expect(link.status).toBe(302)
    const setCookie = link.headers.get('set-cookie')!
    expect(setCookie).toMatch(/^vigil_token=viewer-token-0123456789; HttpOnly; SameSite=Strict; Path=\/; Max-Age=\d{8}$/)
    const cookie = { cookie: setCookie.split(';')[0] }
    const who = await fetch(`${server.url}/api/whoami`, { headers: cookie })
    expect((await who.json()) as WhoAmI).toEqual({ role: 'viewer', via: 'cookie', canOperate: false, canAdminister: false })
    expect(who.headers.get('set-cookie')).toContain('Max-Age=')
    const ack = await fetch(`${server.url}/api/rpc/acknowledgeAlert`, { method: 'POST', headers: { ...cookie, 'content-type': 'application/json' }, body: '{"id":"x","by":"tv"}' })
    expect(ack.status).toBe(403)
    expect(((await ack.json()) as { error: { message: string } }).error.message).toBe(
      'POST /api/rpc/acknowledgeAlert needs the operator role (or higher); this token has the viewer role'
    )
  })

  it('records acks, silences, annotations and exports with the acting role, and logins once per role', async () => {
    const op = bearer(TOKENS.operator)
    await engine.push([{ name: 'probe_value', labels: { probe: 'a' }, ts: Date.now(), value: 99 }])
    const firing = await until('a firing alert', async () => {
      const view = (await (await fetch(`${server.url}/api/alerts`, { headers: op })).json()) as AlertsView
      return view.alerts.length === 1 && view.alerts[0].status === 'firing' && view.alerts[0]
    })
    const ack = await fetch(`${server.url}/api/alerts/${firing.id}/ack`, { method: 'POST', headers: op, body: '{"by":"ann","comment":"on it"}' })
    expect(ack.status).toBe(200)
    const silence = await fetch(`${server.url}/api/rpc/addSilence`, {
      method: 'POST',
      headers: op,
      body: JSON.stringify({ matchers: [{ name: 'probe', value: 'a' }], endsAt: Date.now() + 3_600_000, createdBy: 'ann', comment: 'maintenance' })
    })
    const { id: silenceId } = (await silence.json()) as { id: string }
    expect((await fetch(`${server.url}/api/silences/${silenceId}`, { method: 'DELETE', headers: { authorization: op.authorization } })).status).toBe(200)
    expect((await fetch(`${server.url}/api/annotations`, { method: 'POST', headers: op, body: '{"kind":"deployment","title":"api v42"}' })).status).toBe(201)
    // A refused change records nothing.
    expect((await fetch(`${server.url}/api/export`, { method: 'POST', headers: op, body: '{"from":0,"to":1}' })).status).toBe(403)
    const exported = await fetch(`${server.url}/api/export`, { method: 'POST', headers: bearer(TOKENS.admin), body: JSON.stringify({ from: Date.now() - 3_600_000, to: Date.now() + 1000, name: 'audit-test.vigil' }) })
    expect(exported.status).toBe(201)
    // Wrong tokens from one address: one entry.
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/api/health`, { headers: bearer('wrong-token-000000000000') })).status).toBe(401)

    const log = await entries()
    const mine = log.filter((e) => e.action !== 'config.reload')
    expect(mine.map((e) => [e.action, e.actor.role, e.actor.via])).toEqual([
      ['login', 'viewer', 'cookie'],
      ['login', 'operator', 'bearer'],
      ['alert.ack', 'operator', 'bearer'],
      ['silence.create', 'operator', 'bearer'],
      ['silence.expire', 'operator', 'bearer'],
      ['annotation.add', 'operator', 'bearer'],
      ['login', 'admin', 'bearer'],
      ['export.archive', 'admin', 'bearer'],
      ['login.failed', 'system', 'engine']
    ])
    expect(mine[0].details).toEqual({ ip: '127.0.0.1', link: true })
    expect(mine[2]).toMatchObject({ target: firing.id, details: { by: 'ann', comment: 'on it', groups: ['noc{alertname="ProbeHigh"}'] } })
    expect(mine[3]).toMatchObject({ target: silenceId, details: { createdBy: 'ann', comment: 'maintenance', matchers: [{ name: 'probe', op: '=', value: 'a' }] } })
    expect(mine[4].target).toBe(silenceId)
    expect(mine[7].target).toBe(join(dir, 'exports', 'audit-test.vigil'))
    expect(JSON.stringify(log)).not.toMatch(/token-0123456789|wrong-token/)
    expect(log[0]).toMatchObject({ seq: 1, action: 'config.reload', actor: { role: 'system', via: 'engine' }, details: { atStart: true } })
  }, 40_000)

  it('records a config reload (naming the changed sections) and a rejected config', async () => {
    writeFileSync(configPath, config(hookPort, '  - { id: push2, kind: push }\n'))
    const applied = await until('the reload entry', async () => (await entries()).find((e) => e.action === 'config.reload' && e.details.atStart === false))
    expect(applied).toMatchObject({ target: configPath, details: { changed: ['sources'] } })
    writeFileSync(configPath, 'version: 1\nsources: 42\n')
    const rejected = await until('the rejected entry', async () => (await entries()).find((e) => e.action === 'config.rejected'))
    expect(rejected.details.error).toMatch(/sources/)
  }, 30_000)

  it('lists entries for admins only, and the file verifies', async () => {
    expect((await fetch(`${server.url}/api/audit`, { headers: bearer(TOKENS.operator) })).status).toBe(403)
    const res = await fetch(`${server.url}/api/audit?limit=2`, { headers: bearer(TOKENS.admin) })
    const body = (await res.json()) as { head: { seq: number }; entries: AuditEntry[] }
    expect(body.entries).toHaveLength(2)
    expect(body.entries[0].seq).toBe(body.head.seq)
    expect(body.entries[1].seq).toBe(body.head.seq - 1)
    const verified = await verifyAuditFile(audit.path)
    expect(verified.problem).toBeNull()
    expect(verified.head.seq).toBe(body.head.seq)
  })
})
