// The configured views end to end: `vigil serve` with the default config (its KPIs, milestones
// and demo scenario, a short back-fill) in Chromium. Every panel of every built-in view renders
// with real numbers, and the numbers on screen are the API's answers for the same calls.
import { mkdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { parse, stringify } from 'yaml'
import type { GroupedQueryResult, ViewsResult } from '../src/shared/api'
import type { Annotation } from '../src/shared/annotations'
import type { KpiValue, MilestoneSummary } from '../src/shared/kpi'
import type { Health, LatestValue } from '../src/shared/types'
import { callIdentity, viewRequests, type ContractCall } from '../src/shared/views/panel-requests'
import { removeDir, startVigil, type VigilServer } from './support/vigil-server'

const SCREENSHOTS = resolve(__dirname, 'screenshots')
const BUILT_IN = ['executive', 'operational', 'technical', 'models']
/** Calls a view's panels make (other requests on the page belong to the shell). */
const PANEL_METHODS = new Set(['getKpis', 'getMilestones', 'queryRange', 'queryGrouped', 'listAnnotations'])

/**
 * The default config with a short back-fill and a quiet demo source after it (one poll an hour),
 * so the demo numbers hold still while the test compares the screen with the API.
 */
function viewsConfig(): string {
  const config = parse(readFileSync(resolve(__dirname, '../resources/vigil.default.yaml'), 'utf8')) as {
    storage?: Record<string, unknown>
    sources: Record<string, unknown>[]
  }
  config.storage = { ...config.storage, flush_interval: '50ms' }
  config.sources = config.sources.map((s) =>
    s.kind === 'demo' ? { ...s, interval: '1h', backfill: '3d', backfill_step: '10m' } : s.kind === 'host' ? { ...s, interval: '5s' } : s
  )
  return stringify(config)
}

let vigil: VigilServer
let api: APIRequestContext
let rpc: <T>(method: string, args?: unknown) => Promise<T>

/** Contract calls the page sends, recorded from the network. */
function recordCalls(page: Page): ContractCall[] {
  const calls: ContractCall[] = []
  page.on('request', (req) => {
    const m = /\/api\/rpc\/(\w+)$/.exec(new URL(req.url()).pathname)
    if (m && req.method() === 'POST') calls.push({ method: m[1], args: JSON.parse(req.postData() || '{}') } as ContractCall)
  })
  return calls
}

/** Waits until no panel of the view is loading, then expects every one to be ready. */
async function expectAllPanelsReady(page: Page, view: string): Promise<void> {
  const root = page.getByTestId(`view-${view}`)
  await expect(root).toHaveAttribute('data-state', 'ready', { timeout: 30_000 })
  const panels = root.getByTestId('panel')
  await expect(panels.first()).toBeVisible()
  await expect(root.locator('[data-testid="panel"][data-state="loading"]')).toHaveCount(0, { timeout: 30_000 })
  const states = await panels.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-panel-id')}=${e.getAttribute('data-state')}`))
  expect(states.filter((s) => !s.endsWith('=ready')), `panels not ready on ${view}`).toEqual([])
}

const num = (v: string | null) => Number(v)

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(180_000)
  mkdirSync(SCREENSHOTS, { recursive: true })
  vigil = await startVigil({ config: viewsConfig() })
  api = await playwright.request.newContext({ extraHTTPHeaders: { authorization: `Bearer ${vigil.token}` } })
  rpc = async <T,>(method: string, args: unknown = {}) => {
    const res = await api.post(`${vigil.url}/api/rpc/${method}`, { data: args })
    expect(res.status(), `${method}: ${await res.text()}`).toBe(200)
    return (await res.json()) as T
  }
  // The demo back-fill must be written before any number is compared.
  await expect
    .poll(async () => (await rpc<Health>('getHealth')).sources.find((s) => s.id === 'demo')?.state, { timeout: 150_000, intervals: [500] })
    .toBe('ok')
  const now = Date.now()
  await rpc('addAnnotation', { kind: 'deployment', ts: now - 3 * 3_600_000, title: 'e2e: fraud model v9 deployed' })
  await rpc('addAnnotation', { kind: 'incident', ts: now - 6 * 3_600_000, endTs: now - 5 * 3_600_000, title: 'e2e: checkout outage' })
})

