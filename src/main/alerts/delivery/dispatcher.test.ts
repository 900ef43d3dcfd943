// The dispatcher over a real DuckDB outbox and real local receivers: record-before-send,
// retries with backoff, permanent failures, isolation between receivers, and recovery after a
// restart with exactly-once delivery by dedup key. Time is stepped through an injected clock.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { NotificationEvent } from '@shared/types'
import { expandSecrets } from '../../config/secrets'
import { EventBus } from '../../engine/event-bus'
import { openStore } from '../../store/duckdb-store'
import type { DuckDBStore } from '../../store/duckdb-store'
import { LONG_RETENTION, tempDir } from '../../store/test-support'
import { Dispatcher } from './dispatcher'
import type { DispatcherOptions } from './dispatcher'
import type { DeliveryIntent } from './intent'
import type { ReceiverConfig } from './receiver-config'
import { createReceivers } from './receivers/create-receiver'
import { alert, intent, resolved, T0 } from './testing/intents'
import { closedPort, startHttpCapture } from './testing/http-capture'
import type { HttpCapture } from './testing/http-capture'
import { startSmtpCapture } from './testing/smtp-capture'

const SECRETS: Record<string, string> = { 'hook-token': 'tok-9f8e7d6c5b4a', 'pd-cto': 'PDROUTINGKEY00000000000000000001' }

