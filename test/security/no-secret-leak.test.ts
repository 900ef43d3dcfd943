// No secret value ever leaves its place. A random canary is the value of ${secret:canary}, kept in a
// real OS keychain (a private gnome-keyring Secret Service) and referenced from an http-json
// source (URL and header), a PostgreSQL source's password, a webhook receiver (URL and header) and
// an SMTP password; a second canary comes from VIGIL_SECRET_ENV_CANARY. The real engine and HTTP
// server run while the secret is missing, then wrong (a decoy value, set through the secrets
// API: auth rejected by servers that echo what they got), then right (everything succeeds). An
// archive is exported, every read API is called (live, and on the archive in review mode), then
// the canary, the decoy and their URL/base64 forms are searched for in the config file, the DuckDB
// file (raw bytes after checkpoint, and every table as text), all output, the archive bytes, every
// response body, event and error. Needs dbus-run-session + gnome-keyring and PostgreSQL (skipped
// with a reason where missing; a failure when CI is set).
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DuckDBInstance } from '@duckdb/node-api'
import { eventNames, requestNames } from '@shared/api-names'
import type { NotificationLogItem } from '@shared/alerts'
import type { SourceHealth } from '@shared/types'
import { SecretStore } from '../../src/main/config/secrets-store'
import { startEngine, type LiveEngine } from '../../src/main/engine/start-engine'
import { startArchiveEngine } from '../../src/main/engine/start-archive-engine'
import type { Engine } from '../../src/main/engine/types'
import { secretServiceUnavailable, startPrivateSecretService, type PrivateSecretService } from '../../src/main/keychain/private-secret-service'
import { buildHttpApp } from '../../src/main/server/http-server'
import { AuditLog } from '../../src/main/audit/audit-log'
import { hasPrograms } from '../helpers/system-program'
import { postgresPrograms, startPostgres, type RunningPostgres } from '../helpers/postgres'
import { until } from '../helpers/until'

const CANARY = `cnry${randomBytes(16).toString('hex')}`
const DECOY = `dcoy${randomBytes(16).toString('hex')}`
const ENV_CANARY = `envc${randomBytes(16).toString('hex')}`
const SPARE = `spar${randomBytes(16).toString('hex')}`
const TOKEN = `tok-${randomBytes(12).toString('hex')}`
const AUTH = { authorization: `Bearer ${TOKEN}` }

const keychainMissing = secretServiceUnavailable()
if (keychainMissing) {
  if (process.env.CI) throw new Error(`the no-secret-leak test cannot run: ${keychainMissing}`)
  console.warn(`SKIPPED: no-secret-leak: ${keychainMissing}`)
}
const ready = !keychainMissing && hasPrograms('no-secret-leak', postgresPrograms(), 'apt-get install postgresql')

/** Every form in which a value could be written out: as is, URL-encoded, base64 (any alignment, as inside an AUTH PLAIN blob), hex. */
function leakForms(value: string): string[] {
  const forms = new Set([value, encodeURIComponent(value), Buffer.from(value).toString('hex')])
  for (const pad of ['', 'x', 'xy']) {
    const b64 = Buffer.from(pad + value).toString('base64')
    // Drop the characters that depend on the bytes around the value.
    const core = b64.slice(pad.length === 0 ? 0 : 4, -4)
    forms.add(core)
    forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  return [...forms]
}

const FORBIDDEN = [CANARY, DECOY, ENV_CANARY, SPARE].flatMap((v) => leakForms(v).map((form) => ({ value: v.slice(0, 4), form })))

/** Where each captured text came from, for the failure message. */
const captured: { where: string; text: string }[] = []
const capture = (where: string, text: unknown): void => {
  captured.push({ where, text: typeof text === 'string' ? text : JSON.stringify(text) ?? String(text) })
}

function leaksIn(where: string, data: Buffer | string): string[] {
  const hay = typeof data === 'string' ? data : data.toString('latin1')
  return FORBIDDEN.filter((f) => hay.includes(f.form)).map((f) => `${where}: the ${f.value}… value (as ${JSON.stringify(f.form.slice(0, 12))}…)`)
}


/** A local HTTP server that accepts only when `ok(req)` holds and `accepting` is on; otherwise it answers `status` echoing what it got (a hostile echo). */
async function echoServer(ok: (req: IncomingMessage) => boolean, success: string): Promise<{ server: Server; port: number }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      if (ok(req)) return void res.writeHead(200, { 'content-type': 'application/json' }).end(success)
      const echo = JSON.stringify({ error: 'rejected', url: req.url, headers: req.headers, body: body.slice(0, 200) })
      res.writeHead(req.url?.startsWith('/hook') ? 500 : 401, { 'content-type': 'application/json', 'x-echo': String(req.headers.authorization ?? '') }).end(echo)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, port: (server.address() as AddressInfo).port }
}

