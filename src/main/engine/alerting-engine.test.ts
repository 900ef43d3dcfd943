// Alerting inside the whole engine (real DuckDB file, real timers, real local HTTP): a pushed value
// fires a rule and reaches a webhook; a restart while the receiver is down delivers the
// notification once (same dedup key) when it is back; the REST routes act on the live alert.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AlertsView, NotificationLogItem, SilenceView } from '@shared/alerts'
import { AUTH, startTestServer } from '../../../test/helpers/http-harness'
import { closedPort, startHttpCapture } from '../alerts/delivery/testing/http-capture'
import { startEngine } from './start-engine'
import type { Engine } from './types'
import { until } from '../../../test/helpers/until'


function config(hookUrl: string): string {
  return `version: 1
storage: { flush_interval: 20ms }
sources:
  - { id: push, kind: push }
alerting:
  evaluation_interval: 1s
  rules:
    - name: ProbeHigh
      series: probe_value
      window: 10m
      aggregate: last
      condition: "> 10"
      for: 0s
      severity: critical
      annotations: { summary: "probe at {{ $value }}" }
  routes:
    - { name: noc, group_by: [alertname], group_wait: 0s, receivers: [hook] }
  receivers:
    - { id: hook, kind: webhook, url: "${hookUrl}" }
`
}

