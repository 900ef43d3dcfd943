// The whole engine on real DuckDB files and real local servers: first run, fault isolation,
// config reload, restart.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PayloadOf } from '@shared/api'
import type { SourceHealth } from '@shared/types'
import { startHttpServer, type TestHttpServer } from '../../../test/helpers/http-server'
import { ConfigError } from '../config/config-error'
import { startEngine } from './start-engine'
import type { Engine } from './types'
import { until } from '../../../test/helpers/until'

const quiet = { version: '0.0.0-test', log: () => undefined }


const healthOf = async (engine: Engine, id: string): Promise<SourceHealth | undefined> =>
  (await engine.api.getHealth({})).sources.find((s) => s.id === id)

describe('startEngine', () => {
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c()
  })

  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-engine-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    return dir
  }

  async function start(dataDir: string, configPath?: string): Promise<Engine> {
    const engine = await startEngine({ dataDir, configPath, ...quiet })
    cleanups.push(() => engine.stop())
    return engine
  }

  it('writes the default config and schema on first run and runs host, demo and push', async () => {
    const dir = tempDir()
    const engine = await start(dir)
    expect(readFileSync(join(dir, 'vigil.yaml'), 'utf8')).toContain('kind: demo')
    const schema = JSON.parse(readFileSync(join(dir, 'vigil.schema.json'), 'utf8')) as { properties: Record<string, unknown> }
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['sources', 'storage']))
    expect((await engine.api.getHealth({})).sources.map((s) => `${s.id}/${s.kind}`)).toEqual(['host/host', 'demo/demo', 'push/push'])
    // The demo back-fill lands 90 days of history.
    const roi = await until('demo back-fill', async () => {
      const r = await engine.api.queryRange({ series: 'ai_roi_percent', from: Date.now() - 90 * 86_400_000, to: Date.now(), step: 86_400 })
      return r.points.length >= 85 && r
    })
    expect(roi.points.every(([, v]) => Number.isFinite(v))).toBe(true)
    await until('host metrics', async () => (await engine.api.latest({ series: 'host_cpu_usage_percent' })).length > 0)
  })

  it('refuses an invalid config at start with file, line and key path', async () => {
    const dir = tempDir()
    const cfg = join(dir, 'bad.yaml')
    writeFileSync(cfg, 'sources:\n  - id: a\n    kind: host\n    intervall: 5s\n')
    const err = await startEngine({ dataDir: dir, configPath: cfg, ...quiet }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as Error).message).toContain(`${cfg}:4:5: sources[0].intervall: unknown key "intervall"`)
  })

  it('keeps good sources flowing while others hang, fail or send garbage', async () => {
    const dir = tempDir()
    const servers: TestHttpServer[] = []
    const hang = await startHttpServer(() => 'hang')
    const fail = await startHttpServer(() => ({ status: 500, body: 'database exploded' }))
    const garbage = await startHttpServer(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"value": "NaN", "ok": 3' }))
    const good = await startHttpServer(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: 7 }) }))
    servers.push(hang, fail, garbage, good)
    cleanups.push(() => Promise.all(servers.map((s) => s.close())).then(() => undefined))
    writeFileSync(join(dir, 'a.csv'), 'timestamp,revenue\n2026-01-01T00:00:00Z,10\n2026-01-02T00:00:00Z,oops\n2026-01-03T00:00:00Z,30\n')
    const metric = (series: string) => `    metrics: [{ series: ${series}, path: $.value }]\n`
    const cfg = join(dir, 'vigil.yaml')
    writeFileSync(
      cfg,
      'storage: { flush_interval: 20ms }\nsources:\n' +
        `  - { id: hang, kind: http-json, url: "${hang.url}/", interval: 200ms, timeout: 300ms, metrics: [{ series: h, path: $.value }] }\n` +
        `  - id: fail\n    kind: http-json\n    url: "${fail.url}/"\n    interval: 200ms\n${metric('f')}` +
        `  - id: garbage\n    kind: http-json\n    url: "${garbage.url}/"\n    interval: 200ms\n${metric('g')}` +
        `  - id: good\n    kind: http-json\n    url: "${good.url}/"\n    interval: 200ms\n${metric('good_value')}` +
        `  - { id: files, kind: csv, path: "*.csv", interval: 200ms }\n` +
        '  - { id: push, kind: push }\n'
    )
    const engine = await start(dir, cfg)
    const states: SourceHealth[] = []
    engine.bus.on('sourceState', (h) => states.push(h))

    // The good HTTP source keeps polling: several samples arrive while the hung one times out.
    await until('good source samples', async () => ((await healthOf(engine, 'good'))?.samples ?? 0) >= 3)
    const hangH = await until('hang timeout', async () => {
      const h = await healthOf(engine, 'hang')
      return h?.state === 'error' && h
    })
    expect(hangH.lastError).toMatch(/timed out after 300ms/)
    const failH = await until('fail error', async () => {
      const h = await healthOf(engine, 'fail')
      return h?.state === 'error' && h
    })
    expect(failH.lastError).toMatch(/500/)
    const garbageH = await until('garbage error', async () => {
      const h = await healthOf(engine, 'garbage')
      return h?.state === 'error' && h
    })
    expect(garbageH.lastError).toMatch(/JSON/i)

    // The CSV's good rows are kept; a run that meets a bad row reports it with file and line. The
    // first run (line 3) may end before this test subscribed, and the next, clean run clears the
    // health's error: so a bad row is appended now, for a run this test surely sees.
    await until('csv import', async () => (await healthOf(engine, 'files'))?.samples === 2)
    appendFileSync(join(dir, 'a.csv'), '2026-01-04T00:00:00Z,worse\n')
    const csvRun = await until('csv error event', async () => states.find((h) => h.id === 'files' && h.state === 'error' && /a\.csv:5/.test(h.lastError ?? '')))
    expect(csvRun.lastError).toMatch(/a\.csv:5/)
    expect((await healthOf(engine, 'files'))?.samples).toBe(2)
    const csv = await engine.api.queryRange({ series: 'revenue', from: Date.parse('2026-01-01'), to: Date.parse('2026-01-04'), step: 86_400, agg: 'sum' })
    expect(csv.points).toEqual([
      [Date.parse('2026-01-01'), 10],
      [Date.parse('2026-01-03'), 30]
    ])

    // Push still works, and NaN from a pushed sample is rejected while the rest is kept.
    const result = await engine.push([
      { name: 'pushed', labels: {}, ts: Date.now(), value: 1 },
      { name: 'pushed', labels: {}, ts: Date.now(), value: Number.NaN }
    ])
    expect(result.accepted).toBe(1)
    expect(result.rejected[0].reason).toMatch(/NaN/)
    expect((await healthOf(engine, 'push'))?.lastError).toMatch(/1 sample rejected/)
  })

  it('reloads the config on change and keeps running on the last good one after a bad edit', async () => {
    const dir = tempDir()
    const cfg = join(dir, 'vigil.yaml')
    writeFileSync(cfg, 'storage: { flush_interval: 20ms }\nsources:\n  - { id: push, kind: push }\n')
    const engine = await start(dir, cfg)
    const events: PayloadOf<'config'>[] = []
    engine.bus.on('config', (e) => events.push(e))

    writeFileSync(join(dir, 'x.csv'), 'timestamp,v\n1700000000000,1\n')
    writeFileSync(cfg, 'storage: { flush_interval: 20ms }\nsources:\n  - { id: push, kind: push }\n  - { id: files, kind: csv, path: x.csv, interval: 100ms }\n')
    await until('reload', () => events.some((e) => e.ok))
    await until('csv source running', async () => (await healthOf(engine, 'files'))?.samples === 1)

    writeFileSync(cfg, 'sources:\n  - { id: push, kind: pushh }\n')
    const bad = await until('bad edit reported', () => events.find((e) => !e.ok))
    expect(bad.error).toContain('sources[0].kind')
    expect((await engine.api.getAppInfo({})).configError).toContain('sources[0].kind')
    // Still on the last good config: the csv source is still there and push still accepts.
    expect((await healthOf(engine, 'files'))?.kind).toBe('csv')
    expect((await engine.push([{ name: 'after_bad_edit', labels: {}, ts: Date.now(), value: 2 }])).accepted).toBe(1)
  })

  it('keeps accepted samples across a restart', async () => {
    const dir = tempDir()
    const cfg = join(dir, 'vigil.yaml')
    writeFileSync(cfg, 'sources:\n  - { id: push, kind: push, labels: { site: lab } }\n')
    const ts = Date.parse('2026-11-01T12:00:00Z')
    const first = await startEngine({ dataDir: dir, configPath: cfg, ...quiet })
    expect((await first.push([{ name: 'kept', labels: { k: 'v' }, ts, value: 3.25 }])).accepted).toBe(1)
    await first.stop()
    await first.stop() // idempotent
    expect(existsSync(join(dir, 'vigil.duckdb'))).toBe(true)

    const second = await start(dir, cfg)
    const latest = await second.api.latest({ series: 'kept' })
    expect(latest).toEqual([{ series: 'kept', labels: { k: 'v', site: 'lab' }, ts, value: 3.25 }])
    expect(await second.api.listSeries({ match: 'ke*' })).toEqual([{ name: 'kept', labels: { k: 'v', site: 'lab' }, unit: null, source: 'push' }])
  })

  /** An engine on `yaml` whose clock the test moves (`clock.now`), with its log lines kept. */
  async function startOnClock(yaml: string): Promise<{ engine: Engine; logs: string[]; clock: { now: number } }> {
    const dir = tempDir()
    const cfg = join(dir, 'vigil.yaml')
    writeFileSync(cfg, yaml)
    const clock = { now: Date.parse('2026-11-01T12:00:00Z') }
    const logs: string[] = []
    const engine = await startEngine({ dataDir: dir, configPath: cfg, version: '0.0.0-test', now: () => clock.now, log: (m) => logs.push(m) })
    cleanups.push(() => engine.stop())
    return { engine, logs, clock }
  }

  it('reopens the store every storage.reopen_interval of its clock, and keeps serving across it', async () => {
    const { engine, logs, clock: c } = await startOnClock('storage: { maintenance_interval: 20ms, reopen_interval: 1h }\nsources:\n  - { id: push, kind: push }\n')
    expect((await engine.push([{ name: 'kept', labels: {}, ts: c.now - 1000, value: 1 }])).accepted).toBe(1)
    const reopened = (): number => logs.filter((m) => /^store reopened \(storage\.reopen_interval\) in \d+ ms$/.test(m)).length

    // Many maintenance passes, but less than an hour on the engine's clock: no reopen.
    await new Promise((r) => setTimeout(r, 300))
    expect(reopened()).toBe(0)
    c.now += 3_600_000
    await until('the first reopen', () => reopened() === 1, 10_000)
    // Counted from the reopen: not again before another hour.
    await new Promise((r) => setTimeout(r, 200))
    expect(reopened()).toBe(1)
    expect(await engine.api.latest({ series: 'kept' })).toEqual([{ series: 'kept', labels: {}, ts: c.now - 3_601_000, value: 1 }])
    expect((await engine.push([{ name: 'kept', labels: {}, ts: c.now, value: 2 }])).accepted).toBe(1)
    c.now += 3_600_000
    await until('the second reopen', () => reopened() === 2, 10_000)
    expect((await engine.api.latest({ series: 'kept' }))[0].value).toBe(2)
    expect(logs.filter((m) => /fail/i.test(m))).toEqual([])
  })

  it('never reopens the store with storage.reopen_interval 0', async () => {
    const { logs, clock } = await startOnClock('storage: { maintenance_interval: 20ms, reopen_interval: "0" }\nsources: []\n')
    for (let i = 0; i < 5; i++) {
      clock.now += 100 * 3_600_000
      await new Promise((r) => setTimeout(r, 60))
    }
    expect(logs.filter((m) => m.includes('reopen'))).toEqual([])
  })

  it('refuses pushes when no push source is configured', async () => {
    const dir = tempDir()
    const cfg = join(dir, 'vigil.yaml')
    writeFileSync(cfg, 'sources: []\n')
    const engine = await start(dir, cfg)
    await expect(engine.push([{ name: 'x', labels: {}, ts: Date.now(), value: 1 }])).rejects.toThrow(/no push source is configured/)
  })
})
