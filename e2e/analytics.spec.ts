// Forecasts and anomalies on the views, end to end: `vigil serve` with the default config (its
// KPIs and demo scenario, a short back-fill) in Chromium. The executive ROI trajectory shows the
// forecast and bands getForecast answered, with the payback text from its crossing; the technical
// view's capacity headlines match their crossings; a chart with anomalies shades as many periods
// as getAnomalies returns (an obvious spike is pushed through /api/write to make sure of one).
import { mkdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, test, type APIRequestContext, type Page, type Response } from '@playwright/test'
import { parse, stringify } from 'yaml'
import type { AnomalyView, ForecastView } from '../src/shared/analytics'
import type { ViewsResult } from '../src/shared/api'
import type { Health } from '../src/shared/types'
import { removeDir, startVigil, type VigilServer } from './support/vigil-server'

const SCREENSHOTS = resolve(__dirname, 'screenshots')
const HOUR = 3_600_000
const DAY = 24 * HOUR

/** The default config with a short back-fill and a quiet demo source (numbers hold still). */
function analyticsConfig(): string {
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

/** Waits for the page's answer to a contract call whose arguments pass `match`. */
function answerOf<T>(page: Page, method: string, match: (args: Record<string, unknown>) => boolean): Promise<T> {
  return page
    .waitForResponse((r: Response) => r.url().endsWith(`/api/rpc/${method}`) && r.request().method() === 'POST' && match(JSON.parse(r.request().postData() || '{}')), {
      timeout: 60_000
    })
    .then(async (r) => {
      expect(r.status(), `${method}: ${await r.text()}`).toBe(200)
      return (await r.json()) as T
    })
}

/** A percentage as the panels write it: one decimal, thousands grouped ("690,384.2"; the ROI can pass 1,000 %). */
function percent(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })
}