let tmp = ''
let keychain: PrivateSecretService | null = null
let postgres: RunningPostgres | null = null
const closers: (() => Promise<unknown> | unknown)[] = []
const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS
const savedEnv = process.env.VIGIL_SECRET_ENV_CANARY

beforeAll(async () => {
  if (!ready) return
  tmp = mkdtempSync(join(tmpdir(), 'vigil-leak-'))
  keychain = await startPrivateSecretService(join(tmp, 'home'))
  // Before anything in this process touches the keychain (libdbus reads the address once).
  process.env.DBUS_SESSION_BUS_ADDRESS = keychain.bus
  process.env.VIGIL_SECRET_ENV_CANARY = ENV_CANARY
  postgres = await startPostgres()
  const admin = new pg.Client({ connectionString: postgres.url })
  await admin.connect()
  await admin.query(`CREATE ROLE leak_user LOGIN PASSWORD '${CANARY}'`)
  await admin.end()
}, 180_000)

afterAll(async () => {
  for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => undefined)
  await postgres?.stop()
  await keychain?.stop()
  if (savedBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBus
  if (savedEnv === undefined) delete process.env.VIGIL_SECRET_ENV_CANARY
  else process.env.VIGIL_SECRET_ENV_CANARY = savedEnv
  if (tmp) rmSync(tmp, { recursive: true, force: true })
}, 60_000)

