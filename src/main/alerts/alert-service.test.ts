// The alerting composition with stepped time on a real DuckDB file and real local HTTP receivers:
// a rule fires → routing → outbox → an Alertmanager v4 webhook; acknowledgement stops the 15 m
// escalation; silences and inhibition hold notifications back; noise marks feed alert quality;
// config reload and a restart keep the state.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AlertsEvent } from '@shared/alerts'
import { parse as parseYaml } from 'yaml'
import { alertingSchema, type AlertingConfigInput } from '@shared/config/alerting-schema'
import { HASH_ROUTE_PATTERN } from '@shared/api-names'
import type { NotificationEvent } from '@shared/types'
import { EventBus } from '../engine/event-bus'
import { openStore } from '../store/duckdb-store'
import type { DuckDBStore } from '../store/duckdb-store'
import { LONG_RETENTION, tempDir } from '../store/test-support'
import { recordAnnotation } from '../views/annotations-api'
import { AlertService } from './alert-service'
import { startHttpCapture } from './delivery/testing/http-capture'
import type { HttpCapture } from './delivery/testing/http-capture'
import { ISSUE_EXAMPLE } from '../../../test/fixtures/alerting-issue-example'

const SEC = 1000
const MIN = 60 * SEC
/** Monday 2025-01-06 12:00:00 UTC. */
const T0 = Date.UTC(2025, 0, 6, 12, 0, 0)

interface Harness {
  service: AlertService
  bus: EventBus
  events: AlertsEvent[]
  logs: string[]
  setNow(t: number): void
  now(): number
}

