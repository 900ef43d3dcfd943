// `vigil bench e2e`: latency from POST /api/write to the value painted on a wallboard stat tile
// in Chromium. `vigil serve` runs in a child process (this same CLI); the page watches the tile
// with a MutationObserver and notes when each written value entered the DOM and the animation
// frame that painted it; a second EventSource in the page notes when the `samples` push event
// arrived. All times are epoch ms on this machine's clock (server, page and bench share it).
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CliError } from './cli-error'
import { builtRendererDir } from './renderer-dir'

export const E2E_SERIES = 'bench_e2e_value'

/** A wallboard view with one stat tile on the series the bench writes. */
const BENCH_VIEW = `views:
  - id: bench
    title: Bench
    rows: 1
    panels:
      - { id: probe, type: stat, series: ${E2E_SERIES}, title: Latency probe, width: 12 }
wallboard:
  playlist: [bench]
`

export interface E2eScenario {
  name: string
  /** vigil.yaml sources (YAML list items under `sources:`). */
  sources: string
}

/** Push only, then the same with the demo scenario and host metrics polled as shipped (15 s). */
export const E2E_SCENARIOS: E2eScenario[] = [
  { name: 'push only', sources: '  - { id: push, kind: push }\n' },
  {
    name: 'with demo + host polling',
    sources: '  - { id: push, kind: push }\n  - { id: host, kind: host, interval: 15s }\n  - { id: demo, kind: demo, interval: 15s, seed: 42, backfill: 2d, backfill_step: 5m }\n'
  }
]

export interface LatencyStats {
  medianMs: number
  p95Ms: number
  maxMs: number
}

export interface E2eScenarioResult {
  scenario: string
  writes: number
  /** POST sent → value painted (the animation frame after it entered the DOM). */
  paint: LatencyStats
  /** Where the time goes, medians: 204 received, push event in the page, value in the DOM. */
  ackMedianMs: number
  eventMedianMs: number
  domMedianMs: number
  /** Writes whose value was not painted within the timeout. */
  missed: number
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]
}

function stats(values: number[]): LatencyStats {
  const sorted = [...values].sort((a, b) => a - b)
  return { medianMs: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95), maxMs: sorted[sorted.length - 1] ?? Number.NaN }
}

const median = (values: number[]): number => percentile([...values].sort((a, b) => a - b), 0.5)

interface PageMarks {
  dom?: number
  paint?: number
  event?: number
}

/** Runs every scenario: `writes` writes each, one at a time, a short pause after each is painted. */
export async function benchE2e(opts: { cliPath: string; chromiumPath: string | undefined; writes?: number; scenarios?: E2eScenario[]; log?: (line: string) => void }): Promise<E2eScenarioResult[]> {
  // A computed specifier keeps the bundler from inlining Playwright (a dev dependency) into the CLI.
  const playwright = '@playwright/test'
  const { chromium } = (await import(/* @vite-ignore */ playwright)) as typeof import('@playwright/test')
  const browser = await chromium.launch({
    executablePath: opts.chromiumPath,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--kiosk']
  })
  const out: E2eScenarioResult[] = []
  try {
    for (const scenario of opts.scenarios ?? E2E_SCENARIOS) {
      opts.log?.(`  ${scenario.name}: starting vigil serve…`)
      out.push(await runScenario(browser, opts.cliPath, scenario, opts.writes ?? 50))
    }
  } finally {
    await browser.close()
  }
  return out
}

type Browser = Awaited<ReturnType<(typeof import('@playwright/test'))['chromium']['launch']>>

