// Model quality, drift, recommendations and business forecasts on the views, end to end: `vigil
// serve` with the default config (the demo scenario, whose fraud model decays and whose inputs
// drift over its last days; a 30-day back-fill) in Chromium. Each panel shows what the engine
// answered the page: the quality table's numbers are getModelQuality's, the drift verdicts
// getModelDrift's, the recommendations exactly getRecommendations({view})'s, the adoption and
// savings headlines getBusinessForecasts'. The "models" view (not in views.spec's list) also fits
// a wallboard without scrolling.
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, test, type APIRequestContext, type Locator, type Page, type Response } from '@playwright/test'
import type { ViewsResult } from '../src/shared/api'
import type { BusinessForecastsView, Recommendation } from '../src/shared/analytics-business'
import type { ModelDrift, ModelQuality } from '../src/shared/analytics-models'
import type { Health } from '../src/shared/types'
import { demoConfig } from './support/demo-config'
import { removeDir, startVigil, type VigilServer } from './support/vigil-server'

const SCREENSHOTS = resolve(__dirname, 'screenshots')

let vigil: VigilServer
let api: APIRequestContext

/** Waits for the page's answer to a contract call whose arguments pass `match`. */
function answerOf<T>(page: Page, method: string, match: (args: Record<string, unknown>) => boolean = () => true): Promise<T> {
  return page
    .waitForResponse((r: Response) => r.url().endsWith(`/api/rpc/${method}`) && r.request().method() === 'POST' && match(JSON.parse(r.request().postData() || '{}')), {
      timeout: 60_000
    })
    .then(async (r) => {
      expect(r.status(), `${method}: ${await r.text()}`).toBe(200)
      return (await r.json()) as T
    })
}

/** "2027-03-14" in the browser's (and this process's) local time. */
function isoDay(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** Waits until no panel of the view is loading, then expects every one to be ready. */
async function expectAllPanelsReady(page: Page, view: string): Promise<Locator> {
  const root = page.getByTestId(`view-${view}`)
  await expect(root).toHaveAttribute('data-state', 'ready', { timeout: 30_000 })
  await expect(root.getByTestId('panel').first()).toBeVisible()
  await expect(root.locator('[data-testid="panel"][data-state="loading"]')).toHaveCount(0, { timeout: 30_000 })
  const states = await root.getByTestId('panel').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-panel-id')}=${e.getAttribute('data-state')}`))
  expect(states.filter((s) => !s.endsWith('=ready')), `panels not ready on ${view}`).toEqual([])
  return root
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(180_000)
  mkdirSync(SCREENSHOTS, { recursive: true })
  vigil = await startVigil({ config: demoConfig() })
  api = await playwright.request.newContext({ extraHTTPHeaders: { authorization: `Bearer ${vigil.token}` } })
  await expect
    .poll(
      async () => {
        const res = await api.post(`${vigil.url}/api/rpc/getHealth`, { data: {} })
        return ((await res.json()) as Health).sources.find((s) => s.id === 'demo')?.state
      },
      { timeout: 150_000, intervals: [500] }
    )
    .toBe('ok')
})

test.afterAll(async () => {
  await api?.dispose()
  const code = await vigil?.stop()
  expect(code, `vigil serve should exit 0 on SIGTERM; output:\n${vigil?.output()}`).toBe(0)
  removeDir(vigil.dataDir)
})

test.beforeEach(async ({ page }) => {
  await page.goto(`${vigil.url}/?token=${vigil.token}`)
  await page.goto('about:blank')
})