describe('alert service', () => {
  let tmp: ReturnType<typeof tempDir>
  let store: DuckDBStore
  let noc: HttpCapture
  let leads: HttpCapture
  let clock = T0
  const services: AlertService[] = []

  beforeEach(async () => {
    tmp = tempDir('alert-service')
    store = await openStore({ path: join(tmp.dir, 'vigil.duckdb'), retention: LONG_RETENTION, threads: 1 })
    noc = await startHttpCapture()
    leads = await startHttpCapture()
    clock = T0
  })
  afterEach(async () => {
    for (const s of services.splice(0)) await s.stop()
    await store.close()
    await noc.close()
    await leads.close()
    tmp.cleanup()
  })

  /** The issue's example rule and escalation, with webhooks standing in for every receiver. */
  function issueConfig(extra: Partial<AlertingConfigInput> = {}): AlertingConfigInput {
    return {
      evaluation_interval: '15s',
      rules: [
        {
          name: 'HighLatency',
          series: 'api_latency_ms',
          labels_match: { service: 'checkout' },
          window: '1m',
          aggregate: 'avg',
          condition: '> 250',
          for: '0s',
          severity: 'critical',
          labels: { team: 'platform' },
          annotations: { summary: 'checkout latency {{ $value }} ms' }
        }
      ],
      routes: [
        {
          name: 'critical',
          match: { severity: 'critical' },
          group_by: ['alertname'],
          group_wait: '10s',
          escalation: [
            { after: '0s', receivers: ['noc-webhook'] },
            { after: '15m', receivers: ['slack-leads'] }
          ]
        }
      ],
      receivers: [
        { id: 'noc-webhook', kind: 'webhook', url: `${noc.url}/hook` },
        { id: 'slack-leads', kind: 'webhook', url: `${leads.url}/hook` }
      ],
      ...extra
    }
  }

  function harness(config: AlertingConfigInput): Harness {
    const bus = new EventBus()
    const events: AlertsEvent[] = []
    const logs: string[] = []
    bus.on('alerts', (e) => events.push(e))
    const service = new AlertService({
      config: alertingSchema.parse(config),
      store,
      kpi: async () => null,
      bus,
      annotate: (input) => recordAnnotation({ store, bus }, input),
      now: () => clock,
      log: (m) => logs.push(m),
      expandSecrets: (t) => t,
      random: () => 0.5
    })
    services.push(service)
    return { service, bus, events, logs, setNow: (t) => (clock = t), now: () => clock }
  }

  async function latency(value: number, at: number, service = 'checkout'): Promise<void> {
    const r = await store.append('push', [{ name: 'api_latency_ms', labels: { service }, ts: at, value }])
    expect(r.accepted).toBe(1)
  }

  /** Evaluates at every evaluation_interval step and ticks every second, from the current clock up to `until`. */
  async function runUntil(h: Harness, until: number, evalEveryMs = 15 * SEC): Promise<void> {
    let nextEval = h.now()
    for (let t = h.now(); t <= until; t += SEC) {
      h.setNow(t)
      if (t >= nextEval) {
        await h.service.evaluate()
        nextEval = t + evalEveryMs
      }
      await h.service.tick()
    }
    await h.service.runDeliveries()
  }

  it('fires a rule, routes it after group_wait and delivers an Alertmanager v4 webhook; history, marker and view follow', async () => {
    const h = harness(issueConfig())
    await h.service.init()
    await latency(300, T0 - 30 * SEC)
    await latency(320, T0 - 10 * SEC)
    await h.service.evaluate()
    const view = await h.service.listAlerts()
    expect(view.alerts).toHaveLength(1)
    const alert = view.alerts[0]
    expect(alert).toMatchObject({ rule: 'HighLatency', severity: 'critical', status: 'firing', value: 310, since: T0, escalationLevel: null })
    expect(alert.labels).toEqual({ alertname: 'HighLatency', severity: 'critical', service: 'checkout', team: 'platform' })
    expect(alert.annotations.summary).toBe('checkout latency 310 ms')
    expect(view.rules).toEqual([{ rule: 'HighLatency', kind: 'threshold', severity: 'critical', state: 'ok', error: null, evaluatedAt: T0, firing: 1, pending: 0 }])
    expect(h.events.at(-1)).toMatchObject({ reason: 'evaluation', firing: 1, criticalUnacknowledged: 1 })

    // group_wait 10s: nothing before it, the first level at it.
    await runUntil(h, T0 + 9 * SEC)
    expect(noc.requests).toHaveLength(0)
    await runUntil(h, T0 + 10 * SEC)
    expect(noc.requests).toHaveLength(1)
    const req = noc.requests[0]
    const body = req.json as Record<string, unknown> & { alerts: Record<string, unknown>[] }
    expect(req.path).toBe('/hook')
    expect(req.headers['idempotency-key']).toMatch(/^[0-9a-f]{32}$/)
    expect(body).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'noc-webhook',
      groupLabels: { alertname: 'HighLatency' },
      commonLabels: { alertname: 'HighLatency', severity: 'critical', service: 'checkout', team: 'platform' },
      truncatedAlerts: 0
    })
    expect(body.groupKey).toBe('critical{alertname="HighLatency"}')
    expect(body.alerts).toHaveLength(1)
    expect(body.alerts[0]).toMatchObject({
      status: 'firing',
      labels: alert.labels,
      annotations: { summary: 'checkout latency 310 ms' },
      startsAt: new Date(T0).toISOString(),
      endsAt: '0001-01-01T00:00:00Z'
    })
    expect(leads.requests).toHaveLength(0)

    const after = await h.service.listAlerts()
    expect(after.alerts[0]).toMatchObject({ status: 'firing', escalationLevel: 0, groups: ['critical{alertname="HighLatency"}'] })
    expect(after.groups[0]).toMatchObject({ levelReached: 0, levels: 2 })

    const history = await h.service.history({ from: T0 - MIN, to: T0 + MIN })
    expect(history.map((e) => e.kind).reverse()).toEqual(['fired', 'notified', 'delivered'])
    expect(history[0]).toMatchObject({ kind: 'delivered', receivers: ['noc-webhook'], groupKey: 'critical{alertname="HighLatency"}', level: 0 })
    expect(history[2]).toMatchObject({ kind: 'fired', alertId: alert.id, rule: 'HighLatency', severity: 'critical', value: 310, at: T0 })

    const log = await h.service.notifications({})
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({ receiver: 'noc-webhook', receiverKind: 'webhook', kind: 'firing', level: 0, state: 'delivered', attempts: 1 })

    const markers = await store.listAnnotations({ from: T0 - MIN, to: T0 + MIN, kinds: ['alert'] })
    expect(markers).toHaveLength(1)
    expect(markers[0]).toMatchObject({ kind: 'alert', ts: T0, endTs: null, series: [], title: 'Critical: checkout latency 310 ms', source: 'alerting' })

    // Recovery: the alert resolves, the receiver told gets the resolution and the marker its end.
    await latency(100, T0 + 40 * SEC)
    h.setNow(T0 + 75 * SEC)
    await h.service.evaluate()
    await runUntil(h, T0 + 10 * MIN)
    expect((await h.service.listAlerts()).alerts).toEqual([])
    expect(noc.requests).toHaveLength(2)
    expect((noc.requests[1].json as { status: string; alerts: { status: string; endsAt: string }[] }).status).toBe('resolved')
    expect((await store.listAnnotations({ from: T0 - MIN, to: T0 + MIN, kinds: ['alert'] }))[0].endTs).toBe(T0 + 75 * SEC)
    expect((await h.service.history({ from: T0, to: T0 + 11 * MIN })).map((e) => e.kind)).toContain('resolved')
  })

  it('escalates to the second level after 15m when nobody acknowledges', async () => {
    const unacked = harness(issueConfig())
    await unacked.service.init()
    for (let t = T0 - 50 * SEC; t <= T0 + 20 * MIN; t += 10 * SEC) await latency(400, t)
    await runUntil(unacked, T0 + 16 * MIN, MIN)
    expect(noc.requests).toHaveLength(1)
    expect(leads.requests).toHaveLength(1)
    expect((leads.requests[0].json as { status: string }).status).toBe('firing')
    expect((await unacked.service.listAlerts()).alerts[0].escalationLevel).toBe(1)
    await unacked.service.stop()
  })

  it('stops escalation once acknowledged (and tells the receivers already paged who has it)', async () => {
    const h = harness(issueConfig())
    await h.service.init()
    for (let t = T0 - 50 * SEC; t <= T0 + 31 * MIN; t += 10 * SEC) await latency(400, t)
    await runUntil(h, T0 + 11 * SEC)
    expect(noc.requests).toHaveLength(1)
    const id = (await h.service.listAlerts()).alerts[0].id
    h.setNow(T0 + 2 * MIN)
    const ack = await h.service.acknowledge({ id, by: 'ann', comment: 'looking into it' })
    expect(ack).toEqual({ groups: ['critical{alertname="HighLatency"}'], ack: { by: 'ann', at: T0 + 2 * MIN, comment: 'looking into it', expiresAt: null } })
    expect(h.events.at(-1)).toMatchObject({ reason: 'acknowledged', firing: 1, criticalUnacknowledged: 0 })
    const view = await h.service.listAlerts()
    expect(view.alerts[0]).toMatchObject({ status: 'acknowledged', ack: { by: 'ann' } })
    await runUntil(h, T0 + 30 * MIN, MIN)
    expect(leads.requests).toHaveLength(0)
    // The acknowledged intent went to the receiver already paged; nothing else.
    expect(noc.requests).toHaveLength(2)
    const kinds = (await h.service.notifications({})).map((n) => n.kind)
    expect(kinds.sort()).toEqual(['acknowledged', 'firing'])
    const history = await h.service.history({ from: T0, to: T0 + 31 * MIN })
    expect(history.find((e) => e.kind === 'acknowledged')).toMatchObject({ by: 'ann', groupKey: 'critical{alertname="HighLatency"}' })
    expect(history.some((e) => e.kind === 'escalated')).toBe(false)

    await expect(h.service.acknowledge({ id: 'nope', by: 'ann' })).rejects.toThrow(/no firing alert or alert group "nope"/)
  })

  it('holds notifications back while a silence matches, and sends them once it is expired', async () => {
    const h = harness(issueConfig())
    await h.service.init()
    const silence = await h.service.addSilence({
      matchers: [{ name: 'alertname', op: '=', value: 'HighLatency' }],
      endsAt: T0 + 60 * MIN,
      createdBy: 'ann',
      comment: 'deploy window'
    })
    expect(silence).toMatchObject({ startsAt: T0, endsAt: T0 + 60 * MIN, createdBy: 'ann', createdAt: T0 })
    for (let t = T0 - 50 * SEC; t <= T0 + 10 * MIN; t += 10 * SEC) await latency(400, t)
    await runUntil(h, T0 + 5 * MIN, MIN)
    expect(noc.requests).toHaveLength(0)
    const view = await h.service.listAlerts()
    expect(view.alerts[0]).toMatchObject({ status: 'silenced', silencedBy: silence.id })
    expect(view.activeSilences).toBe(1)
    expect(h.service.listSilences()).toEqual([{ ...silence, active: true }])
    expect((await h.service.history({ from: T0, to: T0 + 6 * MIN })).find((e) => e.kind === 'silenced')).toMatchObject({ by: 'ann', alertId: view.alerts[0].id })

    const expired = await h.service.expireSilence(silence.id)
    expect(expired).toMatchObject({ id: silence.id, active: false, endsAt: T0 + 5 * MIN })
    await runUntil(h, T0 + 6 * MIN, MIN)
    expect(noc.requests).toHaveLength(1)
    await expect(h.service.expireSilence('nope')).rejects.toThrow(/no silence "nope"/)
    await expect(
      h.service.addSilence({ matchers: [{ name: 'alertname', op: '!=', value: 'x' }], endsAt: T0 + 99 * MIN, createdBy: 'ann', comment: '' })
    ).rejects.toThrow(/would silence everything/)
  })

  it('lets a firing "engine down" alert inhibit "source stale" alerts', async () => {
    const h = harness({
      evaluation_interval: '15s',
      rules: [
        { name: 'EngineDown', series: 'vigil_up', condition: '< 1', window: '1m', aggregate: 'last', severity: 'critical' },
        { name: 'SourceStale', kind: 'absence', series: 'crm_deals', for_missing: '5m', severity: 'warning' }
      ],
      routes: [{ name: 'all', group_by: ['alertname'], group_wait: '0s', receivers: ['noc-webhook'] }],
      receivers: [{ id: 'noc-webhook', kind: 'webhook', url: `${noc.url}/hook` }],
      inhibit_rules: [{ source_match: { alertname: 'EngineDown' }, target_match: { alertname: 'SourceStale' } }]
    })
    await h.service.init()
    await store.append('push', [{ name: 'vigil_up', labels: {}, ts: T0 - 5 * SEC, value: 0 }])
    await runUntil(h, T0 + 5 * SEC)
    const view = await h.service.listAlerts()
    expect(view.alerts.map((a) => [a.rule, a.status])).toEqual([
      ['EngineDown', 'firing'],
      ['SourceStale', 'inhibited']
    ])
    expect(noc.requests.map((r) => (r.json as { groupLabels: { alertname: string } }).groupLabels.alertname)).toEqual(['EngineDown'])
  })

  it('marks a firing episode as noise; alert quality reports the false-positive rate against the 2 % goal', async () => {
    const h = harness(issueConfig())
    await h.service.init()
    await latency(300, T0 - 10 * SEC)
    await h.service.evaluate()
    const id = (await h.service.listAlerts()).alerts[0].id
    const mark = await h.service.markNoise({ id, noise: true, by: 'ann' })
    expect(mark).toEqual({ alertId: id, episode: T0, rule: 'HighLatency', severity: 'critical', noise: true, by: 'ann', at: T0 })
    expect((await h.service.listAlerts()).alerts[0].noise).toBe(true)
    const quality = await h.service.quality(T0 - MIN, T0 + MIN)
    expect(quality.rules).toEqual([{ rule: 'HighLatency', severity: 'critical', firings: 1, noise: 1, falsePositiveRatePct: 100, goalPct: 2, meetsGoal: false }])
    expect(quality.critical).toEqual({ firings: 1, noise: 1, falsePositiveRatePct: 100, goalPct: 2, meetsGoal: false })
    await h.service.markNoise({ id, noise: false, by: 'bob' })
    expect((await h.service.quality(T0 - MIN, T0 + MIN)).critical).toMatchObject({ noise: 0, falsePositiveRatePct: 0, meetsGoal: true })
    await expect(h.service.markNoise({ id: 'nope', noise: true, by: 'ann' })).rejects.toThrow(/alert "nope" has no recorded firing/)
  })

  it('carries on after a restart: no second "fired", no second notification; rules removed meanwhile resolve', async () => {
    const first = harness(issueConfig())
    await first.service.init()
    for (let t = T0 - 50 * SEC; t <= T0 + 5 * MIN; t += 10 * SEC) await latency(400, t)
    await runUntil(first, T0 + 30 * SEC)
    expect(noc.requests).toHaveLength(1)
    await first.service.stop()

    const second = harness(issueConfig())
    await second.service.init()
    await runUntil(second, T0 + 2 * MIN)
    expect(noc.requests).toHaveLength(1)
    const view = await second.service.listAlerts()
    expect(view.alerts).toHaveLength(1)
    expect(view.alerts[0]).toMatchObject({ status: 'firing', since: T0, escalationLevel: 0 })
    const fired = (await second.service.history({ from: T0 - MIN, to: T0 + 3 * MIN })).filter((e) => e.kind === 'fired')
    expect(fired).toHaveLength(1)
    await second.service.stop()

    const third = harness(issueConfig({ rules: [] }))
    await third.service.init()
    await runUntil(third, T0 + 10 * MIN, MIN)
    expect((await third.service.listAlerts()).alerts).toEqual([])
    expect(noc.requests).toHaveLength(2)
    expect((noc.requests[1].json as { status: string }).status).toBe('resolved')
  })

  it('takes a new config: a removed rule resolves its alerts, routes and receivers are replaced', async () => {
    const h = harness(issueConfig())
    await h.service.init()
    await latency(300, T0 - 10 * SEC)
    await runUntil(h, T0 + 11 * SEC)
    expect(noc.requests).toHaveLength(1)
    const next = issueConfig({ rules: [{ name: 'Other', series: 'x', condition: '> 1' }] })
    await h.service.setConfig(alertingSchema.parse(next))
    expect(h.events.at(-1)).toMatchObject({ reason: 'config', firing: 0 })
    expect((await h.service.listAlerts()).rules.map((r) => [r.rule, r.state])).toEqual([['Other', 'unknown']])
    await runUntil(h, T0 + 10 * MIN, MIN)
    expect(noc.requests).toHaveLength(2)
    expect((noc.requests[1].json as { status: string }).status).toBe('resolved')
    const resolved = (await h.service.history({ from: T0, to: T0 + 11 * MIN })).find((e) => e.kind === 'resolved')
    expect(resolved?.detail).toContain('rule removed from the config')
  })

  it('reports a rule it cannot evaluate in its health, and keeps evaluating the others', async () => {
    const h = harness(
      issueConfig({
        rules: [
          { name: 'Odd', kind: 'anomaly', series: 'api_latency_ms' },
          { name: 'HighLatency', series: 'api_latency_ms', condition: '> 250', window: '1m', aggregate: 'avg', severity: 'critical' }
        ]
      })
    )
    await h.service.init()
    await latency(300, T0 - 10 * SEC)
    await h.service.evaluate()
    const view = await h.service.listAlerts()
    expect(view.rules[0]).toMatchObject({ rule: 'Odd', state: 'error', error: expect.stringContaining('anomaly rules are not available') })
    expect(view.rules[1]).toMatchObject({ rule: 'HighLatency', state: 'ok', firing: 1 })
  })

  it("runs the issue's example config as written (secrets named, not set): the rule is evaluated, its health is ok", async () => {
    const h = harness(parseYaml(ISSUE_EXAMPLE) as AlertingConfigInput)
    await h.service.init()
    await latency(300, T0 - 10 * SEC)
    await h.service.evaluate()
    const view = await h.service.listAlerts()
    expect(view.rules).toEqual([expect.objectContaining({ rule: 'HighLatency', state: 'ok', pending: 1 })])
    expect(view.alerts[0]).toMatchObject({ status: 'pending', since: T0 })
    expect(h.logs).toEqual([])
  })

  it('sends desktop notices whose click opens the acknowledge form, and whose Acknowledge action stops escalation', async () => {
    const h = harness(issueConfig({ receivers: [{ id: 'noc-webhook', kind: 'desktop', sound: true }, { id: 'slack-leads', kind: 'desktop' }] }))
    const notices: NotificationEvent[] = []
    h.bus.on('notification', (n) => notices.push(n))
    await h.service.init()
    await latency(300, T0 - 10 * SEC)
    await runUntil(h, T0 + 10 * SEC)
    const id = (await h.service.listAlerts()).alerts[0].id
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatchObject({ severity: 'critical', title: 'checkout latency 300 ms', sound: true, route: `#/alerts?alert=${id}&ack=1` })
    expect(HASH_ROUTE_PATTERN.test(notices[0].route ?? '')).toBe(true)
    // What the Electron shell's Acknowledge button sends: the notice's group key.
    await h.service.acknowledge({ id: notices[0].ack!, by: 'desk-user', comment: 'acknowledged from the desktop notification' })
    // Still over the threshold past the 15 m escalation: nothing more is sent.
    for (let t = T0; t <= T0 + 20 * MIN; t += 30 * SEC) await latency(300, t)
    await runUntil(h, T0 + 20 * MIN)
    expect(notices.map((n) => n.title)).toEqual(['checkout latency 300 ms', 'Acknowledged: checkout latency 300 ms'])
    expect((await h.service.listAlerts()).alerts[0]).toMatchObject({ status: 'acknowledged', ack: { by: 'desk-user' } })
  })

  it('links notifications to the alert at Vigil\'s URL: the shell\'s address, unless the config names one', async () => {
    const h = harness(issueConfig())
    await h.service.init()
    h.service.setExternalUrl('http://wallboard-pc:4600/')
    await latency(300, T0 - 10 * SEC)
    await runUntil(h, T0 + 10 * SEC)
    const id = (await h.service.listAlerts()).alerts[0].id
    const first = noc.requests[0].json as { externalURL: string; alerts: { generatorURL: string }[] }
    expect(first.externalURL).toBe('http://wallboard-pc:4600/')
    expect(first.alerts[0].generatorURL).toBe(`http://wallboard-pc:4600/#/alerts?alert=${id}`)

    await h.service.setConfig(alertingSchema.parse(issueConfig({ external_url: 'https://vigil.example.com/noc' })))
    h.service.setExternalUrl('http://127.0.0.1:4600/')
    await latency(100, T0 + 20 * SEC)
    await runUntil(h, T0 + 10 * MIN)
    const resolved = noc.requests.at(-1)!.json as { status: string; externalURL: string; alerts: { generatorURL: string }[] }
    expect(resolved.status).toBe('resolved')
    expect(resolved.externalURL).toBe('https://vigil.example.com/noc')
    expect(resolved.alerts[0].generatorURL).toBe(`https://vigil.example.com/noc/#/alerts?alert=${id}`)
  })
})
