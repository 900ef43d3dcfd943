// Archive benchmark: 30 days of demo data at 15 s resolution (generated like the views benchmark:
// the demo source's back-fill through the real engine, then the roll-ups), exported to a `.vigil`
// file and verified. Reports export and verify time, file size, bytes per sample (target ≤ 2), and
// the time from opening the archive (as `vigil open` does) to the executive view's first full paint
// in Chromium, with a fresh extraction cache and with a warm one (target ≤ 2 s).
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { exportArchive } from '../src/main/archive/export-archive'
import { verifyArchive } from '../src/main/archive/verify-archive'
import { DEFAULT_CONFIG_YAML } from '../src/main/config/default-config'
import { parseConfigText } from '../src/main/config/parse-config'
import { startArchiveServer } from '../src/main/cli/open-command'
import { computeArchiveAnalytics } from '../src/main/engine/start-archive-engine'
import { startEngine } from '../src/main/engine/start-engine'
import { createKpiApi } from '../src/main/kpi/kpi-api'
import { startHttpServer } from '../src/main/server/http-server'
import { openStore } from '../src/main/store/duckdb-store'
import { viewsOf } from '../src/main/views/views-api'

const DAY = 86_400_000

export interface ArchiveBenchResult {
  days: number
  series: number
  /** Raw samples in the archive. */
  samples: number
  generateSeconds: number
  exportSeconds: number
  verifySeconds: number
  archiveBytes: number
  samplesParquetBytes: number
  /** Whole archive bytes / raw samples (target ≤ 2). */
  bytesPerSample: number
  /** The samples member alone / raw samples. */
  samplesMemberBytesPerSample: number
  members: { path: string; bytes: number; rows?: number }[]
  /** Opening the archive to first paint, OPEN_RUNS times each: with a fresh extraction cache, then with that cache again. */
  open: OpenTimings | null
  /** Why the open-to-paint figures are missing (no renderer build, no Chromium). */
  openSkipped: string | null
}

/** How many times the open-to-paint timing runs for each kind (fresh and warm cache); the report gives the median and the slowest. */
export const OPEN_RUNS = 3

/** Every open-to-paint run, fresh extraction cache and warm. */
export interface OpenTimings {
  cold: OpenTiming[]
  warm: OpenTiming[]
}

/** Milliseconds from the start of opening the archive. */
export interface OpenTiming {
  /** The HTTP server listens (before the archive is opened, as in `vigil open`). */
  serverMs: number
  /** Verified, members extracted (or found cached), review store and engine ready (overlaps the page load). */
  engineMs: number
  /** The page is up and shows the view (its panels may still be loading). */
  viewShownMs: number
  /** The executive view is fully painted in Chromium (no panel loading, charts drawn). */
  firstPaintMs: number
}

export interface ArchiveBenchOptions {
  dir: string
  days?: number
  log?: (line: string) => void
  /** The built renderer (null: open-to-paint is skipped). */
  staticDir?: string | null
  /** Chromium's executable (undefined: open-to-paint is skipped). */
  chromiumPath?: string
  /** Where to keep a copy of the generated archive (for `bench archive --archive FILE` reruns). */
  keepArchiveAt?: string
}