describe('no secret value leaks', () => {
  it('keeps the canary out of the config, the database, output, archives, API answers, events and errors', async (ctx) => {
    if (!ready) return ctx.skip()
    // Output of the whole process while the engine runs.
    const restore: (() => void)[] = []
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream)
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        capture('process output', String(chunk))
        return (write as (...a: unknown[]) => boolean)(chunk, ...rest)
      }) as typeof stream.write
      restore.push(() => (stream.write = write as typeof stream.write))
    }
    for (const level of ['log', 'error', 'warn', 'info', 'debug'] as const) {
      const original = console[level]
      console[level] = (...args: unknown[]) => {
        capture(`console.${level}`, args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '))
        original(...args)
      }
      restore.push(() => (console[level] = original))
    }
    closers.push(() => restore.forEach((r) => r()))

    const api = await echoServer((req) => req.headers.authorization === `Bearer ${CANARY}` && req.url === `/data?key=${CANARY}` && req.headers['x-env'] === ENV_CANARY, '{"value":5}')
    const hook = await echoServer((req) => req.url === `/hook/${CANARY}` && req.headers['x-token'] === CANARY, '{}')
    closers.push(() => api.server.close(), () => hook.server.close())
    const mails: string[] = []
    const smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        // A hostile server: the refusal quotes the password it was sent.
        if (auth.password === CANARY) callback(null, { user: auth.username })
        else callback(Object.assign(new Error(`Invalid password ${auth.password ?? ''}`), { responseCode: 535 }))
      },
      onData(stream, _session, callback) {
        let raw = ''
        stream.on('data', (c: Buffer) => (raw += c.toString()))
        stream.on('end', () => {
          mails.push(raw)
          callback()
        })
      }
    })
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
    closers.push(() => new Promise<void>((resolve) => smtp.close(() => resolve())))
    const smtpPort = (smtp.server.address() as AddressInfo).port
    const pgUrl = new URL(postgres!.url)

    const dataDir = join(tmp, 'data')
    const configPath = join(tmp, 'vigil.yaml')
    writeFileSync(
      configPath,
      `version: 1
storage: { flush_interval: 20ms }
sources:
  - { id: push, kind: push }
  - id: crm
    kind: http-json
    url: "http://127.0.0.1:${api.port}/data?key=\${secret:canary}"
    interval: 300ms
    timeout: 2s
    headers: { Authorization: "Bearer \${secret:canary}", X-Env: "\${secret:env_canary}" }
    metrics: [{ series: crm_value, path: $.value }]
  - id: wh
    kind: sql
    connection: "postgres://leak_user:\${secret:canary}@127.0.0.1:${pgUrl.port}/postgres"
    query: "SELECT now() AS ts, 7 AS sql_value"
    columns: [sql_value]
    interval: 300ms
    timeout: 3s
alerting:
  evaluation_interval: 1s
  rules:
    - { name: ProbeHigh, series: probe_value, window: 10m, aggregate: last, condition: "> 10", for: 0s, severity: critical }
  routes:
    - { name: noc, group_by: [alertname, probe], group_wait: 0s, receivers: [hook, mail] }
  receivers:
    - id: hook
      kind: webhook
      url: "http://127.0.0.1:${hook.port}/hook/\${secret:canary}"
      headers: { X-Token: "\${secret:canary}", X-Env: "\${secret:env_canary}" }
    - id: mail
      kind: email
      to: [cto@example.com]
      smtp: { host: 127.0.0.1, port: ${smtpPort}, username: vigil, password: "\${secret:canary}" }
`
    )
    const configBefore = readFileSync(configPath, 'utf8')

    const secrets = new SecretStore({ notice: (line) => capture('secret store notice', line) })
    expect(secrets.keychainUnavailable()).toBeNull()
    const engine: LiveEngine = (await startEngine({
      dataDir,
      configPath,
      version: '0.0.0-leak',
      secrets,
      log: (m) => capture('engine log', m),
      alerting: { tickIntervalMs: 100, backoff: { initialMs: 200, maxMs: 400, factor: 2, jitter: 0 } }
    })) as LiveEngine
    let engineStopped = false
    closers.push(() => (engineStopped ? undefined : engine.stop()))
    for (const name of eventNames) engine.bus.on(name, (payload) => capture(`event ${name}`, payload))

    // The server registers the secret routes of a live engine itself, admin-only, each change audited.
    const audit = await AuditLog.openInDataDir(dataDir)
    closers.push(() => audit.close())
    const app = await buildHttpApp({ engine, host: '127.0.0.1', port: 0, token: TOKEN, staticDir: null, version: '0.0.0-leak', audit })
    await app.listen({ host: '127.0.0.1', port: 0 })
    closers.push(() => app.close())
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: body === undefined ? AUTH : { ...AUTH, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
      })
      const text = await res.text()
      capture(`${method} ${path} → ${res.status}`, text)
      for (const [k, v] of res.headers) capture(`${method} ${path} header ${k}`, v)
      return { status: res.status, text }
    }
    const health = async (): Promise<SourceHealth[]> => JSON.parse((await call('GET', '/api/health')).text).sources as SourceHealth[]
    const notifications = async (): Promise<NotificationLogItem[]> => JSON.parse((await call('GET', '/api/notifications?limit=100')).text) as NotificationLogItem[]
    const push = (probe: string): Promise<unknown> => engine.push([{ name: 'probe_value', labels: { probe }, ts: Date.now(), value: 42 }])

    // 1. Not set anywhere: the errors name the secret and both places to set it.
    await push('missing')
    const missing = await until('the missing secret reported', async () => (await health()).find((s) => s.id === 'crm' && s.lastError?.includes('secret "canary" is not set')))
    expect(missing.lastError).toContain('vigil secret set canary')
    expect(missing.lastError).toContain('VIGIL_SECRET_CANARY')
    await until('a failed delivery for the missing secret', async () => (await notifications()).some((n) => n.lastError?.includes('secret "canary" is not set')))
    const listed = JSON.parse((await call('GET', '/api/secrets')).text) as { secrets: { name: string; from: string | null }[] }
    expect(listed.secrets).toEqual([
      { name: 'canary', referenced: true, from: null },
      { name: 'env_canary', referenced: true, from: 'env' }
    ])

    // 2. A wrong value through the API: the sources restart at once; every server refuses, echoing what it got.
    expect((await call('PUT', '/api/secrets/canary', { value: DECOY })).status).toBe(200)
    await push('decoy')
    await until('the decoy refused by the API and PostgreSQL', async () => {
      const h = await health()
      return h.find((s) => s.id === 'crm')?.lastError?.includes('401') && h.find((s) => s.id === 'wh')?.lastError?.includes('password authentication failed')
    })
    await until('webhook and SMTP refusals', async () => {
      const log = await notifications()
      return log.some((n) => n.receiver === 'hook' && /500/.test(n.lastError ?? '')) && log.some((n) => n.receiver === 'mail' && /535|auth/i.test(n.lastError ?? ''))
    })

    // 3. The right value: everything succeeds.
    expect((await call('PUT', '/api/secrets/canary', { value: CANARY })).status).toBe(200)
    await push('right')
    await until('both sources healthy with data', async () => {
      const h = await health()
      return ['crm', 'wh'].every((id) => h.find((s) => s.id === id)?.state === 'ok' && (h.find((s) => s.id === id)?.samples ?? 0) > 0)
    })
    await until('webhook and mail delivered', async () => {
      const log = await notifications()
      return ['hook', 'mail'].every((r) => log.some((n) => n.receiver === r && n.state === 'delivered'))
    })
    expect(mails.length).toBeGreaterThan(0)

    // A second secret set and deleted; a bad body is refused without quoting it.
    expect((await call('PUT', '/api/secrets/spare', { value: SPARE })).status).toBe(200)
    expect(JSON.parse((await call('GET', '/api/secrets')).text).secrets).toContainEqual({ name: 'spare', referenced: false, from: 'keychain' })
    expect((await call('DELETE', '/api/secrets/spare')).status).toBe(200)
    const badJson = await fetch(`${base}/api/secrets/spare`, { method: 'PUT', headers: { ...AUTH, 'content-type': 'application/json' }, body: `{"value": ${SPARE}}` })
    capture('bad JSON PUT', await badJson.text())
    expect(badJson.status).toBe(400)
    const changes = readFileSync(join(dataDir, 'audit.log'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('"secret.'))
      .map((line) => JSON.parse(line) as { action: string; target: string; actor: { role: string } })
      .map((e) => ({ action: e.action, name: e.target, role: e.actor.role }))
    expect(changes).toEqual([
      { action: 'secret.set', name: 'canary', role: 'admin' },
      { action: 'secret.set', name: 'canary', role: 'admin' },
      { action: 'secret.set', name: 'spare', role: 'admin' },
      { action: 'secret.delete', name: 'spare', role: 'admin' }
    ])

    // Every read API of the live engine, and an archive of everything.
    await readEverything(call)
    const exported = JSON.parse((await call('POST', '/api/rpc/exportArchive', { from: 0, to: Date.now() + 60_000 })).text) as { path: string }
    expect(existsSync(exported.path)).toBe(true)
    await app.close()
    await engine.stop()
    engineStopped = true

    // The archive in review mode: every read API over its contents.
    const review = await startArchiveEngine({ archivePath: exported.path, version: '0.0.0-leak', cacheDir: join(tmp, 'cache'), log: (m) => capture('archive engine log', m) })
    closers.push(() => review.stop())
    await readEverything(async (method, path, body) => rpcDirect(review, path, body), 'archive')
    await review.stop()

    restore.forEach((r) => r())
    const leaks: string[] = []
    const configAfter = readFileSync(configPath, 'utf8')
    expect(configAfter).toBe(configBefore)
    leaks.push(...leaksIn('config file', configAfter))
    for (const file of readdirSync(dataDir)) {
      if (/\.(duckdb|wal|json|yaml|log)$/.test(file) || file.startsWith('vigil')) leaks.push(...leaksIn(`data dir ${file}`, readFileSync(join(dataDir, file))))
    }
    leaks.push(...leaksIn('archive bytes', readFileSync(exported.path)))
    leaks.push(...(await databaseText(join(dataDir, 'vigil.duckdb'))).flatMap(({ where, text }) => leaksIn(where, text)))
    for (const c of captured) leaks.push(...leaksIn(c.where, c.text))
    expect(leaks).toEqual([])
    // The captures are not empty: the searches above looked at real output.
    expect(captured.some((c) => c.where === 'engine log')).toBe(true)
    expect(captured.filter((c) => c.where.startsWith('POST /api/rpc/')).length).toBeGreaterThan(20)
  }, 180_000)
})

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; text: string }>