test.afterAll(async () => {
  await api?.dispose()
  const code = await vigil?.stop()
  expect(code, `vigil serve should exit 0 on SIGTERM; output:\n${vigil?.output()}`).toBe(0)
  removeDir(vigil.dataDir)
})

test.beforeEach(async ({ page }) => {
  // Sets the token cookie; then a blank page, so each test's view loads in a fresh document
  // (its requests are the only ones recorded).
  await page.goto(`${vigil.url}/?token=${vigil.token}`)
  await page.goto('about:blank')
})

test('the server has the four built-in views', async () => {
  const { views } = await rpc<ViewsResult>('getViews')
  expect(views.map((v) => v.id).slice(0, BUILT_IN.length)).toEqual(BUILT_IN)
})

// The models view has no KPI panel (its windows end now): analytics-models.spec.ts checks its calls.
for (const id of BUILT_IN.filter((v) => v !== 'models')) {
  test(`${id}: every panel renders with data, charts draw, and the page asks exactly the view plan`, async ({ page }) => {
    const { views } = await rpc<ViewsResult>('getViews')
    const view = views.find((v) => v.id === id)!
    const calls = recordCalls(page)
    await page.goto(`${vigil.url}/#/${id}?range=24h`)
    await expectAllPanelsReady(page, id)
    const root = page.getByTestId(`view-${id}`)
    expect(await root.getByTestId('panel').count()).toBe(view.panels.length)

    // Every chart has a canvas and a spoken summary with its latest values.
    const charts = root.getByTestId('chart')
    for (let i = 0; i < (await charts.count()); i++) {
      await expect(charts.nth(i).locator('canvas').first()).toBeVisible()
      await expect(charts.nth(i).getByRole('img')).toHaveAttribute('aria-label', /latest/)
    }
    // No panel says "Error" or "No data", and no number shows as NaN.
    await expect(root.getByText(/Error:|No data for|NaN/)).toHaveCount(0)
    await page.screenshot({ path: `${SCREENSHOTS}/views-${id}.png` })

    // The view's panel calls are exactly the plan for this window and grid width (what the
    // benchmark replays): every planned call was made, and no windowed call outside it.
    // Live updates may repeat the same call (new samples invalidate KPI answers), so count distinct calls.
    const kpiCalls = calls.filter((c) => c.method === 'getKpis')
    expect(new Set(kpiCalls.map(callIdentity)).size, 'one getKpis call for the whole view').toBe(1)
    const { from, to } = kpiCalls[0].args as { from: number; to: number }
    const widthPx = num(await root.locator('.view-grid').getAttribute('data-view-width'))
    const planned = viewRequests(view, { from, to }, { widthPx }).map(callIdentity)
    const made = new Set(calls.map(callIdentity))
    for (const c of planned) expect(made, `planned call not made: ${c}`).toContain(c)
    const windowed = calls.filter((c) => PANEL_METHODS.has(c.method) && (c.args as { from?: number }).from === from).map(callIdentity)
    expect(windowed.filter((c) => !planned.includes(c)), 'calls outside the plan').toEqual([])
  })
}