/** Polls `check` until it passes (at most `limitMs`); for waiting on background work, not for timing. */
async function eventually(check: () => Promise<void> | void, limitMs = 15_000): Promise<void> {
  const deadline = Date.now() + limitMs
  for (;;) {
    try {
      await check()
      return
    } catch (err) {
      if (Date.now() > deadline) throw err
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }
}

/** Enqueues and returns the id, failing when the notification was skipped. */
async function record(d: Dispatcher, n: DeliveryIntent): Promise<{ id: string; inserted: boolean }> {
  const r = await d.enqueue(n)
  if (r.id === null) throw new Error(`skipped: ${r.skipped}`)
  return { id: r.id, inserted: r.inserted }
}

describe('notification dispatcher', () => {
  let tmp: ReturnType<typeof tempDir>
  let file: string
  let now: number
  const logs: string[] = []
  const cleanups: (() => Promise<void>)[] = []
  let bus: EventBus

  const open = async (): Promise<DuckDBStore> => {
    const store = await openStore({ path: file, retention: LONG_RETENTION, threads: 1 })
    cleanups.push(() => store.close())
    return store
  }
  const http = async (opts: { defaultStatus?: number; port?: number } = {}): Promise<HttpCapture> => {
    const s = await startHttpCapture(opts)
    cleanups.push(() => s.close())
    return s
  }
  const dispatcher = (store: DuckDBStore, receivers: ReceiverConfig[], over: Partial<DispatcherOptions> = {}): Dispatcher => {
    const d = new Dispatcher({
      outbox: store.outbox,
      receivers: createReceivers(receivers, {
        bus,
        expandSecrets: (text) => expandSecrets(text, (name) => SECRETS[name]),
        timeoutMs: 5000,
        externalUrl: 'http://vigil.test'
      }),
      now: () => now,
      random: () => 0.5,
      log: (m) => logs.push(m),
      ...over
    })
    cleanups.push(() => d.stop())
    return d
  }

  beforeEach(() => {
    tmp = tempDir('dispatch')
    file = join(tmp.dir, 'vigil.duckdb')
    now = T0
    logs.length = 0
    bus = new EventBus()
  })
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c()
    tmp.cleanup()
  })

  it('records a notification before sending it, ignores a repeated intent and delivers it once', async () => {
    const server = await http()
    const store = await open()
    const d = dispatcher(store, [{ id: 'noc', kind: 'webhook', url: `${server.url}/hook` }])
    const first = await record(d, intent('noc'))
    expect(first.inserted).toBe(true)
    // Recorded, not yet sent.
    expect(server.requests).toHaveLength(0)
    expect(await d.notificationLog()).toEqual([
      {
        id: first.id,
        notificationKey: 'vigil-episode1-noc-0',
        receiver: 'noc',
        receiverKind: 'webhook',
        groupKey: 'critical{alertname="HighLatency"}',
        kind: 'firing',
        level: 0,
        summary: '[FIRING:1] HighLatency (checkout critical platform)',
        state: 'pending',
        attempts: 0,
        lastError: null,
        createdAt: T0,
        updatedAt: T0,
        nextAttemptAt: T0,
        deliveredAt: null
      }
    ])
    expect(await record(d, intent('noc'))).toEqual({ id: first.id, inserted: false })

    now = T0 + 10
    expect(await d.runDue()).toEqual({ delivered: 1, retrying: 0, failed: 0, interrupted: 0, unrecorded: 0 })
    expect(await d.runDue()).toEqual({ delivered: 0, retrying: 0, failed: 0, interrupted: 0, unrecorded: 0 })
    expect(server.requests).toHaveLength(1)
    expect(server.requests[0].headers['idempotency-key']).toBe(first.id)
    expect(await d.notification(first.id)).toMatchObject({ state: 'delivered', attempts: 1, deliveredAt: T0 + 10, nextAttemptAt: null, lastError: null })
  })

  it('retries after a 500 with backoff and delivers once the receiver recovers', async () => {
    const server = await http()
    server.script({ status: 500, body: 'upstream unavailable' })
    const store = await open()
    const d = dispatcher(store, [{ id: 'noc', kind: 'webhook', url: `${server.url}/hook` }])
    const { id } = await record(d, intent('noc'))

    expect((await d.runDue()).retrying).toBe(1)
    expect(await d.notification(id)).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: T0 + 5000 })
    expect((await d.notification(id))?.lastError).toContain('HTTP 500 Internal Server Error: upstream unavailable')
    now = T0 + 4999
    expect((await d.runDue()).delivered).toBe(0)
    expect(server.requests).toHaveLength(1)

    now = T0 + 5000
    expect((await d.runDue()).delivered).toBe(1)
    expect(server.requests.map((r) => r.status)).toEqual([500, 200])
    expect(new Set(server.requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set([id]))
    expect(await d.notification(id)).toMatchObject({ state: 'delivered', attempts: 2, lastError: null, deliveredAt: T0 + 5000 })
    expect(logs).toEqual([expect.stringMatching(/^notification \w+ \("\[FIRING:1\] HighLatency.*"\) to receiver "noc" failed \(attempt 1\), retrying in 5 s: /)])
  })

  it('keeps retrying an unreachable receiver with growing delays, and delivers when it comes up', async () => {
    const port = await closedPort()
    const store = await open()
    const d = dispatcher(store, [{ id: 'noc', kind: 'webhook', url: `http://127.0.0.1:${port}/hook` }])
    const { id } = await record(d, intent('noc'))
    const delays: number[] = []
    for (let i = 0; i < 5; i++) {
      expect((await d.runDue()).retrying).toBe(1)
      const entry = await d.notification(id)
      expect(entry?.lastError).toMatch(/cannot reach it: ECONNREFUSED/)
      delays.push((entry?.nextAttemptAt as number) - now)
      now = entry?.nextAttemptAt as number
    }
    expect(delays).toEqual([5_000, 10_000, 20_000, 40_000, 80_000])

    const server = await http({ port })
    expect((await d.runDue()).delivered).toBe(1)
    expect(server.requests).toHaveLength(1)
    expect(await d.notification(id)).toMatchObject({ state: 'delivered', attempts: 6 })
  })

  it('records a 400 as a permanent failure and never sends it again', async () => {
    const server = await http()
    server.script({ status: 400, body: 'unknown field' })
    const store = await open()
    const d = dispatcher(store, [{ id: 'noc', kind: 'webhook', url: `${server.url}/hook` }])
    const { id } = await record(d, intent('noc'))
    expect((await d.runDue()).failed).toBe(1)
    now = T0 + 86_400_000
    expect((await d.runDue()).failed).toBe(0)
    expect(server.requests).toHaveLength(1)
    const entry = await d.notification(id)
    expect(entry).toMatchObject({ state: 'failed', attempts: 1, nextAttemptAt: null, deliveredAt: null })
    expect(entry?.lastError).toBe(`webhook "noc" (${server.url}/hook): HTTP 400 Bad Request: unknown field (rejected; not retried)`)
    expect((await d.notificationLog({ state: 'failed' })).map((e) => e.id)).toEqual([id])
    expect(logs[0]).toContain('failed for good (attempt 1)')
  })

  it('gives up on a notification that keeps failing past giveUpAfterMs', async () => {
    const port = await closedPort()
    const store = await open()
    const d = dispatcher(store, [{ id: 'noc', kind: 'webhook', url: `http://127.0.0.1:${port}/hook` }], { giveUpAfterMs: 30_000 })
    const { id } = await record(d, intent('noc'))
    for (let i = 0; i < 10 && (await d.notification(id))?.state === 'pending'; i++) {
      now = ((await d.notification(id))?.nextAttemptAt as number) ?? now
      await d.runDue()
    }
    const entry = await d.notification(id)
    expect(entry).toMatchObject({ state: 'failed', attempts: 4 })
    expect(entry?.lastError).toMatch(/^gave up after 4 attempts over 35 s: webhook "noc" .*ECONNREFUSED/)
  })

  it('a receiver that hangs never holds up the others', async () => {
    const slow = await http()
    const fast = await http()
    slow.script('hold')
    const store = await open()
    const d = dispatcher(
      store,
      [
        { id: 'slow', kind: 'webhook', url: `${slow.url}/hook` },
        { id: 'fast', kind: 'webhook', url: `${fast.url}/hook` }
      ],
      { concurrency: 2, perReceiverConcurrency: 1 }
    )
    for (let i = 0; i < 3; i++) {
      await record(d, intent('slow', { id: `s${i}`, groupKey: `g${i}` }))
      await record(d, intent('fast', { id: `f${i}`, groupKey: `g${i}` }))
    }
    const run = d.runDue()
    await fast.waitForRequests(3)
    await slow.waitForRequests(1)
    // All three fast notifications went through while the first slow one is still unanswered.
    expect(fast.requests.map((r) => r.status)).toEqual([200, 200, 200])
    expect(slow.requests).toHaveLength(1)
    expect(slow.requests[0].status).toBeNull()
    slow.release(200)
    expect(await run).toEqual({ delivered: 6, retrying: 0, failed: 0, interrupted: 0, unrecorded: 0 })
    expect(slow.requests).toHaveLength(3)
  })

  it("sends one receiver's notifications of a group in order: resolve waits for the trigger's retry", async () => {
    const pd = await http({ defaultStatus: 202 })
    pd.script({ status: 503 })
    const store = await open()
    const d = dispatcher(store, [{ id: 'pd', kind: 'pagerduty', routing_key: '${secret:pd-cto}', url: `${pd.url}/v2/enqueue` }])
    await record(d, intent('pd', { id: 'trigger' }))
    expect((await d.runDue()).retrying).toBe(1)
    now = T0 + 1000
    await record(d, intent('pd', { id: 'resolve', kind: 'resolved', at: now, alerts: [resolved(alert(), now)] }))
    expect(await d.runDue()).toMatchObject({ delivered: 0 })
    now = T0 + 5000
    expect((await d.runDue()).delivered).toBe(2)
    const events = pd.requests.map((r) => r.json as { event_action: string; dedup_key: string })
    expect(events.map((e) => e.event_action)).toEqual(['trigger', 'trigger', 'resolve'])
    expect(new Set(events.map((e) => e.dedup_key))).toEqual(new Set(['vigil-episode1-pd']))
  })

  it('after a restart mid-retry, delivers with the same dedup key: exactly one accepted per intent', async () => {
    const pd = await http({ defaultStatus: 202 })
    pd.script({ status: 500 }, { status: 500 })
    const receivers: ReceiverConfig[] = [{ id: 'pd', kind: 'pagerduty', routing_key: '${secret:pd-cto}', url: `${pd.url}/v2/enqueue` }]
    let store = await open()
    let d = dispatcher(store, receivers)
    const ids: string[] = []
    for (const group of ['checkout', 'payments']) {
      const n = intent('pd', { id: `${group}-0`, dedupKey: `vigil-${group}-episode`, groupKey: `critical{service="${group}"}`, alerts: [alert({}, group)] })
      ids.push((await record(d, n)).id)
    }
    expect((await d.runDue()).retrying).toBe(2)
    await d.stop()
    await store.close()

    // A new process: new store on the same file, new receivers, new dispatcher, running in the background.
    now = T0 + 60_000
    store = await open()
    d = dispatcher(store, receivers)
    await d.start()
    await eventually(async () => expect((await d.notificationLog({ state: 'delivered' })).map((e) => e.id).sort()).toEqual([...ids].sort()))
    await d.stop()

    const seen = pd.requests.map((r) => ({ status: r.status, dedup: (r.json as { dedup_key: string }).dedup_key, key: r.headers['idempotency-key'] }))
    expect(seen).toHaveLength(4)
    expect(seen.filter((s) => s.status === 500)).toHaveLength(2)
    // Every attempt of an intent carried that intent's keys; PagerDuty accepted each intent exactly once.
    for (const [i, group] of ['checkout', 'payments'].entries()) {
      const attempts = seen.filter((s) => s.key === ids[i])
      expect(attempts.map((s) => s.dedup)).toEqual([`vigil-${group}-episode`, `vigil-${group}-episode`])
      expect(attempts.map((s) => s.status)).toEqual([500, 202])
    }
    const accepted = seen.filter((s) => s.status === 202)
    expect(new Set(accepted.map((s) => s.dedup)).size).toBe(accepted.length)
    for (const id of ids) expect(await d.notification(id)).toMatchObject({ state: 'delivered', attempts: 2 })
  })

  it('after a stop during a send, sends it again with the same key and it is delivered once', async () => {
    const server = await http()
    server.script('hold')
    let store = await open()
    let d = dispatcher(store, [{ id: 'noc', kind: 'webhook', url: `${server.url}/hook` }], { stopGraceMs: 0 })
    const { id } = await record(d, intent('noc'))
    const run = d.runDue()
    await server.waitForRequests(1)
    await d.stop()
    expect((await run).interrupted).toBe(1)
    expect(await d.notification(id)).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: now })
    expect((await d.notification(id))?.lastError).toMatch(/^interrupted by shutdown during attempt 1/)
    await store.close()

    store = await open()
    d = dispatcher(store, [{ id: 'noc', kind: 'webhook', url: `${server.url}/hook` }])
    await d.recover()
    expect((await d.runDue()).delivered).toBe(1)
    expect(server.requests.map((r) => [r.headers['idempotency-key'], r.status])).toEqual([
      [id, null],
      [id, 200]
    ])
    expect(server.requests.filter((r) => r.status === 200)).toHaveLength(1)
  })

  it('after a crash that left a row in "sending", recovers it at start and delivers it', async () => {
    const server = await http()
    let store = await open()
    let d = dispatcher(store, [{ id: 'noc', kind: 'webhook', url: `${server.url}/hook` }])
    const { id } = await record(d, intent('noc'))
    // The process claims the row and dies before the receiver answers.
    expect((await store.outbox.claimDue(now, 10)).map((r) => r.id)).toEqual([id])
    await store.close()

    store = await open()
    expect(await store.outbox.get(id)).toMatchObject({ state: 'sending', attempts: 1 })
    d = dispatcher(store, [{ id: 'noc', kind: 'webhook', url: `${server.url}/hook` }])
    await d.start()
    await eventually(async () => expect((await d.notification(id))?.state).toBe('delivered'))
    expect(logs).toContain('notifications: 1 interrupted by the last shutdown will be sent again (same dedup keys)')
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual([id])
    expect(await d.notification(id)).toMatchObject({ attempts: 2 })
  })

  it('delivers e-mail and desktop notices carrying the notification id', async () => {
    const smtp = await startSmtpCapture()
    cleanups.push(() => smtp.close())
    const notices: NotificationEvent[] = []
    bus.on('notification', (e) => notices.push(e))
    const store = await open()
    const d = dispatcher(store, [
      { id: 'desktop', kind: 'desktop', sound: true },
      { id: 'exec-email', kind: 'email', to: ['cto@example.com'], smtp: { host: '127.0.0.1', port: smtp.port } }
    ])
    const mail = await record(d, intent('exec-email', { kind: 'escalated', level: 1, reason: 'escalation level 1 after 15m' }))
    const desk = await record(d, intent('desktop'))
    expect((await d.runDue()).delivered).toBe(2)
    expect(smtp.mails).toHaveLength(1)
    expect(smtp.mails[0].subject).toBe('[FIRING:1] HighLatency (checkout critical platform) - escalated to level 1')
    expect(smtp.mails[0].headers.get('message-id')).toBe(`<${mail.id}@vigil.alerts>`)
    expect(smtp.mails[0].text).toContain('Reason: escalation level 1 after 15m')
    expect(notices).toEqual([expect.objectContaining({ id: desk.id, title: 'checkout latency 312 ms', severity: 'critical', sound: true })])
  })

  it('records a notification for an unknown receiver as failed, and refuses a malformed intent', async () => {
    const store = await open()
    const d = dispatcher(store, [{ id: 'desktop', kind: 'desktop' }])
    const { id } = await record(d, intent('gone'))
    expect((await d.runDue()).failed).toBe(1)
    expect(await d.notification(id)).toMatchObject({ state: 'failed', receiverKind: null, lastError: 'receiver "gone" is not configured (any more); not sent' })
    const bad = { ...intent('desktop'), alerts: [{ ...alert(), severity: 'fatal' }] } as unknown as Parameters<Dispatcher['enqueue']>[0]
    await expect(d.enqueue(bad)).rejects.toThrow(
      'notification intent for receiver "desktop": alerts[0].severity is "fatal", expected critical, warning, info'
    )
    await expect(d.enqueue({ ...intent('desktop'), alerts: [] })).rejects.toThrow('notification intent for receiver "desktop": alerts must be a non-empty list')
    expect((await d.notificationLog()).map((e) => e.id)).toEqual([id])
  })

  it('leaves resolved alerts out for a receiver with send_resolved: false', async () => {
    const server = await http()
    const store = await open()
    const d = dispatcher(store, [{ id: 'noc', kind: 'webhook', url: `${server.url}/hook`, send_resolved: false }])
    const end = T0 + 60_000
    expect(await d.enqueue(intent('noc', { id: 'closing', kind: 'resolved', alerts: [resolved(alert(), end)] }))).toEqual({
      id: null,
      inserted: false,
      skipped: 'receiver "noc" has send_resolved: false'
    })
    await record(d, intent('noc', { id: 'partly', alerts: [alert(), resolved(alert({}, 'payments'), end)] }))
    expect((await d.runDue()).delivered).toBe(1)
    const body = server.requests[0].json as { alerts: { labels: { service: string } }[] }
    expect(body.alerts.map((a) => a.labels.service)).toEqual(['checkout'])
    expect(await d.notificationLog()).toHaveLength(1)
  })

  it('keeps secret values out of the stored errors and the log', async () => {
    const server = await http()
    server.script({ status: 502, body: 'proxy error for /hook?token=tok-9f8e7d6c5b4a' })
    const store = await open()
    const d = dispatcher(store, [{ id: 'noc', kind: 'webhook', url: `${server.url}/hook?token=\${secret:hook-token}` }])
    const { id } = await record(d, intent('noc'))
    await d.runDue()
    const entry = await d.notification(id)
    expect(entry?.lastError).toBe(`webhook "noc" (${server.url}/…): HTTP 502 Bad Gateway: proxy error for /hook?token=***`)
    expect(logs.join('\n')).not.toContain('tok-9f8e7d6c5b4a')
    expect(JSON.stringify(await d.notificationLog())).not.toContain('tok-9f8e7d6c5b4a')
  })

  it('runs in the background on the real clock, and prunes old log entries at start', async () => {
    const server = await http()
    let store = await open()
    let d = dispatcher(store, [{ id: 'noc', kind: 'webhook', url: `${server.url}/hook` }])
    const old = await record(d, intent('noc', { id: 'old' }))
    await d.runDue()
    expect(await d.notification(old.id)).toMatchObject({ state: 'delivered' })
    await d.stop()
    await store.close()

    store = await open()
    d = dispatcher(store, [{ id: 'noc', kind: 'webhook', url: `${server.url}/hook` }], { now: Date.now, keepLogMs: 86_400_000 })
    await d.start()
    expect(await d.notification(old.id)).toBeNull()
    const fresh = await record(d, intent('noc', { id: 'fresh', at: Date.now() }))
    await eventually(async () => expect((await d.notification(fresh.id))?.state).toBe('delivered'))
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual([old.id, fresh.id])
  })
})