/** Metrics whose fall is an improvement; throughput is not judged. */
const LOWER_IS_BETTER = new Set(['logLoss', 'ece', 'latencyP50', 'latencyP95'])
const SCORES = new Set(['accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'logLoss', 'ece'])

test('models: the quality table is getModelQuality\'s answer, with arrows and better/worse by direction', async ({ page }) => {
  const answer = answerOf<ModelQuality>(page, 'getModelQuality', (a) => a.model === 'fraud-detector')
  await page.goto(`${vigil.url}/#/models?range=24h`)
  const q = await answer
  const panel = page.locator('[data-panel-id="fraud-quality"]')
  await expect(panel).toHaveAttribute('data-state', 'ready', { timeout: 30_000 })

  // The demo's fraud model decays: its F1 is lower now than in the reference window.
  expect(q.change.f1.relative!, 'the demo fraud model decays').toBeLessThan(0)

  const rows = panel.getByTestId('quality-row')
  await expect(rows).toHaveCount(10)
  let worse = 0
  let better = 0
  for (const row of await rows.all()) {
    const key = (await row.getAttribute('data-metric')) as keyof ModelQuality['change']
    const c = q.change[key]
    expect(c, key).toBeDefined()
    expect(await row.getAttribute('data-current')).toBe(c.current === null ? '' : String(c.current))
    expect(await row.getAttribute('data-reference')).toBe(c.reference === null ? '' : String(c.reference))
    if (SCORES.has(key) && c.current !== null) await expect(row.getByTestId('quality-current')).toHaveText(c.current.toFixed(3))
    if (SCORES.has(key) && c.reference !== null) await expect(row.getByTestId('quality-reference')).toHaveText(c.reference.toFixed(3))
    if (LOWER_IS_BETTER.has(key)) await expect(row.locator('th')).toContainText('lower is better')
    const change = row.getByTestId('change')
    const rel = c.relative
    if (rel === null || Math.abs(rel * 100) < 0.05) continue
    const pct = Math.abs(rel * 100)
    const text = pct >= 100 ? Math.round(pct).toLocaleString('en-US') : pct.toFixed(1)
    await expect(change).toContainText(`${rel > 0 ? '↑+' : '↓-'}${text} %`)
    if (key === 'throughputPerHour') {
      await expect(change).toHaveAttribute('data-verdict', 'unknown')
      continue
    }
    const improved = LOWER_IS_BETTER.has(key) ? rel < 0 : rel > 0
    if (improved) better++
    else worse++
    await expect(change).toHaveAttribute('data-verdict', improved ? 'better' : 'worse')
    await expect(change).toContainText(improved ? '(better)' : '(worse)')
  }
  await expect(panel.getByTestId('quality-summary')).toHaveText(`${worse > 0 ? '▼ ' : '✓ '}${worse} worse, ${better} better`)
  const counts = panel.getByTestId('quality-counts')
  await expect(counts).toHaveAttribute('data-labelled', String(q.current.labelled))
  await expect(counts).toContainText(`${q.current.labelled.toLocaleString('en-US')} of ${q.current.count.toLocaleString('en-US')} labelled`)
  await expect(counts).toContainText(`${q.reference.labelled.toLocaleString('en-US')} of ${q.reference.count.toLocaleString('en-US')} labelled`)
  if (q.current.sampled || q.reference.sampled) await expect(counts).toContainText('sampled')
  else await expect(counts).not.toContainText('sampled')
})

test('models: the drift verdicts are getModelDrift\'s, drifted features first, with the dataset headline', async ({ page }) => {
  const answer = answerOf<ModelDrift>(page, 'getModelDrift', (a) => a.model === 'fraud-detector')
  await page.goto(`${vigil.url}/#/models?range=24h`)
  const d = await answer
  const panel = page.locator('[data-panel-id="fraud-drift"]')
  await expect(panel).toHaveAttribute('data-state', 'ready', { timeout: 30_000 })

  // The demo's fraud inputs drift.
  expect(d.driftedCount, 'the demo fraud model\'s inputs drift').toBeGreaterThanOrEqual(1)

  const n = d.features.length
  const verdict = d.drifted ? 'dataset drift' : 'no dataset drift'
  await expect(panel.getByTestId('drift-headline')).toContainText(`${d.driftedCount} of ${n} feature${n === 1 ? '' : 's'} drifted: ${verdict}`)
  await expect(panel.getByTestId('drift-headline')).toHaveAttribute('data-drifted', String(d.drifted))

  const rows = panel.getByTestId('drift-row')
  await expect(rows).toHaveCount(n)
  const shown = await rows.evaluateAll((els) => els.map((e) => ({ feature: e.getAttribute('data-feature')!, drifted: e.getAttribute('data-drifted') === 'true' })))
  // Drifted first; every feature once with the engine's verdict, method, score and threshold.
  expect(shown.map((s) => s.drifted)).toEqual([...shown.map((s) => s.drifted)].sort((a, b) => Number(b) - Number(a)))
  expect(shown.map((s) => s.feature).sort()).toEqual(d.features.map((f) => f.feature).sort())
  for (const f of d.features) {
    const row = panel.locator(`[data-testid="drift-row"][data-feature="${f.feature}"]`)
    await expect(row).toHaveAttribute('data-drifted', String(f.drifted))
    await expect(row).toHaveAttribute('data-method', f.method)
    await expect(row).toHaveAttribute('data-score', String(f.score))
    await expect(row).toHaveAttribute('data-threshold', String(f.threshold))
    await expect(row.getByTestId('drift-verdict')).toHaveText(f.drifted ? '▲ Drifted' : '✓ Stable')
  }
  if (d.skipped && d.skipped.length > 0) for (const s of d.skipped) await expect(panel.getByTestId('drift-skipped')).toContainText(s.feature)
  else await expect(panel.getByTestId('drift-skipped')).toHaveCount(0)
  await page.screenshot({ path: `${SCREENSHOTS}/analytics-models.png` })
})

/** The recommendations panel lists exactly the answer's titles (most severe first, the rest in "+ n more"). */
async function expectRecommendations(panel: Locator, list: Recommendation[], limit: number): Promise<void> {
  const rank: Record<string, number> = { critical: 0, warning: 1, info: 2 }
  const sorted = list.map((r, i) => ({ r, i })).sort((a, b) => rank[a.r.severity] - rank[b.r.severity] || a.i - b.i).map(({ r }) => r)
  const shown = sorted.slice(0, limit)
  const more = sorted.slice(limit)
  if (list.length === 0) {
    await expect(panel.getByTestId('recommendations-none')).toHaveText('✓ No recommendations')
    await expect(panel.getByTestId('recommendation')).toHaveCount(0)
    return
  }
  await expect(panel.getByTestId('recommendation-title')).toHaveText(shown.map((r) => r.title))
  const words: Record<string, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' }
  for (const r of shown) {
    const item = panel.locator(`[data-testid="recommendation"][data-id="${r.id}"]`)
    await expect(item).toHaveAttribute('data-severity', r.severity)
    await expect(item.getByTestId('recommendation-severity')).toContainText(words[r.severity])
    await expect(item).toContainText(r.action)
    const figures = item.getByTestId('recommendation-figure')
    await expect(figures).toHaveCount(r.figures.length)
    for (const [i, f] of r.figures.entries()) {
      await expect(figures.nth(i)).toHaveAttribute('data-label', f.label)
      await expect(figures.nth(i)).toHaveAttribute('data-value', String(f.value))
    }
  }
  if (more.length === 0) await expect(panel.getByTestId('recommendations-more')).toHaveCount(0)
  else {
    await expect(panel.getByTestId('recommendations-more')).toHaveAttribute('data-count', String(more.length))
    await expect(panel.getByTestId('recommendations-more')).toHaveAttribute('title', more.map((r) => r.title).join('\n'))
  }
}

for (const [viewId, panelId, asked] of [
  ['models', 'technical-recommendations', 'technical'],
  ['executive', 'executive-recommendations', 'executive'],
  ['operational', 'operational-recommendations', 'operational']
] as const) {
  test(`${viewId}: the recommendations panel lists exactly getRecommendations({ view: ${asked} })`, async ({ page }) => {
    const { views } = (await (await api.post(`${vigil.url}/api/rpc/getViews`, { data: {} })).json()) as ViewsResult
    const config = views.find((v) => v.id === viewId)!.panels.find((p) => p.id === panelId)
    if (config?.type !== 'recommendations') throw new Error(`${viewId} has no recommendations panel "${panelId}"`)
    const answer = answerOf<Recommendation[]>(page, 'getRecommendations', (a) => a.view === asked)
    await page.goto(`${vigil.url}/#/${viewId}?range=24h`)
    const list = await answer
    expect(list.every((r) => r.view === asked)).toBe(true)
    const panel = page.locator(`[data-panel-id="${panelId}"]`)
    await expect(panel).toHaveAttribute('data-state', 'ready', { timeout: 30_000 })
    await expectRecommendations(panel, list, config.limit)
  })
}

test('executive: the adoption and savings headlines are getBusinessForecasts\' answer', async ({ page }) => {
  const answer = answerOf<BusinessForecastsView>(page, 'getBusinessForecasts')
  await page.goto(`${vigil.url}/#/executive?range=24h`)
  const f = await answer
  const adoption = page.locator('[data-panel-id="adoption-curve"]')
  await expect(adoption).toHaveAttribute('data-state', 'ready', { timeout: 30_000 })
  const a = f.adoption.result!
  expect(f.adoption.error).toBeNull()
  const headline = adoption.getByTestId('adoption-headline')
  await expect(headline).toHaveAttribute('data-status', a.status)
  if (a.status === 'fitted') {
    const reach = a.plateauReach
    const when = `${Math.round(reach.fraction * 100)} % of it ${reach.reached ? 'reached' : 'projected'} on ${isoDay(reach.date)}`
    await expect(headline).toContainText(`plateau ${a.plateau.value.toFixed(1)} %`)
    await expect(headline).toContainText(`(R² ${a.r2.toFixed(3)}); ${when}`)
    await expect(adoption.getByTestId('adoption-note')).toHaveAttribute('data-plateau', String(a.plateau.value))
    await expect(adoption.getByTestId('chart')).toHaveAttribute('data-forecast', 'ready')
    await expect(adoption.getByRole('img')).toHaveAttribute('aria-label', /latest/)
  } else {
    await expect(headline).toContainText(a.reason)
  }

  const savings = page.locator('[data-panel-id="savings-forecast"]')
  await expect(savings).toHaveAttribute('data-state', 'ready')
  const s = f.savings.result!
  expect(f.savings.error).toBeNull()
  const sh = savings.getByTestId('savings-headline')
  await expect(sh).toHaveAttribute('data-mean', String(s.total.mean))
  await expect(sh).toHaveAttribute('data-ranges', s.total.ranges.map((r) => `${r.level}:${r.lower}:${r.upper}`).join(' '))
  await expect(sh).toContainText(`by ${isoDay(s.horizonEnd)}`)
  for (const r of s.total.ranges) await expect(sh).toContainText(`${r.level} %:`)
  await expect(savings.getByRole('img')).toHaveAttribute('aria-label', /saved so far latest/)
  await page.screenshot({ path: `${SCREENSHOTS}/analytics-executive-business.png` })
})

test('models: one capacity row per capacity forecast, with its status and days left', async ({ page }) => {
  const answer = answerOf<BusinessForecastsView>(page, 'getBusinessForecasts')
  await page.goto(`${vigil.url}/#/models?range=24h`)
  const f = await answer
  const panel = page.locator('[data-panel-id="capacity"]')
  await expect(panel).toHaveAttribute('data-state', 'ready', { timeout: 30_000 })
  await expect(panel.getByTestId('capacity-row')).toHaveCount(f.capacity.length)
  const words: Record<string, string> = { exceeded: '✕ Exceeded', projected: '▲ Runs out', not_within_horizon: '✓ Enough', error: '? No forecast' }
  for (const item of f.capacity) {
    const row = panel.locator(`[data-testid="capacity-row"][data-resource="${item.resource}"]`)
    const status = item.result?.status ?? 'error'
    await expect(row).toHaveAttribute('data-status', status)
    await expect(row.getByTestId('capacity-status')).toHaveText(words[status])
    await expect(row.getByTestId('capacity-summary')).toHaveAttribute('title', item.result?.summary ?? item.error!)
    if (status === 'exceeded') await expect(row.getByTestId('capacity-days')).toHaveText('now')
    if (status === 'projected') await expect(row.getByTestId('capacity-days')).toHaveText(`${Math.floor(item.result!.daysFromNow!)} d`)
  }
})

test('a model the engine does not know is said in its panel; the rest of the view still works', async ({ page }) => {
  await page.route('**/api/rpc/getViews', async (route) => {
    const r = await route.fetch()
    const body = (await r.json()) as ViewsResult
    body.views.push({
      id: 'e2e-models',
      title: 'Models (broken)',
      rows: 1,
      panels: [
        { id: 'ghost', type: 'model-quality', model: 'no-such-model', width: 4 },
        { id: 'ghost-drift', type: 'model-drift', model: 'no-such-model', width: 4 },
        { id: 'real', type: 'model-drift', model: 'fraud-detector', width: 4 }
      ]
    })
    await route.fulfill({ response: r, json: body })
  })
  await page.goto(`${vigil.url}/#/e2e-models?range=24h`)
  for (const id of ['ghost', 'ghost-drift']) {
    const panel = page.locator(`[data-panel-id="${id}"]`)
    await expect(panel).toHaveAttribute('data-state', 'error', { timeout: 30_000 })
    await expect(panel.getByRole('alert')).toContainText('no-such-model')
  }
  await expect(page.locator('[data-panel-id="real"]')).toHaveAttribute('data-state', 'ready')
})

for (const size of [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 }
]) {
  test(`kiosk at ${size.width}×${size.height}: the models view fits without scrolling or clipped panels`, async ({ page }) => {
    await page.setViewportSize(size)
    await page.goto(`${vigil.url}/#/models?range=24h&kiosk=1`)
    const root = await expectAllPanelsReady(page, 'models')
    await expect(root.getByText(/Error:|No data for|NaN/)).toHaveCount(0)
    const overflow = await page.evaluate(() => {
      const doc = document.documentElement
      const clipped = [...document.querySelectorAll('[data-testid="panel"]')]
        .filter((p) => p.scrollHeight > p.clientHeight + 2 || p.scrollWidth > p.clientWidth + 2)
        .map((p) => p.getAttribute('data-panel-id'))
      return { page: [doc.scrollWidth - doc.clientWidth, doc.scrollHeight - doc.clientHeight], clipped }
    })
    expect(overflow).toEqual({ page: [0, 0], clipped: [] })
    await page.screenshot({ path: `${SCREENSHOTS}/views-models-kiosk-${size.width}.png` })
  })
}