test('executive: KPI tiles, the impact list and progress show the API answers', async ({ page }) => {
  const calls = recordCalls(page)
  await page.goto(`${vigil.url}/#/executive?range=24h`)
  await expectAllPanelsReady(page, 'executive')
  const kpiCall = calls.find((c) => c.method === 'getKpis')!
  const kpis = await rpc<KpiValue[]>('getKpis', kpiCall.args)
  const byId = new Map(kpis.map((k) => [k.id, k]))

  const roi = byId.get('roi')!
  expect(roi.error).toBeNull()
  const roiTile = page.locator('[data-testid="kpi"][data-kpi="roi"]')
  await expect(roiTile.getByTestId('kpi-value')).toHaveAttribute('data-value', String(roi.value))
  await expect(roiTile.getByTestId('kpi-value')).toHaveText(`${roi.value!.toFixed(1)} %`)
  const words: Record<string, string> = { on_track: '✓ On track', at_risk: '▲ At risk', off_track: '✕ Off track', no_target: '– No target' }
  await expect(page.locator('[data-panel-id="roi"]').getByTestId('kpi-status')).toHaveText(words[roi.status])
  await expect(roiTile).toContainText(`Target ${roi.target}`)

  // Business impact: every row's value and change vs baseline (arrow, sign, %) from the API.
  for (const row of await page.getByTestId('kpi-row').all()) {
    const k = byId.get((await row.getAttribute('data-kpi'))!)!
    expect(num(await row.getByTestId('kpi-value').getAttribute('data-value'))).toBe(k.value)
    const change = row.getByTestId('change')
    const pct = k.changeVsBaselinePct
    if (pct === null) await expect(change).toHaveText('—')
    else if (Math.abs(pct) >= 0.05) {
      const abs = Math.abs(pct)
      const text = abs >= 100 ? Math.round(abs).toLocaleString('en-US') : abs.toFixed(1)
      await expect(change).toContainText(`${pct > 0 ? '↑+' : '↓-'}${text} %`)
      await expect(change).toContainText(k.improvedVsBaseline ? '(better)' : '(worse)')
    }
  }

  // Milestones: each state's share in words, and the next milestone by name.
  const m = await rpc<MilestoneSummary>('getMilestones')
  expect(m.total).toBeGreaterThan(0)
  const pct = { completed: m.completedPct, on_track: m.onTrackPct, at_risk: m.atRiskPct, delayed: m.delayedPct }
  for (const [state, value] of Object.entries(pct)) {
    await expect(page.locator(`[data-testid="milestone-legend"][data-state="${state}"]`)).toContainText(`${Math.round(value)} %`)
  }
  if (m.next) await expect(page.getByTestId('milestone-next')).toContainText(m.next.name)
  // The ROI trajectory's forecast (its numbers are checked in analytics.spec.ts).
  await expect(page.locator('[data-panel-id="roi-trend"]').getByTestId('forecast-note')).toBeVisible()
})

test('operational: each process row is the KPI against its pre-AI baseline', async ({ page }) => {
  const calls = recordCalls(page)
  await page.goto(`${vigil.url}/#/operational?range=24h`)
  await expectAllPanelsReady(page, 'operational')
  const kpis = await rpc<KpiValue[]>('getKpis', calls.find((c) => c.method === 'getKpis')!.args)
  const byId = new Map(kpis.map((k) => [k.id, k]))
  const rows = await page.getByTestId('process-row').all()
  expect(rows.length).toBeGreaterThanOrEqual(8)
  for (const row of rows) {
    const k = byId.get((await row.getAttribute('data-kpi'))!)!
    expect(k.error, k.id).toBeNull()
    expect(num(await row.getByTestId('kpi-value').getAttribute('data-value'))).toBe(k.value)
    expect(k.baseline, `${k.id} has a pre-AI baseline`).not.toBeNull()
    await expect(row.getByTestId('change')).toHaveAttribute('data-verdict', k.improvedVsBaseline ? 'better' : 'worse')
  }
  // One line per feature in the grouped chart.
  const grouped = calls.find((c) => c.method === 'queryGrouped')!
  const answer = await rpc<GroupedQueryResult>('queryGrouped', grouped.args)
  const label = await page.locator('[data-panel-id="feature-utilisation"]').getByRole('img').getAttribute('aria-label')
  for (const g of answer.groups) expect(label).toContain(g.value)
})

