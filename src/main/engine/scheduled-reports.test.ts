// Scheduled reports in the running engine (real DuckDB, real config file and watcher): a shell's
// renderer prints them, the PDF lands in the configured folder, a config reload replaces the
// schedule, stop() disarms it, and a read-only engine never runs one.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PayloadOf } from '@shared/api'
import type { ReportParams } from '@shared/reports/report-params'
import type { Timers } from '../reports/report-runner'
import { startEngine } from './start-engine'
import type { LiveEngineHandle } from './types'

const PDF = Buffer.from('%PDF-1.7\n% scheduled report for the engine test\n%%EOF\n')

async function until<T>(what: string, probe: () => T | undefined | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = probe()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** Timers the test fires by hand. */
function manualTimers(): Timers & { pending: { fn: () => void; ms: number } | null; fire(): void } {
  const t = {
    pending: null as { fn: () => void; ms: number } | null,
    setTimeout(fn: () => void, ms: number) {
      t.pending = { fn, ms }
      return t.pending
    },
    clearTimeout(h: unknown) {
      if (t.pending === h) t.pending = null
    },
    fire() {
      const p = t.pending
      if (!p) throw new Error('no timer armed')
      t.pending = null
      p.fn()
    }
  }
  return t
}

function fakeRenderer() {
  const asked: ReportParams[] = []
  return { asked, render: async (p: ReportParams) => (asked.push(p), PDF) }
}

const report = (id: string, at: string, folder: string) => `  - { id: ${id}, every: daily, at: "${at}", timezone: UTC, orientation: portrait, folder: ${folder} }\n`

describe('scheduled reports in the engine', () => {
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c()
  })

  function setup(reports: string): { dir: string; cfg: string } {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-engine-reports-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const cfg = join(dir, 'vigil.yaml')
    writeFileSync(cfg, `sources:\n  - { id: push, kind: push }\nreports:\n${reports}`)
    return { dir, cfg }
  }

  async function start(opts: Parameters<typeof startEngine>[0]): Promise<LiveEngineHandle> {
    const engine = await startEngine(opts)
    cleanups.push(() => engine.stop())
    return engine
  }

  it('prints a report when it is due and writes <id>-<date>.pdf to the folder next to the config', async () => {
    const { dir, cfg } = setup(report('daily-exec', '07:00', 'out/reports'))
    // An engine clock that runs from half a second before the report's time.
    const t0 = Date.parse('2026-05-01T06:59:59.500Z')
    const started = Date.now()
    const engine = await start({ dataDir: dir, configPath: cfg, version: '0.0.0-test', log: () => undefined, now: () => t0 + (Date.now() - started) })
    const renderer = fakeRenderer()
    await engine.setReportRenderer(renderer)

    const file = join(dir, 'out/reports/daily-exec-2026-05-01.pdf')
    await until('the scheduled PDF', () => existsSync(file))
    expect(readFileSync(file)).toEqual(PDF)
    expect(readdirSync(join(dir, 'out/reports'))).toEqual(['daily-exec-2026-05-01.pdf'])
    expect(renderer.asked).toEqual([{ view: 'executive', orientation: 'portrait', from: Date.parse('2026-04-30T07:00:00Z'), to: Date.parse('2026-05-01T07:00:00Z') }])
  })

  it('replaces the schedule when the config reloads, and disarms it when the engine stops', async () => {
    const { dir, cfg } = setup(report('morning', '07:00', 'pdf'))
    const timers = manualTimers()
    let now = Date.parse('2026-05-01T06:59:00Z')
    const logs: string[] = []
    const engine = await start({ dataDir: dir, configPath: cfg, version: '0.0.0-test', log: (m) => logs.push(m), now: () => now, reportTimers: timers })
    // No renderer yet: nothing is scheduled.
    expect(timers.pending).toBeNull()
    const renderer = fakeRenderer()
    await engine.setReportRenderer(renderer)
    expect(timers.pending?.ms).toBe(60_000)
    expect(logs).toContain('report "morning": next run 2026-05-01T07:00:00.000Z')

    const events: PayloadOf<'config'>[] = []
    engine.bus.on('config', (e) => events.push(e))
    writeFileSync(cfg, `sources:\n  - { id: push, kind: push }\nreports:\n${report('noon', '12:00', 'pdf')}`)
    await until('reload', () => events.some((e) => e.ok))
    expect(logs).toContain('report "noon": next run 2026-05-01T12:00:00.000Z')
    expect(timers.pending?.ms).toBe(5 * 3_600_000 + 60_000)

    // The new schedule runs; the old one is gone.
    now = Date.parse('2026-05-01T12:00:00Z')
    timers.fire()
    const file = join(dir, 'pdf/noon-2026-05-01.pdf')
    await until('the reloaded report', () => existsSync(file))
    expect(readdirSync(join(dir, 'pdf'))).toEqual(['noon-2026-05-01.pdf'])
    await until('the next run armed', () => timers.pending?.ms === 86_400_000)

    await engine.stop()
    expect(timers.pending).toBeNull()
    expect(renderer.asked).toHaveLength(1)
  })

  it('a reload that leaves the reports alone keeps the plan; null stops the schedule', async () => {
    const { dir, cfg } = setup(report('morning', '07:00', 'pdf'))
    const timers = manualTimers()
    const logs: string[] = []
    const engine = await start({ dataDir: dir, configPath: cfg, version: '0.0.0-test', log: (m) => logs.push(m), now: () => Date.parse('2026-05-01T06:59:00Z'), reportTimers: timers })
    await engine.setReportRenderer(fakeRenderer())
    const armed = timers.pending
    expect(armed).not.toBeNull()

    const events: PayloadOf<'config'>[] = []
    engine.bus.on('config', (e) => events.push(e))
    writeFileSync(cfg, `sources:\n  - { id: push, kind: push }\n  - { id: push2, kind: push }\nreports:\n${report('morning', '07:00', 'pdf')}`)
    await until('reload', () => events.some((e) => e.ok))
    expect(timers.pending).toBe(armed)
    expect(logs.filter((m) => m.startsWith('report "morning": next run'))).toHaveLength(1)

    await engine.setReportRenderer(null)
    expect(timers.pending).toBeNull()
  })

  it('runs no reports on a read-only engine', async () => {
    const { dir, cfg } = setup(report('morning', '07:00', 'pdf'))
    // The data dir must exist with a store before a read-only engine opens it.
    const first = await startEngine({ dataDir: dir, configPath: cfg, version: '0.0.0-test', log: () => undefined })
    await first.stop()
    const timers = manualTimers()
    const engine = await start({ dataDir: dir, configPath: cfg, version: '0.0.0-test', log: () => undefined, readOnly: true, now: () => Date.parse('2026-05-01T06:59:00Z'), reportTimers: timers })
    await engine.setReportRenderer(fakeRenderer())
    expect(timers.pending).toBeNull()
  })
})
