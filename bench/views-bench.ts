// Views benchmark: 30 days of demo data at 15 s resolution, then (1) the engine's time to answer
// all of a view's requests (the exact list the renderer issues, from panel-requests.ts), median
// and p95 over 20 refreshes, and (2) Chromium's time to the first full paint of each view.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { VigilApi } from '@shared/api'
import type { RequestName } from '@shared/api-names'
import { viewRequests } from '@shared/views/panel-requests'
import { startEngine } from '../src/main/engine/start-engine'
import type { Engine } from '../src/main/engine/types'
import { startHttpServer } from '../src/main/server/http-server'
import { openStore } from '../src/main/store/duckdb-store'

export interface ViewTiming {
  view: string
  range: string
  requests: number
  medianMs: number
  p95Ms: number
}

export interface PaintTiming {
  view: string
  firstFullPaintMs: number
}

export interface ViewsBenchResult {
  samples: number
  generateSeconds: number
  rollupSeconds: number
  queries: ViewTiming[]
  paint: PaintTiming[]
  paintSkipped: string | null
}

const DAY = 86_400_000

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))
  return sorted[i]
}

/** Generates the data set (demo back-fill through the real engine), then builds the roll-ups. */
async function prepare(dataDir: string, days: number): Promise<{ samples: number; generateSeconds: number; rollupSeconds: number; config: string }> {
  mkdirSync(dataDir, { recursive: true })
  const config = join(dataDir, 'vigil.yaml')
  const yaml = (await import('../src/main/config/default-config')).DEFAULT_CONFIG_YAML.replace(
    /backfill: 90d\n(\s+)backfill_step: 5m/,
    `backfill: ${days}d\n$1backfill_step: 15s`
  )
  if (!yaml.includes('backfill_step: 15s')) throw new Error('views bench: could not set the demo back-fill in the default config')
  writeFileSync(config, yaml)
  let t = performance.now()
  const engine = await startEngine({ dataDir, configPath: config, version: 'bench', log: () => undefined })
  let demo
  for (;;) {
    demo = (await engine.api.getHealth({})).sources.find((s) => s.id === 'demo')
    if (demo && demo.state !== 'pending') break
    await new Promise((r) => setTimeout(r, 250))
  }
  await engine.stop()
  const generateSeconds = (performance.now() - t) / 1000
  t = performance.now()
  const store = await openStore({ path: join(dataDir, 'vigil.duckdb'), retention: { raw: 400 * DAY, '1m': 400 * DAY, '1h': 1000 * DAY } })
  await store.runMaintenance(Date.now())
  await store.close()
  return { samples: demo?.samples ?? 0, generateSeconds, rollupSeconds: (performance.now() - t) / 1000, config }
}

/** Runs every request of one view (concurrently, as the renderer does) and returns the wall time. */
async function refresh(api: VigilApi, calls: { method: RequestName; args: unknown }[]): Promise<number> {
  const t = performance.now()
  await Promise.all(calls.map((c) => (api[c.method] as (a: unknown) => Promise<unknown>)(c.args)))
  return performance.now() - t
}

async function timeQueries(engine: Engine, ranges: Record<string, number>, refreshes: number): Promise<ViewTiming[]> {
  const { views } = await engine.api.getViews({})
  const out: ViewTiming[] = []
  for (const view of views) {
    for (const [range, span] of Object.entries(ranges)) {
      const now = Date.now()
      // The grid width the page passes at 1920×1080, so the steps match what a wallboard asks for.
      const calls = viewRequests(view, { from: now - span, to: now }, { widthPx: 1892 })
      await refresh(engine.api, calls) // warm-up
      const times: number[] = []
      for (let i = 0; i < refreshes; i++) times.push(await refresh(engine.api, calls))
      times.sort((a, b) => a - b)
      out.push({ view: view.id, range, requests: calls.length, medianMs: percentile(times, 0.5), p95Ms: percentile(times, 0.95) })
    }
  }
  return out
}

/** Loads each view in Chromium and waits until no panel is loading; time from navigation start. */
async function timePaint(url: string, token: string, viewIds: string[], chromiumPath: string | undefined): Promise<PaintTiming[]> {
  // A computed specifier keeps the bundler from inlining Playwright (a dev dependency) into the CLI.
  const playwright = '@playwright/test'
  const { chromium } = (await import(/* @vite-ignore */ playwright)) as typeof import('@playwright/test')
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${url}/?token=${token}`)
    const out: PaintTiming[] = []
    for (const id of viewIds) {
      // A fresh document per view, so nothing is cached in the page.
      await page.goto('about:blank')
      const t = Date.now()
      await page.goto(`${url}/#/${id}?kiosk=1`)
      await page.waitForSelector(`[data-testid="view-${id}"]`)
      await page.waitForFunction(
        () => {
          // Runs in the page; typed loosely because the benchmark compiles without DOM types.
          const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document
          return doc.querySelectorAll('[data-state="loading"]').length === 0 && doc.querySelectorAll('canvas').length > 0
        },
        undefined,
        { timeout: 60_000, polling: 'raf' }
      )
      out.push({ view: id, firstFullPaintMs: Date.now() - t })
    }
    return out
  } finally {
    await browser.close()
  }
}

/** Runs the whole views benchmark in dataDir. */
export async function benchViews(opts: { dataDir: string; days?: number; refreshes?: number; staticDir: string | null; chromiumPath?: string }): Promise<ViewsBenchResult> {
  const prep = await prepare(opts.dataDir, opts.days ?? 30)
  const engine = await startEngine({ dataDir: opts.dataDir, configPath: prep.config, version: 'bench', log: () => undefined })
  try {
    const queries = await timeQueries(engine, { '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY }, opts.refreshes ?? 20)
    let paint: PaintTiming[] = []
    let paintSkipped: string | null = null
    if (!opts.staticDir) paintSkipped = 'the renderer is not built (npm run build)'
    else if (!opts.chromiumPath) paintSkipped = 'no Chromium found (set CHROMIUM_PATH or install chromium)'
    else {
      const token = 'bench-views-token-0123456789'
      const server = await startHttpServer({ engine, host: '127.0.0.1', port: 0, token, staticDir: opts.staticDir, version: 'bench' })
      try {
        const { views } = await engine.api.getViews({})
        paint = await timePaint(server.url.replace(/\/$/, ''), token, views.map((v) => v.id), opts.chromiumPath)
      } finally {
        await server.close()
      }
    }
    return { samples: prep.samples, generateSeconds: prep.generateSeconds, rollupSeconds: prep.rollupSeconds, queries, paint, paintSkipped }
  } finally {
    await engine.stop()
  }
}