test('technical: status cells, the model table and pipelines match latest()', async ({ page }) => {
  const { views } = await rpc<ViewsResult>('getViews')
  const grid = views.find((v) => v.id === 'technical')!.panels.find((p) => p.type === 'status-grid')!
  if (grid.type !== 'status-grid') throw new Error('unreachable')
  await page.goto(`${vigil.url}/#/technical?range=24h`)
  await expectAllPanelsReady(page, 'technical')

  const up = await rpc<LatestValue[]>('latest', { series: grid.up })
  const limits = await Promise.all(grid.degraded.map(async (t) => ({ t, values: await rpc<LatestValue[]>('latest', { series: t.series }) })))
  const cells = page.getByTestId('status-cell')
  expect(await cells.count()).toBe(new Set(up.map((v) => v.labels[grid.by])).size)
  for (const v of up) {
    const key = v.labels[grid.by]
    const crossed = limits.some(({ t, values }) =>
      values.some((x) => x.labels[grid.by] === key && ((t.above !== undefined && x.value > t.above) || (t.below !== undefined && x.value < t.below)))
    )
    const state = v.value === 0 ? 'down' : crossed ? 'degraded' : 'ok'
    const cell = page.locator(`[data-testid="status-cell"][data-key="${key}"]`)
    await expect(cell).toHaveAttribute('data-state', state)
    await expect(cell).toContainText({ ok: '● OK', degraded: '▲ Degraded', down: '✕ Down' }[state])
  }

  // Model table: each cell is latest() of its column for that model.
  for (const series of ['model_accuracy', 'model_f1', 'model_inference_latency_ms']) {
    const latest = await rpc<LatestValue[]>('latest', { series })
    expect(latest.length).toBeGreaterThan(0)
    for (const v of latest) {
      const cell = page.locator(`[data-testid="table-cell"][data-series="${series}"][data-key="${v.labels.model}"]`)
      expect(num(await cell.getAttribute('data-value'))).toBeCloseTo(v.value, 9)
      if (series === 'model_accuracy') await expect(cell).toHaveText(String(Number(v.value.toPrecision(4))))
    }
  }

  // Data pipelines: every source with its state, and one row per pipeline.
  const health = await rpc<Health>('getHealth')
  for (const s of health.sources) await expect(page.locator(`[data-testid="source-row"][data-source-id="${s.id}"]`)).toHaveAttribute('data-state', s.state)
  const lag = await rpc<LatestValue[]>('latest', { series: 'pipeline_lag_seconds' })
  await expect(page.getByTestId('pipeline-row')).toHaveCount(new Set(lag.map((v) => v.labels.pipeline)).size)
})

test('annotations: listed as events, drawn on charts, and new ones appear live', async ({ page }) => {
  await page.goto(`${vigil.url}/#/technical?range=24h`)
  await expectAllPanelsReady(page, 'technical')
  const events = page.locator('[data-panel-id="events"]')
  await expect(events.getByTestId('event').first()).toBeVisible()
  await expect(events).toContainText('e2e: fraud model v9 deployed')
  await expect(events).toContainText('e2e: checkout outage')
  // Newest first.
  const times = await events.getByTestId('event').evaluateAll((els) => els.map((e) => Date.parse(e.querySelector('time')!.getAttribute('datetime')!)))
  expect(times).toEqual([...times].sort((a, b) => b - a))
  // Charts count the view-wide annotations of their window in their summary.
  await expect(page.locator('[data-panel-id="cpu"]').getByRole('img')).toHaveAttribute('aria-label', /\d+ annotations?/)

  await expect(page.locator('[data-connection="connected"]')).toBeVisible()
  const title = `e2e: live note ${Date.now()}`
  await rpc<Annotation>('addAnnotation', { kind: 'alert', ts: Date.now() - 60_000, title })
  await expect(events).toContainText(title, { timeout: 5_000 })
})