/** Generates `days` of demo data in `dir`, then exports, verifies and opens all of it. */
export async function benchArchive(opts: ArchiveBenchOptions): Promise<ArchiveBenchResult> {
  const days = opts.days ?? 30
  const log = opts.log ?? (() => undefined)
  const dataDir = join(opts.dir, 'data')
  mkdirSync(dataDir, { recursive: true })
  const configPath = join(dataDir, 'vigil.yaml')
  let configText = DEFAULT_CONFIG_YAML.replace(/backfill: 90d\n(\s+)backfill_step: 5m/, `backfill: ${days}d\n$1backfill_step: 15s`)
  if (!configText.includes('backfill_step: 15s')) throw new Error('archive bench: could not set the demo back-fill in the default config')
  // Keep all 30 days raw (the default keeps 15): the archive then holds every sample once, raw.
  configText = configText.replace(/(\n {4}raw: )15d/, '$1400d')
  if (!configText.includes('raw: 400d')) throw new Error('archive bench: could not set the raw retention in the default config')
  writeFileSync(configPath, configText)

  log(`generating ${days} days of demo data at 15 s…`)
  let t = performance.now()
  const engine = await startEngine({ dataDir, configPath, version: 'bench', log: () => undefined })
  for (;;) {
    const demo = (await engine.api.getHealth({})).sources.find((s) => s.id === 'demo')
    if (demo && demo.state !== 'pending') break
    await new Promise((r) => setTimeout(r, 250))
  }
  await engine.stop()
  const store = await openStore({ path: join(dataDir, 'vigil.duckdb'), retention: { raw: 400 * DAY, '1m': 400 * DAY, '1h': 1000 * DAY } })
  try {
    await store.runMaintenance(Date.now())
    const generateSeconds = (performance.now() - t) / 1000
    const config = parseConfigText(configText, configPath)
    const to = Date.now()
    const from = to - days * DAY
    const kpi = createKpiApi({ store, config: () => config, now: () => to })
    log('exporting…')
    t = performance.now()
    const out = join(opts.dir, 'bench.vigil')
    const result = await exportArchive({
      store,
      api: { getViews: async () => viewsOf(config), getKpis: kpi.getKpis },
      config,
      configText,
      appVersion: 'bench',
      // As `vigil export` does: review mode's business forecasts computed once, at export.
      analytics: (input) => computeArchiveAnalytics({ ...input, configName: 'vigil.yaml', version: 'bench' }),
      from,
      to,
      out
    })
    const exportSeconds = (performance.now() - t) / 1000
    log('verifying…')
    t = performance.now()
    const verified = await verifyArchive(out)
    const verifySeconds = (performance.now() - t) / 1000
    if (!verified.ok) throw new Error(`archive bench: the exported archive does not verify: ${verified.problems.join('; ')}`)
    if (opts.keepArchiveAt) copyFileSync(out, opts.keepArchiveAt)
    const samplesMember = result.manifest.members.find((m) => m.path === 'data/samples.parquet')!
    const seriesMember = result.manifest.members.find((m) => m.path === 'data/series.parquet')!
    const samples = samplesMember.rows ?? 0
    let open: ArchiveBenchResult['open'] = null
    let openSkipped: string | null = null
    if (!opts.staticDir) openSkipped = 'the renderer is not built (npm run build)'
    else if (!opts.chromiumPath) openSkipped = 'no Chromium found (set CHROMIUM_PATH or install chromium)'
    else {
      // A reviewer's Vigil has no live store open: close the generated one (and its DuckDB threads and cache) first.
      await store.close()
      log('opening in review mode…')
      open = await timeOpenToPaint(out, mkdtempSync(join(opts.dir, 'cache-')), opts.staticDir, opts.chromiumPath)
    }
    return {
      days,
      series: seriesMember.rows ?? 0,
      samples,
      generateSeconds,
      exportSeconds,
      verifySeconds,
      archiveBytes: result.bytes,
      samplesParquetBytes: samplesMember.bytes,
      bytesPerSample: result.bytes / Math.max(1, samples),
      samplesMemberBytesPerSample: samplesMember.bytes / Math.max(1, samples),
      members: result.manifest.members.map(({ path, bytes, rows }) => ({ path, bytes, rows })),
      open,
      openSkipped
    }
  } finally {
    // Already closed when the open was timed; close() is idempotent and covers the early exits.
    await store.close()
  }
}

/**
 * Opens the archive as `vigil open` does (review engine, then the HTTP server) and loads the
 * executive view in Chromium, `runs` times over: each time first with an empty extraction cache,
 * then with it filled. The browser is started beforehand (it is not Vigil's start-up), each run in a fresh context.
 */
