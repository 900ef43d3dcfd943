// The notification outbox across kill -9: alerts fire while the webhook receiver (a real local
// HTTP server) resets connections or answers slowly, `vigil serve` is SIGKILLed mid-send and
// restarted, several times. The outbox promises at-least-once delivery with the same
// Idempotency-Key on every copy (src/main/store/outbox.ts, src/main/alerts/delivery/README.md), so:
// every alert group gets a firing notification answered 200, every outbox row ends delivered,
// and every delivered row's id reached the receiver. Repeats of one key are counted and printed.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freeLoopbackPort, httpCall, seededRandom, spawnServe, type ServeChild } from '../../src/main/cli/bench-crash'
import { buildCli, type BuiltCli } from './build-cli'

type Mode = 'reset' | 'slow' | 'ok'

interface Received {
  key: string
  status: string
  alertKeys: string[]
  answered: boolean
}

/** A webhook receiver whose behaviour the test switches: reset the connection, answer after 1.5 s, or answer at once. */
function startReceiver(): Promise<{ server: Server; port: number; received: Received[]; setMode(m: Mode): void }> {
  const received: Received[] = []
  let mode: Mode = 'ok'
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (d: string) => (body += d))
    req.on('end', () => {
      const payload = JSON.parse(body) as { status: string; alerts: { labels: Record<string, string> }[] }
      const entry: Received = { key: String(req.headers['idempotency-key']), status: payload.status, alertKeys: payload.alerts.map((a) => a.labels.key), answered: false }
      received.push(entry)
      const answer = (): void => {
        res.writeHead(200).end('ok', () => (entry.answered = true))
      }
      if (mode === 'reset') req.socket.destroy()
      else if (mode === 'slow') setTimeout(answer, 1500)
      else answer()
    })
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, received, setMode: (m) => (mode = m) }))
  })
}

const CYCLES = 5
const GROUPS_PER_CYCLE = 4
const SEED = Number(process.env.VIGIL_CRASH_SEED || Date.now() % 1_000_000)

describe('notification outbox across kill -9', () => {
  let cli: BuiltCli
  let dir: string
  let receiver: Awaited<ReturnType<typeof startReceiver>>
  let serve: ServeChild | null = null

  beforeAll(async () => {
    cli = await buildCli()
    dir = mkdtempSync(join(tmpdir(), 'vigil-outbox-crash-'))
    receiver = await startReceiver()
  })

  afterAll(async () => {
    await serve?.kill9()
    await new Promise((r) => receiver?.server.close(r))
    cli?.remove()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('delivers every notification at least once, with one key per notification, across kills', { timeout: 300_000 }, async () => {
    const dataDir = join(dir, 'data')
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(
      join(dataDir, 'vigil.yaml'),
      `version: 1
sources:
  - { id: push, kind: push }
alerting:
  evaluation_interval: 1s
  rules:
    - { name: CrashAlert, series: crash_alert, window: 1h, aggregate: last, condition: "> 0" }
  routes:
    - { group_by: [key], group_wait: 0s, receivers: [hook] }
  receivers:
    - { id: hook, kind: webhook, url: "http://127.0.0.1:${receiver.port}/hook", timeout: 5s }
`
    )
    const random = seededRandom(SEED)
    const port = await freeLoopbackPort()
    const keys: string[] = []
    const modes: Mode[] = ['reset', 'slow', 'slow', 'reset', 'slow']
    serve = (await spawnServe(cli.cliPath, dataDir, port, 30_000)).serve
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      receiver.setMode(modes[cycle])
      const lines: string[] = []
      for (let g = 0; g < GROUPS_PER_CYCLE; g++) {
        keys.push(`c${cycle}g${g}`)
        lines.push(`crash_alert,key=c${cycle}g${g} value=1`)
      }
      const w = await httpCall(port, 'POST', '/api/write', lines.join('\n'))
      expect(w.status).toBe(204)
      // Long enough for rules to fire and sends to start (1 s evaluation), short enough to cut them.
      await new Promise((r) => setTimeout(r, 1200 + random() * 1800))
      await serve.kill9()
      serve = (await spawnServe(cli.cliPath, dataDir, port, 30_000)).serve
    }

    receiver.setMode('ok')
    // Retries back off 5 s, 10 s, 20 s … (±20 %): wait for every row to be final.
    type LogEntry = { id: string; state: string; groupKey: string; kind: string; attempts: number }
    let log: LogEntry[] = []
    const deadline = Date.now() + 150_000
    for (;;) {
      const r = await httpCall(port, 'GET', '/api/notifications?limit=5000')
      expect(r.status).toBe(200)
      log = JSON.parse(r.text) as LogEntry[]
      const done = log.length > 0 && log.every((e) => e.state === 'delivered' || e.state === 'failed')
      const everyKeyFired = keys.every((k) => receiver.received.some((x) => x.answered && x.status === 'firing' && x.alertKeys.includes(k)))
      if ((done && everyKeyFired) || Date.now() > deadline) break
      await new Promise((r) => setTimeout(r, 500))
    }

    const answeredKeys = new Set(receiver.received.filter((x) => x.answered).map((x) => x.key))
    const copies = new Map<string, number>()
    for (const x of receiver.received.filter((x) => x.answered)) copies.set(x.key, (copies.get(x.key) ?? 0) + 1)
    const repeated = [...copies.values()].filter((n) => n > 1).length
    console.log(
      `outbox across ${CYCLES} kills (seed ${SEED}): ${log.length} notifications, ${receiver.received.length} requests received ` +
        `(${receiver.received.filter((x) => !x.answered).length} cut or reset), ${answeredKeys.size} distinct keys answered, ${repeated} delivered more than once; ` +
        `attempts: ${log.map((e) => e.attempts).join(',')}`
    )
    for (const k of keys) {
      expect(
        receiver.received.some((x) => x.answered && x.status === 'firing' && x.alertKeys.includes(k)),
        `alert group key=${k} never got a firing notification`
      ).toBe(true)
    }
    for (const e of log) {
      expect(e.state, `notification ${e.id} (${e.kind} ${e.groupKey})`).toBe('delivered')
      expect(answeredKeys.has(e.id), `notification ${e.id} is marked delivered but the receiver never answered it`).toBe(true)
    }
    // Every key the receiver answered is a notification the outbox knows (no copies under new keys).
    const known = new Set(log.map((e) => e.id))
    for (const key of answeredKeys) expect(known.has(key), `receiver got unknown key ${key}`).toBe(true)
  })
})
