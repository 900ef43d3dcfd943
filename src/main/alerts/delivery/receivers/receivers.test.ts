// Every receiver against a real local server: the documented wire shapes field by field, and
// how failures are classified (retryable or permanent) without leaking secrets.
import { afterEach, describe, expect, it } from 'vitest'
import type { NotificationEvent } from '@shared/types'
import { expandSecrets } from '../../../config/secrets'
import { EventBus } from '../../../engine/event-bus'
import { DeliveryError } from '../delivery-error'
import type { DeliveryIntent } from '../intent'
import type { Receiver, ReceiverDeps } from '../receiver'
import type { ReceiverConfig } from '../receiver-config'
import { alert, intent, resolved, T0 } from '../testing/intents'
import { closedPort, startHttpCapture } from '../testing/http-capture'
import type { HttpCapture } from '../testing/http-capture'
import { startSmtpCapture } from '../testing/smtp-capture'
import type { SmtpCapture } from '../testing/smtp-capture'
import { createReceiver, createReceivers } from './create-receiver'

const SECRETS: Record<string, string> = {
  'hook-token': 's3cret-hook-token',
  'pd-cto': 'R0UTINGKEY0123456789abcdef012345',
  smtp: 'p@ss-w0rd!',
  'slack-leads': ''
}
const EXTERNAL = 'http://vigil.test:8080'

function deps(over: Partial<ReceiverDeps> = {}, secrets: Record<string, string> = SECRETS): ReceiverDeps & { bus: EventBus } {
  return {
    bus: new EventBus(),
    expandSecrets: (text) => expandSecrets(text, (name) => secrets[name]),
    timeoutMs: 5000,
    externalUrl: EXTERNAL,
    sourceName: 'vigil-test',
    ...over
  } as ReceiverDeps & { bus: EventBus }
}

async function send(receiver: Receiver, n: DeliveryIntent, notificationId = 'n-1'): Promise<void> {
  await receiver.send({ notificationId, attempt: 1, intent: n }, new AbortController().signal)
}

/** The DeliveryError a send fails with. */
async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(DeliveryError)
    return err as DeliveryError
  }
  throw new Error('expected the send to fail')
}

const twoAlerts = (): DeliveryIntent =>
  intent('noc', {
    alerts: [alert(), alert({ annotations: { summary: 'payments latency 420 ms', runbook: 'https://wiki/latency' }, value: 420 }, 'payments')]
  })