describe('alerting in the engine', () => {
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c()
  })

  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-alerting-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    return dir
  }

  async function start(dataDir: string, logs: string[] = []): Promise<Engine> {
    const engine = await startEngine({
      dataDir,
      configPath: join(dataDir, 'vigil.yaml'),
      version: '0.0.0-test',
      log: (m) => logs.push(m),
      alerting: { tickIntervalMs: 100, backoff: { initialMs: 300, maxMs: 600, factor: 2, jitter: 0 } }
    })
    cleanups.push(() => engine.stop())
    return engine
  }

  it('delivers a notification interrupted by a restart exactly once, with the same dedup key, once the receiver is back', async () => {
    const dir = tempDir()
    const port = await closedPort()
    writeFileSync(join(dir, 'vigil.yaml'), config(`http://127.0.0.1:${port}/hook`))
    const first = await start(dir)
    await first.push([{ name: 'probe_value', labels: { probe: 'a' }, ts: Date.now(), value: 42 }])
    // The receiver is down: the notification is recorded and its first attempts fail.
    const failing = await until('a failed attempt', async () => {
      const [n] = await first.api.listNotifications({})
      return n && n.attempts >= 1 && n.lastError !== null && n
    })
    expect(failing).toMatchObject({ receiver: 'hook', kind: 'firing', state: expect.stringMatching(/pending|sending/) })
    expect(failing.lastError).toMatch(/refused|ECONNREFUSED|connect/i)
    // The history records the retry after the outbox records the failed attempt: wait for it too
    // (a loaded machine showed the gap).
    await until('a retrying event in the history', async () => {
      const history = await first.api.getAlertHistory({ from: 0, to: Date.now() + 1000 })
      return history.some((e) => e.kind === 'retrying' && e.receivers[0] === 'hook')
    })
    await first.stop()

    const receiver = await startHttpCapture({ port })
    cleanups.push(() => receiver.close())
    const second = await start(dir)
    await receiver.waitForRequests(1, 20_000)
    const delivered = await until('delivered in the log', async () => {
      const log = await second.api.listNotifications({})
      return log.length > 0 && log.every((n) => n.state === 'delivered') && log
    })
    expect(delivered).toHaveLength(1)
    expect(delivered[0].id).toBe(failing.id)
    expect(receiver.requests[0].headers['idempotency-key']).toBe(failing.id)
    expect((receiver.requests[0].json as { status: string }).status).toBe('firing')
    // The alert still fires after the restart: restored routing does not page again.
    const view = await second.api.listAlerts({})
    expect(view.alerts.map((a) => [a.rule, a.status, a.escalationLevel])).toEqual([['ProbeHigh', 'firing', 0]])
    await new Promise((r) => setTimeout(r, 1500))
    expect(new Set(receiver.requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set([failing.id]))
    expect(receiver.requests).toHaveLength(1)
  })

  it('serves the alerting REST routes over the live engine, behind the token', async () => {
    const dir = tempDir()
    const receiver = await startHttpCapture()
    cleanups.push(() => receiver.close())
    writeFileSync(join(dir, 'vigil.yaml'), config(`${receiver.url}/hook`))
    const engine = await start(dir)
    const server = await startTestServer(engine)
    cleanups.push(() => server.close())
    const json = { ...AUTH, 'content-type': 'application/json' }

    await engine.push([{ name: 'probe_value', labels: { probe: 'rest' }, ts: Date.now(), value: 99 }])
    const firing = await until('a firing alert', async () => {
      const res = await server.get('/api/alerts', AUTH)
      const view = (await res.json()) as AlertsView
      return view.alerts.length === 1 && view.alerts[0].escalationLevel === 0 && view
    })
    const id = firing.alerts[0].id
    expect(firing.alerts[0]).toMatchObject({ rule: 'ProbeHigh', status: 'firing', value: 99, annotations: { summary: 'probe at 99' } })
    await receiver.waitForRequests(1)

    expect((await server.get('/api/alerts')).status).toBe(401)
    const badAck = await server.post(`/api/alerts/${id}/ack`, '{"comment":"no name"}', json)
    expect(badAck.status).toBe(400)
    expect(((await badAck.json()) as { error: { message: string } }).error.message).toMatch(/^POST \/api\/alerts\/\{id\}\/ack: field "by": /)
    const unknown = await server.post('/api/alerts/0123456789abcdef/ack', '{"by":"ann"}', json)
    expect(unknown.status).toBe(404)
    const ack = await server.post(`/api/alerts/${id}/ack`, '{"by":"ann","comment":"on it","expiresInMs":3600000}', json)
    expect(ack.status).toBe(200)
    expect(await ack.json()).toMatchObject({ groups: ['noc{alertname="ProbeHigh"}'], ack: { by: 'ann', comment: 'on it' } })
    expect(((await (await server.get('/api/alerts', AUTH)).json()) as AlertsView).alerts[0].status).toBe('acknowledged')

    const endsAt = Date.now() + 3_600_000
    const created = await server.post('/api/silences', JSON.stringify({ matchers: [{ name: 'probe', value: 'rest' }], endsAt, createdBy: 'ann', comment: 'maintenance' }), json)
    expect(created.status).toBe(201)
    const silence = (await created.json()) as SilenceView
    expect(silence).toMatchObject({ matchers: [{ name: 'probe', op: '=', value: 'rest' }], endsAt, createdBy: 'ann' })
    const listed = (await (await server.get('/api/silences', AUTH)).json()) as SilenceView[]
    expect(listed.map((s) => [s.id, s.active])).toEqual([[silence.id, true]])
    const badSilence = await server.post('/api/silences', JSON.stringify({ matchers: [], endsAt, createdBy: 'ann', comment: '' }), json)
    expect(badSilence.status).toBe(400)
    expect(((await badSilence.json()) as { error: { message: string } }).error.message).toContain('field "matchers"')
    const expired = await fetch(`${server.url}/api/silences/${silence.id}`, { method: 'DELETE', headers: AUTH })
    expect(expired.status).toBe(200)
    expect(((await expired.json()) as SilenceView).active).toBe(false)
    expect((await fetch(`${server.url}/api/silences/nope`, { method: 'DELETE', headers: AUTH })).status).toBe(404)

    const log = (await (await server.get('/api/notifications?limit=10&receiver=hook', AUTH)).json()) as NotificationLogItem[]
    // The acknowledgement was recorded for the receiver already paged before the ack answered.
    expect(log.map((n) => n.kind).sort()).toEqual(['acknowledged', 'firing'])
    expect(log.every((n) => n.receiver === 'hook' && n.receiverKind === 'webhook')).toBe(true)
    expect((await server.get('/api/notifications?limit=lots', AUTH)).status).toBe(400)
    const history = (await (await server.get(`/api/alerts/history?alert=${id}`, AUTH)).json()) as { kind: string }[]
    expect(history.map((e) => e.kind)).toContain('fired')
  })
})