async function runScenario(browser: Browser, cliPath: string, scenario: E2eScenario, writes: number): Promise<E2eScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-e2e-'))
  const server = await startServe(cliPath, dir, `version: 1\nsources:\n${scenario.sources}${BENCH_VIEW}`)
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${server.url}/?token=${server.token}`)
    // A first value so the tile exists before timing starts.
    await write(server, 1)
    await page.goto(`${server.url}/#/bench?kiosk=1`)
    await page.waitForSelector('[data-testid="stat-value"][data-value="1"]', { timeout: 60_000 })
    await page.evaluate(installMarks, { series: E2E_SERIES })
    const paint: number[] = []
    const ack: number[] = []
    const event: number[] = []
    const dom: number[] = []
    let missed = 0
    for (let i = 0; i < writes; i++) {
      const value = 7_000_001 + i
      const sent = Date.now()
      await write(server, value)
      ack.push(Date.now() - sent)
      const marks = (await page
        .waitForFunction((v) => (globalThis as unknown as { __marks: Record<string, PageMarks> }).__marks[String(v)]?.paint, value, { timeout: 10_000, polling: 50 })
        .then((h) => h.jsonValue())
        .catch(() => null)) as number | null
      if (marks === null) {
        missed++
        continue
      }
      const m = await page.evaluate((v) => (globalThis as unknown as { __marks: Record<string, PageMarks> }).__marks[String(v)], value)
      paint.push(m.paint! - sent)
      dom.push(m.dom! - sent)
      if (m.event !== undefined) event.push(m.event - sent)
      // Writes a few hundred ms apart, as pushes from a pipeline arrive; never back to back.
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 200))
    }
    await page.close()
    return { scenario: scenario.name, writes, paint: stats(paint), ackMedianMs: median(ack), eventMedianMs: median(event), domMedianMs: median(dom), missed }
  } finally {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Runs in the page: records, per tile value, when it entered the DOM and the animation frame after
 * (when it is painted), and when a `samples` event for the series arrived on a second EventSource.
 * Typed loosely: the CLI compiles without DOM types.
 */
function installMarks({ series }: { series: string }): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const g = globalThis as any
  const marks: Record<string, PageMarks> = {}
  g.__marks = marks
  let lastEvent: number | null = null
  const seen = (): void => {
    const el = g.document.querySelector('[data-testid="stat-value"]')
    const v = el?.getAttribute('data-value')
    if (!v || marks[v]) return
    const m: PageMarks = { dom: Date.now() }
    if (lastEvent !== null) m.event = lastEvent
    marks[v] = m
    g.requestAnimationFrame(() => {
      m.paint = Date.now()
    })
  }
  new g.MutationObserver(seen).observe(g.document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-value'] })
  const es = new g.EventSource('api/events')
  es.addEventListener('samples', (ev: { data: string }) => {
    const payload = JSON.parse(ev.data) as { series?: string[] }
    if (payload.series?.includes(series)) lastEvent = Date.now()
  })
  return new Promise((resolve) => {
    es.onopen = () => resolve()
  })
}

async function write(server: { url: string; token: string }, value: number): Promise<void> {
  const res = await fetch(`${server.url}/api/write?precision=ms`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'text/plain' },
    body: `${E2E_SERIES} value=${value} ${Date.now()}`
  })
  if (res.status !== 204) throw new Error(`bench e2e: /api/write answered ${res.status}: ${await res.text()}`)
}

async function startServe(cliPath: string, dir: string, config: string): Promise<{ url: string; token: string; stop(): Promise<void> }> {
  const token = 'bench-e2e-token-0123456789'
  mkdirSync(dir, { recursive: true })
  const configPath = join(dir, 'vigil.yaml')
  writeFileSync(configPath, config)
  const child = spawn(process.execPath, [cliPath, 'serve', '--data-dir', dir, '--config', configPath, '--port', '0', '--token', token], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VIGIL_TOKEN: '' }
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench e2e: vigil serve did not start in 60 s:\n${out}`)), 60_000)
    child.stdout.on('data', () => {
      const m = /serving on (http:\/\/\S+?)\/?\s/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`bench e2e: vigil serve exited with ${code}:\n${out}`))
    })
  })
  return {
    url,
    token,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}

/** The report lines for `vigil bench e2e`. */
export function e2eBenchReport(results: E2eScenarioResult[], writes: number): string[] {
  const lines = [`== e2e: POST /api/write → value painted on a wallboard stat tile in Chromium (${writes} writes per scenario; target p95 ≤ 1000 ms)`]
  for (const r of results) {
    const p = r.paint
    lines.push(
      `  ${r.scenario.padEnd(26)} median ${String(Math.round(p.medianMs)).padStart(5)} ms  p95 ${String(Math.round(p.p95Ms)).padStart(5)} ms  max ${String(Math.round(p.maxMs)).padStart(5)} ms  ${p.p95Ms <= 1000 ? 'ok' : 'OVER'}${r.missed > 0 ? `  (${r.missed} not painted within 10 s)` : ''}`
    )
    lines.push(`    medians from the send: 204 ack ${Math.round(r.ackMedianMs)} ms, push event in the page ${Math.round(r.eventMedianMs)} ms, value in the DOM ${Math.round(r.domMedianMs)} ms, painted ${Math.round(p.medianMs)} ms`)
  }
  return lines
}

/** `vigil bench e2e`: runs the scenarios with this CLI's own `serve` and prints the report. */
export async function benchE2eCommand(writes = 50): Promise<void> {
  if (!builtRendererDir()) throw new CliError('bench e2e: the renderer is not built (npm run build)')
  const chromiumPath = process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)
  const results = await benchE2e({ cliPath: process.argv[1], chromiumPath, writes, log: (line) => console.log(line) })
  for (const line of e2eBenchReport(results, writes)) console.log(line)
}