describe('delivery receivers against real servers', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c()
  })
  const http = async (defaultStatus = 200): Promise<HttpCapture> => {
    const s = await startHttpCapture({ defaultStatus })
    cleanups.push(() => s.close())
    return s
  }
  const smtp = async (credentials?: { user: string; pass: string }): Promise<SmtpCapture> => {
    const s = await startSmtpCapture(credentials)
    cleanups.push(() => s.close())
    return s
  }

  describe('webhook (Alertmanager payload version 4)', () => {
    it('POSTs the documented fields, the configured headers and an Idempotency-Key', async () => {
      const server = await http()
      const receiver = createReceiver(
        { id: 'noc', kind: 'webhook', url: `${server.url}/hook`, headers: { Authorization: 'Bearer ${secret:hook-token}', 'X-Team': 'noc' } },
        deps()
      )
      await send(receiver, twoAlerts(), 'notif-42')

      expect(server.requests).toHaveLength(1)
      const req = server.requests[0]
      expect(req.method).toBe('POST')
      expect(req.path).toBe('/hook')
      expect(req.headers['content-type']).toBe('application/json')
      expect(req.headers.authorization).toBe('Bearer s3cret-hook-token')
      expect(req.headers['x-team']).toBe('noc')
      expect(req.headers['idempotency-key']).toBe('notif-42')
      const body = req.json as Record<string, unknown>
      expect(Object.keys(body).sort()).toEqual(
        ['alerts', 'commonAnnotations', 'commonLabels', 'externalURL', 'groupKey', 'groupLabels', 'receiver', 'status', 'truncatedAlerts', 'version'].sort()
      )
      expect(body.version).toBe('4')
      expect(body.groupKey).toBe('critical{alertname="HighLatency"}')
      expect(body.truncatedAlerts).toBe(0)
      expect(body.status).toBe('firing')
      expect(body.receiver).toBe('noc')
      expect(body.groupLabels).toEqual({ alertname: 'HighLatency' })
      expect(body.commonLabels).toEqual({ alertname: 'HighLatency', severity: 'critical', team: 'platform' })
      expect(body.commonAnnotations).toEqual({})
      expect(body.externalURL).toBe(EXTERNAL)
      const alerts = body.alerts as Record<string, unknown>[]
      expect(alerts).toHaveLength(2)
      expect(alerts[0]).toEqual({
        status: 'firing',
        labels: { alertname: 'HighLatency', severity: 'critical', service: 'checkout', team: 'platform' },
        annotations: { summary: 'checkout latency 312 ms' },
        startsAt: '2025-06-01T11:59:00.000Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://vigil.test:8080/#/alerts?alert=HighLatency-checkout',
        fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/)
      })
      expect(alerts[1]).toMatchObject({ status: 'firing', annotations: { summary: 'payments latency 420 ms', runbook: 'https://wiki/latency' } })
      expect(alerts[0].fingerprint).not.toBe(alerts[1].fingerprint)
    })

    it('reports resolved alerts with their end time, and truncates to max_alerts', async () => {
      const server = await http()
      const receiver = createReceiver({ id: 'noc', kind: 'webhook', url: `${server.url}/hook`, max_alerts: 1 }, deps())
      const end = T0 + 300_000
      const n = intent('noc', { kind: 'resolved', alerts: [resolved(alert(), end), resolved(alert({}, 'payments'), end)] })
      await send(receiver, n)
      const body = server.requests[0].json as Record<string, unknown>
      expect(body.status).toBe('resolved')
      expect(body.truncatedAlerts).toBe(1)
      expect(body.alerts).toEqual([
        expect.objectContaining({ status: 'resolved', startsAt: '2025-06-01T11:59:00.000Z', endsAt: '2025-06-01T12:05:00.000Z' })
      ])
    })

    it('classifies answers: 5xx, 429 (with Retry-After), dropped and refused connections and timeouts retry; redirects and other 4xx do not', async () => {
      const server = await http()
      // The receiver's own timeout wins over the default.
      const receiver = createReceiver({ id: 'noc', kind: 'webhook', url: `${server.url}/hook`, timeout: 300 }, deps({ timeoutMs: 60_000 }))
      server.script(
        { status: 500, body: 'database is down' },
        { status: 429, headers: { 'retry-after': '120' } },
        { status: 400, body: 'bad payload' },
        { status: 302, headers: { location: 'http://elsewhere.test/' } },
        'drop',
        'hold'
      )
      const e500 = await failure(send(receiver, intent('noc')))
      expect(e500).toMatchObject({ retryable: true, retryAfterMs: null })
      expect(e500.message).toBe(`webhook "noc" (${server.url}/hook): HTTP 500 Internal Server Error: database is down`)
      const e429 = await failure(send(receiver, intent('noc')))
      expect(e429).toMatchObject({ retryable: true, retryAfterMs: 120_000 })
      const e400 = await failure(send(receiver, intent('noc')))
      expect(e400.retryable).toBe(false)
      expect(e400.message).toContain('HTTP 400 Bad Request: bad payload (rejected; not retried)')
      const e302 = await failure(send(receiver, intent('noc')))
      expect(e302.retryable).toBe(false)
      expect(e302.message).toContain('redirects are not followed')
      const dropped = await failure(send(receiver, intent('noc')))
      expect(dropped.retryable).toBe(true)
      expect(dropped.message).toMatch(/cannot reach it/)
      const timedOut = await failure(send(receiver, intent('noc')))
      expect(timedOut.retryable).toBe(true)
      expect(timedOut.message).toContain('no answer within 300 ms')

      const down = createReceiver({ id: 'down', kind: 'webhook', url: `http://127.0.0.1:${await closedPort()}/hook` }, deps())
      const refused = await failure(send(down, intent('down')))
      expect(refused.retryable).toBe(true)
      expect(refused.message).toMatch(/cannot reach it: ECONNREFUSED/)
    })

    it('never shows secret values in errors, and a missing secret is named (retryable)', async () => {
      const server = await http()
      // The receiver echoes the request line, token included.
      server.script({ status: 401, body: 'bad token s3cret-hook-token in /hook?token=s3cret-hook-token' })
      const receiver = createReceiver({ id: 'noc', kind: 'webhook', url: `${server.url}/hook?token=\${secret:hook-token}` }, deps())
      const err = await failure(send(receiver, intent('noc')))
      expect(server.requests[0].path).toBe('/hook?token=s3cret-hook-token')
      expect(err.message).not.toContain('s3cret-hook-token')
      expect(err.message).toBe(`webhook "noc" (${server.url}/…): HTTP 401 Unauthorized: bad token *** in /hook?token=*** (rejected; not retried)`)

      const missing = createReceiver({ id: 'noc', kind: 'webhook', url: '${secret:not-set}' }, deps())
      const e = await failure(send(missing, intent('noc')))
      expect(e.retryable).toBe(true)
      expect(e.message).toBe('webhook "noc": url: secret "not-set" is not set (set the environment variable VIGIL_SECRET_NOT_SET)')
    })
  })

  describe('slack (incoming webhook, Block Kit)', () => {
    it('POSTs a header, a section with the alerts and fields, and a context line', async () => {
      const server = await http()
      const secrets = { ...SECRETS, 'slack-leads': `${server.url}/services/T0001/B0001/XXXXXXXXXXXXXXXX` }
      const receiver = createReceiver({ id: 'slack-leads', kind: 'slack', webhook_url: '${secret:slack-leads}' }, deps({}, secrets))
      const n = intent('slack-leads', {
        kind: 'escalated',
        level: 1,
        reason: 'escalation level 1 after 15m',
        alerts: [alert({ annotations: { summary: 'checkout <latency> & 312 ms' } })]
      })
      await send(receiver, n, 'slack-1')
      const req = server.requests[0]
      expect(req.path).toBe('/services/T0001/B0001/XXXXXXXXXXXXXXXX')
      expect(req.headers['content-type']).toBe('application/json')
      const title = '[FIRING:1] HighLatency (checkout critical platform) - escalated to level 1'
      expect(req.json).toEqual({
        text: title,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: title, emoji: true } },
          {
            type: 'section',
            text: { type: 'mrkdwn', text: ':rotating_light: <http://vigil.test:8080/#/alerts?alert=HighLatency-checkout|checkout &lt;latency&gt; &amp; 312 ms>' },
            fields: [
              { type: 'mrkdwn', text: '*Status*\nfiring (1)' },
              { type: 'mrkdwn', text: '*Severity*\ncritical' },
              { type: 'mrkdwn', text: '*Alerts*\n1 firing, 0 resolved' },
              { type: 'mrkdwn', text: '*Notification*\nescalated (level 1)' },
              { type: 'mrkdwn', text: '*alertname*\nHighLatency' },
              { type: 'mrkdwn', text: '*service*\ncheckout' },
              { type: 'mrkdwn', text: '*team*\nplatform' }
            ]
          },
          { type: 'context', elements: [{ type: 'mrkdwn', text: 'Vigil · route critical · escalation level 1 after 15m' }] }
        ]
      })
    })

    it('adds the channel and username overrides when configured', async () => {
      const server = await http()
      const receiver = createReceiver(
        { id: 'slack', kind: 'slack', webhook_url: `${server.url}/services/T/B/X`, channel: '#noc', username: 'Vigil' },
        deps()
      )
      await send(receiver, intent('slack'))
      expect(server.requests[0].json).toMatchObject({ channel: '#noc', username: 'Vigil', text: '[FIRING:1] HighLatency (checkout critical platform)' })
    })

    it('treats the webhook URL as a secret in errors', async () => {
      const server = await http()
      server.script({ status: 404, body: 'no_service' })
      const secrets = { ...SECRETS, 'slack-leads': `${server.url}/services/T0001/B0001/TOKENTOKEN` }
      const receiver = createReceiver({ id: 'slack-leads', kind: 'slack', webhook_url: '${secret:slack-leads}' }, deps({}, secrets))
      const err = await failure(send(receiver, intent('slack-leads')))
      expect(err.retryable).toBe(false)
      expect(err.message).toBe(`slack "slack-leads" (incoming webhook at 127.0.0.1:${server.port}): HTTP 404 Not Found: no_service (rejected; not retried)`)
    })
  })

  describe('pagerduty (Events API v2)', () => {
    it('triggers, acknowledges and resolves under one dedup_key, with the mapped payload', async () => {
      const server = await http(202)
      const receiver = createReceiver({ id: 'pd', kind: 'pagerduty', routing_key: '${secret:pd-cto}', url: `${server.url}/v2/enqueue` }, deps())
      const firing = intent('pd', { dedupKey: 'vigil-0123456789abcdef', reason: 'new alert group' })
      await send(receiver, firing, 'pd-1')
      await send(receiver, { ...firing, id: 'ack', kind: 'acknowledged', ack: { by: 'ana', at: T0 + 1000, comment: 'looking', expiresAt: null } }, 'pd-2')
      await send(receiver, { ...firing, id: 'res', kind: 'resolved', alerts: [resolved(alert(), T0 + 600_000)] }, 'pd-3')

      expect(server.requests.map((r) => r.path)).toEqual(['/v2/enqueue', '/v2/enqueue', '/v2/enqueue'])
      const [trigger, ack, resolve] = server.requests.map((r) => r.json as Record<string, unknown>)
      expect(trigger).toEqual({
        routing_key: 'R0UTINGKEY0123456789abcdef012345',
        event_action: 'trigger',
        dedup_key: 'vigil-0123456789abcdef',
        client: 'Vigil',
        client_url: EXTERNAL,
        payload: {
          summary: '[FIRING:1] HighLatency (checkout critical platform)',
          source: 'checkout',
          severity: 'critical',
          timestamp: '2025-06-01T11:59:00.000Z',
          custom_details: {
            firing: 'checkout latency 312 ms',
            num_firing: 1,
            num_resolved: 0,
            notification: 'firing',
            escalation_level: 0,
            reason: 'new alert group',
            group_key: 'critical{alertname="HighLatency"}',
            group_labels: { alertname: 'HighLatency' },
            common_labels: { alertname: 'HighLatency', severity: 'critical', service: 'checkout', team: 'platform' },
            alerts: [
              {
                status: 'firing',
                summary: 'checkout latency 312 ms',
                labels: { alertname: 'HighLatency', severity: 'critical', service: 'checkout', team: 'platform' },
                value: 312,
                started_at: '2025-06-01T11:59:00.000Z',
                link: 'http://vigil.test:8080/#/alerts?alert=HighLatency-checkout'
              }
            ]
          }
        }
      })
      expect(ack).toEqual({ routing_key: 'R0UTINGKEY0123456789abcdef012345', event_action: 'acknowledge', dedup_key: 'vigil-0123456789abcdef', client: 'Vigil', client_url: EXTERNAL })
      expect(resolve).toEqual({ routing_key: 'R0UTINGKEY0123456789abcdef012345', event_action: 'resolve', dedup_key: 'vigil-0123456789abcdef', client: 'Vigil', client_url: EXTERNAL })
    })

    it('maps warning and info severities, and falls back to the configured source name', async () => {
      const server = await http(202)
      const receiver = createReceiver({ id: 'pd', kind: 'pagerduty', routing_key: 'literal-routing-key', url: `${server.url}/v2/enqueue` }, deps())
      for (const severity of ['warning', 'info'] as const) {
        const labels = { alertname: 'DiskFull', severity }
        await send(receiver, intent('pd', { alerts: [alert({ severity, labels, annotations: {} })] }))
      }
      const payloads = server.requests.map((r) => (r.json as { payload: { severity: string; source: string; summary: string } }).payload)
      expect(payloads.map((p) => p.severity)).toEqual(['warning', 'info'])
      expect(payloads.map((p) => p.source)).toEqual(['vigil-test', 'vigil-test'])
    })

    it('keeps the routing key out of errors even when the endpoint echoes it', async () => {
      const server = await http()
      server.script({ status: 400, body: '{"status":"invalid event","message":"Event object is invalid","errors":["routing_key R0UTINGKEY0123456789abcdef012345 unknown"]}' })
      const receiver = createReceiver({ id: 'pd', kind: 'pagerduty', routing_key: '${secret:pd-cto}', url: `${server.url}/v2/enqueue` }, deps())
      const err = await failure(send(receiver, intent('pd')))
      expect(err.retryable).toBe(false)
      expect(err.message).not.toContain('R0UTINGKEY')
      expect(err.message).toContain('routing_key *** unknown')
    })
  })

  describe('email (SMTP)', () => {
    const emailConfig = (port: number, over: Partial<ReceiverConfig> = {}): ReceiverConfig =>
      ({
        id: 'exec-email',
        kind: 'email',
        to: ['cto@example.com', 'noc@example.com'],
        from: 'Vigil <alerts@example.com>',
        smtp: { host: '127.0.0.1', port, username: 'vigil', password: '${secret:smtp}' },
        ...over
      }) as ReceiverConfig

    it('sends subject, text and HTML bodies after authenticating', async () => {
      const server = await smtp({ user: 'vigil', pass: 'p@ss-w0rd!' })
      const receiver = createReceiver(emailConfig(server.port), deps())
      const n = intent('exec-email', {
        alerts: [alert(), alert({ annotations: { summary: 'payments <b>latency</b> 420 ms' }, value: 420 }, 'payments')]
      })
      await send(receiver, n, 'mail-7')

      expect(server.mails).toHaveLength(1)
      const mail = server.mails[0]
      expect(mail.user).toBe('vigil')
      expect(mail.from).toBe('alerts@example.com')
      expect(mail.to).toEqual(['cto@example.com', 'noc@example.com'])
      expect(mail.subject).toBe('[FIRING:2] HighLatency (critical platform)')
      expect(mail.headers.get('message-id')).toBe('<mail-7@vigil.alerts>')
      expect(mail.headers.get('x-vigil-notification')).toBe('mail-7')
      expect(mail.text).toBe(
        [
          '[FIRING:2] HighLatency (critical platform)',
          '',
          '2 firing, 0 resolved · severity critical · firing',
          'Reason: new alert group',
          '',
          'Firing:',
          '- checkout latency 312 ms',
          '  Labels: alertname=HighLatency, service=checkout, severity=critical, team=platform',
          '  Since: 2025-06-01T11:59:00.000Z',
          '  Value: 312',
          '  Link: http://vigil.test:8080/#/alerts?alert=HighLatency-checkout',
          '- payments <b>latency</b> 420 ms',
          '  Labels: alertname=HighLatency, service=payments, severity=critical, team=platform',
          '  Since: 2025-06-01T11:59:00.000Z',
          '  Value: 420',
          '  Link: http://vigil.test:8080/#/alerts?alert=HighLatency-payments',
          '',
          '-- ',
          'Sent by Vigil to receiver "exec-email" for group critical{alertname="HighLatency"}.'
        ].join('\n')
      )
      expect(mail.html).toContain('<h2 style="margin:0 0 8px">[FIRING:2] HighLatency (critical platform)</h2>')
      expect(mail.html).toContain('<a href="http://vigil.test:8080/#/alerts?alert=HighLatency-checkout">checkout latency 312 ms</a>')
      expect(mail.html).toContain('payments &lt;b&gt;latency&lt;/b&gt; 420 ms')
      expect(mail.html).not.toContain('<b>latency</b>')
      expect(mail.html).toContain('<h3 style="margin:16px 0 4px">Firing</h3>')
    })

    it('classifies SMTP failures: bad credentials and 5xx are permanent, 4xx and refused connections retry; no password in messages', async () => {
      const server = await smtp({ user: 'vigil', pass: 'another-password' })
      const receiver = createReceiver(emailConfig(server.port), deps())
      const auth = await failure(send(receiver, intent('exec-email')))
      expect(auth.retryable).toBe(false)
      expect(auth.message).toMatch(/^email "exec-email" \(smtp:\/\/127\.0\.0\.1:\d+\): .*535/)
      expect(auth.message).not.toContain('p@ss-w0rd!')

      const open = await smtp()
      const noAuth = createReceiver(emailConfig(open.port, { smtp: { host: '127.0.0.1', port: open.port } } as Partial<ReceiverConfig>), deps())
      // Every recipient refused (one accepted recipient would make the mail delivered).
      open.refuseNext(550, 550)
      const refused = await failure(send(noAuth, intent('exec-email')))
      expect(refused.retryable).toBe(false)
      expect(refused.message).toContain('550')
      open.refuseNext(451, 451)
      const later = await failure(send(noAuth, intent('exec-email')))
      expect(later.retryable).toBe(true)
      expect(later.message).toContain('451')
      expect(open.mails).toHaveLength(0)

      // require_tls: a server without STARTTLS gets nothing in clear text.
      const strict = createReceiver(emailConfig(open.port, { smtp: { host: '127.0.0.1', port: open.port, require_tls: true } } as Partial<ReceiverConfig>), deps())
      const noTls = await failure(send(strict, intent('exec-email')))
      expect(noTls.message).toMatch(/STARTTLS/i)
      expect(open.mails).toHaveLength(0)

      const down = createReceiver(emailConfig(await closedPort()), deps())
      const unreachable = await failure(send(down, intent('exec-email')))
      expect(unreachable.retryable).toBe(true)
      expect(unreachable.message).toContain('ECONNREFUSED')
    })
  })

  describe('desktop', () => {
    it('emits a notification event titled from the alert summary, with sound only for critical trouble; a click on trouble opens the acknowledge form', async () => {
      const d = deps()
      const seen: NotificationEvent[] = []
      d.bus.on('notification', (e) => seen.push(e))
      const loud = createReceiver({ id: 'desktop', kind: 'desktop', sound: true }, d)
      await send(loud, intent('desktop', { alerts: [alert({ annotations: { summary: 'checkout latency 312 ms', view: 'technical' } })] }), 'd-1')
      await send(loud, intent('desktop', { alerts: [alert({ severity: 'warning', labels: { alertname: 'HighLatency', severity: 'warning' } })] }), 'd-2')
      await send(loud, intent('desktop', { kind: 'resolved', alerts: [resolved(alert(), T0 + 60_000)] }), 'd-3')
      await send(loud, intent('desktop', { kind: 'reminder', alerts: [alert(), alert({}, 'payments')], reason: 'repeat_interval 4h' }), 'd-4')
      const quiet = createReceiver({ id: 'quiet', kind: 'desktop' }, d)
      await send(quiet, intent('quiet'), 'd-5')
      const ack = { by: 'ana', at: T0 + 1000, comment: null, expiresAt: null }
      await send(loud, intent('desktop', { kind: 'acknowledged', ack, alerts: [alert({ annotations: { summary: 's', view: 'technical' } })] }), 'd-6')

      expect(seen[0]).toEqual({
        id: 'd-1',
        severity: 'critical',
        title: 'checkout latency 312 ms',
        body: 'HighLatency · critical · service=checkout, team=platform',
        route: '#/alerts?alert=HighLatency-checkout&ack=1',
        sound: true,
        ack: 'critical{alertname="HighLatency"}',
        ts: T0
      })
      expect(seen[1]).toMatchObject({ id: 'd-2', severity: 'warning', sound: false, route: '#/alerts?alert=HighLatency-checkout&ack=1' })
      // Good news has nothing to acknowledge: a click opens the alert's own view.
      expect(seen[2]).toMatchObject({ id: 'd-3', severity: 'info', title: 'Resolved: checkout latency 312 ms', sound: false, ack: null, route: '#/alerts?alert=HighLatency-checkout' })
      expect(seen[3]).toMatchObject({
        id: 'd-4',
        severity: 'critical',
        title: 'Still firing: 2 alerts firing: HighLatency',
        body: '• checkout latency 312 ms\n• payments latency 312 ms\nrepeat_interval 4h',
        sound: true
      })
      expect(seen[4]).toMatchObject({ id: 'd-5', severity: 'critical', sound: false })
      expect(seen[5]).toMatchObject({ id: 'd-6', severity: 'info', route: '#/technical', ack: null, body: expect.stringContaining('Acknowledged by ana') })
    })
  })

  describe('receiver settings', () => {
    it('refuses bad settings with messages that name the receiver and the setting, never a URL', () => {
      const d = deps()
      const bad = (config: unknown): (() => unknown) => () => createReceiver(config as ReceiverConfig, d)
      expect(bad({ id: 'x', kind: 'carrier-pigeon' })).toThrow('receiver "x": kind "carrier-pigeon" is not one of desktop, webhook, slack, pagerduty, email')
      expect(bad({ id: 'x', kind: 'webhook', url: 'ftp://host/with-token' })).toThrow('receiver "x": url must be an http or https URL, got ftp:')
      expect(bad({ id: 'x', kind: 'slack', webhook_url: 'not a url t0ken' })).toThrow(/^receiver "x": webhook_url is not a valid URL$/)
      expect(bad({ id: 'x', kind: 'desktop', timeout: 0 })).toThrow('receiver "x": timeout must be a positive number of milliseconds, got 0')
      expect(bad({ id: 'x', kind: 'desktop', send_resolved: 'no' })).toThrow('receiver "x": send_resolved must be true or false')
      expect(bad({ id: 'x', kind: 'pagerduty' })).toThrow('receiver "x" (pagerduty): routing_key must be a non-empty string')
      expect(bad({ id: 'x', kind: 'email', to: [], smtp: { host: 'h', port: 25 } })).toThrow('receiver "x" (email): to must list at least one address')
      expect(bad({ id: 'x', kind: 'email', to: ['a@b'], smtp: { host: 'h', port: 0 } })).toThrow(
        'receiver "x" (email): smtp.port must be a whole number from 1 to 65535, got 0'
      )
      expect(() =>
        createReceivers(
          [
            { id: 'a', kind: 'desktop' },
            { id: 'a', kind: 'desktop' }
          ],
          d
        )
      ).toThrow('receivers[1]: id "a" is used by an earlier receiver')
      expect([...createReceivers([{ id: 'a', kind: 'desktop' }, { id: 'b', kind: 'webhook', url: '${secret:hook}' }], d).keys()]).toEqual(['a', 'b'])
    })
  })
})