/** "2027-03-14" in the browser's (and this process's) local time. */
function isoDay(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(180_000)
  mkdirSync(SCREENSHOTS, { recursive: true })
  vigil = await startVigil({ config: analyticsConfig() })
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

test('executive: the ROI trajectory shows the forecast and bands getForecast answered, and the payback', async ({ page }) => {
  const answer = answerOf<ForecastView>(page, 'getForecast', (a) => a.kpi === 'roi')
  await page.goto(`${vigil.url}/#/executive?range=24h`)
  const forecast = await answer
  const panel = page.locator('[data-panel-id="roi-trend"]')
  await expect(panel).toHaveAttribute('data-state', 'ready', { timeout: 30_000 })
  await expect(panel.getByTestId('chart')).toHaveAttribute('data-forecast', 'ready')

  // The 6-month trajectory with 80 % and 95 % bands, as the engine answered it.
  expect(forecast.ts.length).toBeGreaterThan(0)
  expect(forecast.ts[forecast.ts.length - 1] - forecast.generatedAt).toBeGreaterThan(170 * DAY)
  const last = forecast.ts.length - 1
  const band = (level: number) => forecast.bands.find((b) => b.level === level)!
  const note = panel.getByTestId('forecast-note')
  await expect(note).toHaveAttribute('data-model', forecast.model)
  await expect(note).toHaveAttribute('data-end-ts', String(forecast.ts[last]))
  await expect(note).toHaveAttribute('data-mean', String(forecast.mean[last]))
  await expect(note).toHaveAttribute('data-bands', `80:${band(80).lower[last]}:${band(80).upper[last]} 95:${band(95).lower[last]}:${band(95).upper[last]}`)
  await expect(note).toContainText(`Forecast ${percent(forecast.mean[last])} % on ${isoDay(forecast.ts[last])}`)
  await expect(note).toContainText(`80 %: ${percent(band(80).lower[last])} % to ${percent(band(80).upper[last])} %`)
  await expect(note).toContainText(forecast.model)
  const label = await panel.getByRole('img').getAttribute('aria-label')
  expect(label).toContain(`forecast ${percent(forecast.mean[last])} %`)
  expect(label).toContain('95 %:')

  // Payback: the crossing of "ROI > 0".
  const c = forecast.crossing!
  expect(c.condition).toBe('> 0')
  const headline = panel.getByTestId('forecast-headline')
  if (c.alreadyMet) await expect(headline).toHaveText('already paid back')
  else if (c.meanAt !== null) await expect(headline).toContainText(`payback projected ${isoDay(c.meanAt)}`)
  else await expect(headline).toContainText('payback not projected within 6 months')
  await page.screenshot({ path: `${SCREENSHOTS}/analytics-executive.png` })
})

test('technical: the capacity headlines say what the forecasts\' crossings say', async ({ page }) => {
  const { views } = (await (await api.post(`${vigil.url}/api/rpc/getViews`, { data: {} })).json()) as ViewsResult
  const panels = views.find((v) => v.id === 'technical')!.panels.filter((p) => p.type === 'forecast')
  expect(panels.length).toBeGreaterThanOrEqual(2)
  const answers = panels.map((p) => answerOf<ForecastView>(page, 'getForecast', (a) => a.series === (p as { series: string }).series))
  await page.goto(`${vigil.url}/#/technical?range=24h`)
  for (const [i, p] of panels.entries()) {
    if (p.type !== 'forecast') throw new Error('unreachable')
    const forecast = await answers[i]
    const panel = page.locator(`[data-panel-id="${p.id}"]`)
    await expect(panel).toHaveAttribute('data-state', 'ready', { timeout: 30_000 })
    const c = forecast.crossing!
    expect(c.condition).toBe(p.condition!.text)
    const event = p.event!
    const now = forecast.generatedAt
    const days = (at: number) => Math.floor((at - now) / DAY)
    let expected: string
    if (c.alreadyMet) expected = p.met ?? `${event} now`
    else if (c.meanAt !== null) expected = p.when === 'date' ? `${event} by ${isoDay(c.meanAt)}` : `${event} in ${days(c.meanAt) >= 1 ? `${days(c.meanAt)} day` : ''}`
    else expected = `${event}: not within 30 days`
    const headline = panel.getByTestId('forecast-headline')
    await expect(headline).toContainText(expected)
    await expect(headline).toHaveAttribute('data-status', c.alreadyMet ? 'met' : c.meanAt !== null ? 'projected' : c.earliestAt !== null ? 'possible' : 'not-within')
    if (!c.alreadyMet && c.meanAt === null && c.earliestAt !== null) {
      await expect(headline).toContainText(p.when === 'date' ? `possible from ${isoDay(c.earliestAt)}` : 'possible in')
    }
    // The bands drawn end where the engine's do.
    const last = forecast.ts.length - 1
    await expect(panel.getByTestId('forecast-note')).toHaveAttribute('data-mean', String(forecast.mean[last]))
  }
  await page.screenshot({ path: `${SCREENSHOTS}/analytics-technical.png` })
})

test('a chart with anomalies shades as many periods as getAnomalies returns, and says how many', async ({ page }) => {
  // Two days of a steady latency, one point per 5-minute chart step (the detector learns for its
  // first 388 samples, Numenta's default), with an obvious spike an hour ago.
  const now = Date.now()
  const lines: string[] = []
  for (let i = 576; i >= 1; i--) {
    const steady = 100 + 3 * Math.sin(i * 1.7) + 2 * Math.cos(i * 0.37)
    lines.push(`e2e_latency_ms,case=anomaly value=${i === 12 ? 950 : steady.toFixed(3)} ${now - i * 300_000}`)
  }
  const res = await api.post(`${vigil.url}/api/write?precision=ms`, { headers: { 'content-type': 'text/plain' }, data: lines.join('\n') })
  expect(res.status(), await res.text()).toBe(204)

  await page.route('**/api/rpc/getViews', async (route) => {
    const r = await route.fetch()
    const body = (await r.json()) as ViewsResult
    body.views.push({
      id: 'e2e-anomalies',
      title: 'Anomalies',
      rows: 2,
      panels: [
        { id: 'spiky', type: 'chart', title: 'Latency with a spike', series: ['e2e_latency_ms'], unit: 'ms', area: false, anomalies: true, width: 12 },
        { id: 'plain', type: 'chart', title: 'Latency, no anomaly shading', series: ['e2e_latency_ms'], unit: 'ms', area: false, anomalies: false, width: 12 }
      ]
    })
    await route.fulfill({ response: r, json: body })
  })
  const answer = answerOf<AnomalyView>(page, 'getAnomalies', (a) => a.series === 'e2e_latency_ms')
  await page.goto(`${vigil.url}/#/e2e-anomalies?range=24h`)
  const anomalies = await answer
  expect(anomalies.periods.length, 'the pushed spike is an anomaly').toBeGreaterThanOrEqual(1)
  // A period covers the spike (its buckets are the chart's, so they may start a little before it).
  const [spikeFrom, spikeTo] = [now - 61 * 60_000, now - 59 * 60_000]
  expect(anomalies.periods.some((p) => p.from <= spikeTo && p.to + anomalies.stepMs >= spikeFrom), JSON.stringify(anomalies.periods)).toBe(true)

  const spiky = page.locator('[data-panel-id="spiky"]')
  await expect(spiky).toHaveAttribute('data-state', 'ready', { timeout: 30_000 })
  const chart = spiky.getByTestId('chart')
  await expect(chart).toHaveAttribute('data-anomalies-state', 'ready')
  await expect(chart).toHaveAttribute('data-anomalies', String(anomalies.periods.length))
  const n = anomalies.periods.length
  await expect(spiky.getByTestId('anomaly-badge')).toHaveText(`✱ ${n} ${n === 1 ? 'anomaly' : 'anomalies'}`)
  await expect(spiky.getByRole('img')).toHaveAttribute('aria-label', new RegExp(`${n} anomal`))

  // The same series without the option: no calls, no shading, no badge.
  const plain = page.locator('[data-panel-id="plain"]')
  await expect(plain).toHaveAttribute('data-state', 'ready')
  await expect(plain.getByTestId('anomaly-badge')).toHaveCount(0)
  await expect(plain.getByTestId('chart')).not.toHaveAttribute('data-anomalies', /.*/)

  await page.screenshot({ path: `${SCREENSHOTS}/analytics-anomalies.png` })
})

test('a forecast the engine cannot make is said in its panel; the rest of the view still works', async ({ page }) => {
  await page.route('**/api/rpc/getViews', async (route) => {
    const r = await route.fetch()
    const body = (await r.json()) as ViewsResult
    body.views.push({
      id: 'e2e-forecast-errors',
      title: 'Forecast errors',
      rows: 1,
      panels: [
        { id: 'nothing', type: 'forecast', series: 'e2e_no_such_series', horizon: 7 * DAY, when: 'days', width: 6 },
        { id: 'roi', type: 'kpi-chart', kpi: 'roi', forecast: { horizon: 7 * DAY, history: HOUR }, width: 6 }
      ]
    })
    await route.fulfill({ response: r, json: body })
  })
  await page.goto(`${vigil.url}/#/e2e-forecast-errors?range=24h`)
  const nothing = page.locator('[data-panel-id="nothing"]')
  await expect(nothing).toHaveAttribute('data-state', 'error', { timeout: 30_000 })
  await expect(nothing.getByRole('alert')).toContainText('e2e_no_such_series')
  // One hour of a 10-minute back-fill is too little history: the KPI still shows, the forecast says why not.
  const roi = page.locator('[data-panel-id="roi"]')
  await expect(roi).toHaveAttribute('data-state', 'ready', { timeout: 30_000 })
  await expect(roi.getByTestId('chart')).toHaveAttribute('data-forecast', 'error')
  await expect(roi.getByTestId('forecast-error')).toContainText('forecast unavailable')
})