export async function timeOpenToPaint(archivePath: string, cacheRoot: string, staticDir: string, chromiumPath: string, runs = OPEN_RUNS): Promise<OpenTimings> {
  // A computed specifier keeps the bundler from inlining Playwright (a dev dependency) into the CLI.
  const playwright = '@playwright/test'
  const { chromium } = (await import(/* @vite-ignore */ playwright)) as typeof import('@playwright/test')
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  const token = 'bench-archive-token-0123456789'
  const once = async (cacheDir: string): Promise<OpenTiming> => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
    const page = await context.newPage()
    const t = performance.now()
    // As `vigil open` does: listen first, the archive opens while the page loads.
    const { server, engine: ready } = await startArchiveServer({ archivePath, version: 'bench', cacheDir, log: () => undefined, host: '127.0.0.1', port: 0, token, staticDir })
    const serverMs = performance.now() - t
    let engineMs = Number.NaN
    void ready.then(() => (engineMs = performance.now() - t)).catch(() => undefined)
    try {
      // The link `vigil open` prints (the token becomes a cookie), on the executive view as a reviewer sees it.
      await page.goto(`${server.url.replace(/\/$/, '')}/?token=${token}#/executive`)
      await page.waitForSelector('[data-testid="view-executive"]', { timeout: 60_000 })
      const viewShownMs = performance.now() - t
      await page.waitForFunction(
        () => {
          // Runs in the page; typed loosely because the benchmark compiles without DOM types.
          const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document
          return doc.querySelectorAll('[data-state="loading"]').length === 0 && doc.querySelectorAll('canvas').length > 0
        },
        undefined,
        { timeout: 60_000, polling: 'raf' }
      )
      return { engineMs, serverMs, viewShownMs, firstPaintMs: performance.now() - t }
    } finally {
      await server.close()
      await (await ready).stop()
      await context.close()
    }
  }
  try {
    const timings: OpenTimings = { cold: [], warm: [] }
    for (let i = 0; i < runs; i++) {
      const cacheDir = join(cacheRoot, `run-${i}`)
      timings.cold.push(await once(cacheDir))
      timings.warm.push(await once(cacheDir))
    }
    return timings
  } finally {
    await browser.close()
  }
}

/** The report lines `vigil bench archive` prints. */
export function archiveBenchReport(r: ArchiveBenchResult): string[] {
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')
  const verdict = r.bytesPerSample <= 2 ? 'meets' : 'MISSES'
  return [
    `  data: ${r.days} days × ${r.series} demo series at 15 s = ${fmt(r.samples)} raw samples (generated in ${r.generateSeconds.toFixed(1)} s)`,
    `  export                     ${r.exportSeconds.toFixed(2).padStart(8)} s  (${fmt(r.samples / r.exportSeconds)} samples/s)`,
    `  verify                     ${r.verifySeconds.toFixed(2).padStart(8)} s`,
    `  archive size               ${fmt(r.archiveBytes).padStart(12)} bytes`,
    `  bytes per sample           ${r.bytesPerSample.toFixed(3).padStart(8)}    (${verdict} the ≤ 2 target; whole archive incl. roll-ups / raw samples)`,
    `  samples member per sample  ${r.samplesMemberBytesPerSample.toFixed(3).padStart(8)}`,
    ...r.members.map((m) => `    ${m.path.padEnd(28)} ${fmt(m.bytes).padStart(12)} bytes${m.rows !== undefined ? `  ${fmt(m.rows).padStart(11)} rows` : ''}`),
    ...openReport(r)
  ]
}

function openReport(r: ArchiveBenchResult): string[] {
  if (!r.open) return [`  open to first paint: skipped (${r.openSkipped ?? 'not measured'})`]
  return openTimingReport(r.open)
}

/** The open-to-first-paint lines of the report: per kind, the median run (with its parts) and the slowest. */
export function openTimingReport(open: OpenTimings): string[] {
  const line = (label: string, runs: OpenTiming[]): string => {
    const sorted = [...runs].sort((a, b) => a.firstPaintMs - b.firstPaintMs)
    const o = sorted[Math.floor((sorted.length - 1) / 2)]
    const slowest = sorted[sorted.length - 1]
    return `    ${label.padEnd(24)} median ${String(Math.round(o.firstPaintMs)).padStart(5)} ms  ${o.firstPaintMs <= 2000 ? 'ok' : 'OVER'}  slowest ${Math.round(slowest.firstPaintMs)} ms  (median run: server ${Math.round(o.serverMs)} ms, engine ready ${Math.round(o.engineMs)} ms, view shown ${Math.round(o.viewShownMs)} ms; all: ${runs.map((r) => Math.round(r.firstPaintMs)).join(', ')} ms)`
  }
  return [
    `  open to first paint of the executive view in Chromium, 1920×1080, ${open.cold.length} runs each (target ≤ 2000 ms):`,
    line('fresh extraction cache', open.cold),
    line('warm cache (reopen)', open.warm)
  ]
}