test('a broken panel or an unknown KPI shows a message in that panel only', async ({ page }) => {
  await page.route('**/api/rpc/getViews', async (route) => {
    const res = await route.fetch()
    const body = (await res.json()) as ViewsResult
    body.views.push({
      id: 'e2e-broken',
      title: 'Broken',
      rows: 2,
      panels: [
        { type: 'kpi', kpi: 'no_such_kpi', id: 'ghost' },
        { type: 'kpi', kpi: 'roi', id: 'roi' },
        { type: 'gauge', id: 'gauge' } as never,
        { type: 'stat', series: 'service_up', id: 'stat' }
      ]
    })
    await route.fulfill({ response: res, json: body })
  })
  await page.goto(`${vigil.url}/#/e2e-broken?range=24h`)
  const root = page.getByTestId('view-e2e-broken')
  await expect(root.locator('[data-panel-id="ghost"]')).toContainText('Unknown KPI "no_such_kpi"')
  await expect(root.locator('[data-panel-id="ghost"]')).toHaveAttribute('data-state', 'error')
  await expect(root.locator('[data-panel-id="gauge"]')).toContainText('Unknown panel type "gauge"')
  // The other panels still work.
  await expect(root.locator('[data-panel-id="roi"]')).toHaveAttribute('data-state', 'ready', { timeout: 15_000 })
  await expect(root.locator('[data-panel-id="stat"]')).toHaveAttribute('data-state', 'ready')
})

/** Esc closes the drill-down once it is open (its code may still be loading right after the click). */
async function closeDrillDown(page: Page): Promise<void> {
  await expect(page.getByTestId('drilldown')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('drilldown')).toHaveCount(0)
}

test('laptop: a tile, a status cell and a table cell drill down; zooming a chart sets a custom range', async ({ page }) => {
  await page.goto(`${vigil.url}/#/executive?range=24h`)
  await expectAllPanelsReady(page, 'executive')
  await page.locator('[data-testid="kpi"][data-kpi="roi"]').click()
  await expect.poll(() => new URL(page.url()).hash).toMatch(/drill=ai_benefits_usd_total.*kpi=roi|kpi=roi.*drill=ai_/)
  await closeDrillDown(page)

  await page.goto('about:blank')
  await page.goto(`${vigil.url}/#/technical?range=24h`)
  await expectAllPanelsReady(page, 'technical')
  await page.locator('[data-testid="status-cell"][data-key="etl"]').getByRole('button').click()
  await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toMatch(/drill=service_up.*labels=service=etl/)
  await closeDrillDown(page)
  await page.locator('[data-testid="table-cell"][data-series="model_f1"][data-key="fraud-detector"]').getByRole('button').click()
  await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toMatch(/drill=model_f1.*labels=model=fraud-detector/)
  await closeDrillDown(page)

  // Mouse-wheel zoom on a chart becomes the view's time range.
  await page.goto('about:blank')
  await page.goto(`${vigil.url}/#/technical?range=24h`)
  await expectAllPanelsReady(page, 'technical')
  const box = (await page.locator('[data-panel-id="service-latency"] canvas').first().boundingBox())!
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5)
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -300)
  await expect.poll(() => new URL(page.url()).hash, { timeout: 5_000 }).toContain('range=custom')
  const params = new URLSearchParams(new URL(page.url()).hash.split('?')[1])
  const span = Date.parse(params.get('to')!) - Date.parse(params.get('from')!)
  expect(span).toBeGreaterThan(0)
  expect(span).toBeLessThan(24 * 3_600_000)
})

for (const size of [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 }
]) {
  test(`kiosk at ${size.width}×${size.height}: every view fits without scrolling or clipped panels`, async ({ page }) => {
    await page.setViewportSize(size)
    for (const id of BUILT_IN) {
      await page.goto(`${vigil.url}/#/${id}?range=24h&kiosk=1`)
      await expectAllPanelsReady(page, id)
      const overflow = await page.evaluate(() => {
        const doc = document.documentElement
        const clipped = [...document.querySelectorAll('[data-testid="panel"]')]
          .filter((p) => p.scrollHeight > p.clientHeight + 2 || p.scrollWidth > p.clientWidth + 2)
          .map((p) => p.getAttribute('data-panel-id'))
        return { page: [doc.scrollWidth - doc.clientWidth, doc.scrollHeight - doc.clientHeight], clipped }
      })
      expect(overflow, id).toEqual({ page: [0, 0], clipped: [] })
      await page.screenshot({ path: `${SCREENSHOTS}/views-${id}-kiosk-${size.width}.png` })
    }
  })
}