/** Calls every contract request (several argument shapes, so each answers with data where it can) and the REST reads. */
async function readEverything(call: Call, label = 'live'): Promise<void> {
  const now = Date.now()
  const range = { from: 0, to: now + 60_000 }
  const shapes: unknown[] = [{}, range, { ...range, series: 'crm_value' }, { ...range, series: ['crm_value', 'sql_value'] }, { ...range, ids: [] }, { names: ['crm_value'] }]
  const skip = new Set(['exportArchive', 'addAnnotation', 'acknowledgeAlert', 'addSilence', 'expireSilence', 'markAlertNoise', 'sendTestNotification'])
  for (const name of requestNames) {
    if (skip.has(name)) continue
    for (const args of shapes) await call('POST', `/api/rpc/${name}`, args)
  }
  if (label === 'live') {
    for (const path of ['/api/health', '/api/series', '/api/query?series=crm_value&from=0', '/api/alerts', '/api/alerts/history?from=0', '/api/silences', '/api/notifications?limit=100', '/api/annotations?from=0', '/api/secrets']) {
      await call('GET', path)
    }
  }
}

/** The archive engine has no HTTP server here: its API is called directly, answers and errors captured the same way. */
async function rpcDirect(engine: Engine, path: string, body: unknown): Promise<{ status: number; text: string }> {
  const name = path.replace('/api/rpc/', '') as keyof Engine['api']
  try {
    const result = await (engine.api[name] as (args: unknown) => Promise<unknown>)(body)
    capture(`archive ${name}`, result)
    return { status: 200, text: JSON.stringify(result) }
  } catch (err) {
    capture(`archive ${name} error`, (err as Error).message)
    return { status: 400, text: (err as Error).message }
  }
}

/** Every row of every table in the DuckDB file as text (compressed strings do not show in its raw bytes). */
async function databaseText(file: string): Promise<{ where: string; text: string }[]> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' })
  const conn = await instance.connect()
  try {
    const tables = (await (await conn.runAndReadAll("SELECT schema_name, table_name FROM duckdb_tables()")).getRowObjects()) as { schema_name: string; table_name: string }[]
    expect(tables.length).toBeGreaterThan(3)
    const out: { where: string; text: string }[] = []
    for (const t of tables) {
      const rows = await (await conn.runAndReadAll(`SELECT * FROM "${t.schema_name}"."${t.table_name}"`)).getRowObjectsJson()
      out.push({ where: `table ${t.schema_name}.${t.table_name}`, text: JSON.stringify(rows) })
    }
    return out
  } finally {
    conn.closeSync()
    instance.closeSync()
  }
}
