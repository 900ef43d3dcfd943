// Wallboard (kiosk) and laptop mode end to end: `vigil serve` with the demo scenario in Chromium.
// Kiosk hides every control and fits 1920×1080 and 3840×2160; the playlist rotates and pauses on
// input; the range picker, chart zoom and drill-down change what is queried; notifications show
// as toasts (and browser notifications when permitted); the stale banner appears when the engine
// or a source stops updating, and goes once updates resume.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { demoConfig } from './support/demo-config'
import { removeDir, startVigil, type VigilServer } from './support/vigil-server'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const BUILT_IN_VIEWS = ['executive', 'operational', 'technical'] as const

/** A view with a stat tile and a chart on a series the tests write themselves. */
const PROBE_VIEW = `views:
  - id: probe
    title: Probe
    rows: 2
    panels:
      - { id: drill-probe, type: stat, series: e2e_drill_probe, title: Drill probe, width: 6 }
      - { id: probe-chart, type: chart, series: [e2e_drill_probe], title: Drill probe over time, width: 6 }
      - { id: cpu, type: chart, series: [host_cpu_usage_percent], title: Host CPU, width: 12 }`

async function login(page: Page, vigil: VigilServer): Promise<void> {
  await page.goto(`${vigil.url}/?token=${vigil.token}`)
}

/** Opens a hash route in a fresh document (a hash-only change would keep the old page's state). */
async function open(page: Page, vigil: VigilServer, hash: string): Promise<void> {
  await page.goto('about:blank')
  await page.goto(`${vigil.url}/${hash}`)
}

/** Waits until the view is rendered and none of its panels is still loading. */
async function viewReady(page: Page, view: string): Promise<void> {
  const root = page.getByTestId(`view-${view}`)
  await expect(root).toHaveAttribute('data-state', 'ready', { timeout: 30_000 })
  await expect(root.getByTestId('panel').first()).toBeVisible()
  await expect(root.locator('[data-testid="panel"][data-state="loading"]')).toHaveCount(0, { timeout: 30_000 })
}

async function write(request: APIRequestContext, vigil: VigilServer, lines: string[]): Promise<void> {
  const res = await request.post(`${vigil.url}/api/write?precision=ms`, {
    headers: { authorization: `Bearer ${vigil.token}`, 'content-type': 'text/plain' },
    data: lines.join('\n')
  })
  expect(res.status(), await res.text()).toBe(204)
}

async function rpc<T>(request: APIRequestContext, vigil: VigilServer, name: string, args: unknown): Promise<T> {
  const res = await request.post(`${vigil.url}/api/rpc/${name}`, { headers: { authorization: `Bearer ${vigil.token}` }, data: args })
  expect(res.status(), await res.text()).toBe(200)
  return (await res.json()) as T
}

/** Page and layout size, and whether every panel lies inside the viewport. */
async function layoutFits(page: Page): Promise<{ scroll: boolean; outside: string[] }> {
  return page.evaluate(() => {
    const doc = document.documentElement
    const scroll = doc.scrollHeight > innerHeight || doc.scrollWidth > innerWidth
    const outside = [...document.querySelectorAll<HTMLElement>('[data-testid="panel"], [data-testid="kiosk-strip"]')]
      .filter((el) => {
        const r = el.getBoundingClientRect()
        return r.top < -1 || r.left < -1 || r.bottom > innerHeight + 1 || r.right > innerWidth + 1
      })
      .map((el) => el.dataset.panelId ?? el.dataset.testid ?? el.className)
    return { scroll, outside }
  })
}

/** Every queryRange request's arguments, as the page sends them. */
function recordQueries(page: Page): { from: number; to: number; step?: number; series: string }[] {
  const seen: { from: number; to: number; step?: number; series: string }[] = []
  page.on('request', (req) => {
    if (req.method() === 'POST' && req.url().endsWith('/api/rpc/queryRange')) seen.push(req.postDataJSON())
  })
  return seen
}

test.describe('kiosk and laptop modes', () => {
  let vigil: VigilServer

  test.beforeAll(async ({ request }) => {
    // A long interval: these tests look at one view at a time (the playlist has its own server).
    vigil = await startVigil({ config: demoConfig(`${PROBE_VIEW}\nwallboard:\n  interval: 10m`) })
    const now = Date.now()
    // 60 samples, one every 10 s, newest last: values 1…60.
    await write(
      request,
      vigil,
      Array.from({ length: 60 }, (_, i) => `e2e_drill_probe value=${i + 1} ${now - (59 - i) * 10_000}`)
    )
  })

  test.afterAll(async () => {
    const code = await vigil?.stop()
    expect(code, `vigil serve should exit 0 on SIGTERM; output:\n${vigil?.output()}`).toBe(0)
    removeDir(vigil.dataDir)
  })

  test('kiosk mode hides every control and fits 1920×1080 without scrolling, on every view', async ({ page }) => {
    await login(page, vigil)
    for (const view of [...BUILT_IN_VIEWS, 'probe']) {
      await open(page, vigil, `#/${view}?kiosk=1`)
      await viewReady(page, view)
      await expect(page.getByTestId('kiosk-strip')).toBeVisible()
      await expect(page.getByTestId('kiosk-view-title')).toContainText(view === 'probe' ? 'Probe' : view, { ignoreCase: true })
      for (const id of ['view-tabs', 'range-1h', 'range-custom', 'send-test-notification', 'theme-toggle', 'kiosk-toggle', 'source-health']) {
        await expect(page.getByTestId(id), id).toHaveCount(0)
      }
      await expect(page.getByRole('textbox')).toHaveCount(0) // no Explore box
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
      expect(await layoutFits(page), view).toEqual({ scroll: false, outside: [] })
      await page.screenshot({ path: `e2e/screenshots/wallboard-${view}.png` })
    }
  })

  test('kiosk mode also fits a 4K screen, and starts from ?kiosk=1 in the query string', async ({ page }) => {
    await login(page, vigil)
    await page.setViewportSize({ width: 3840, height: 2160 })
    await page.goto(`${vigil.url}/?kiosk=1#/technical`)
    await expect(page).toHaveURL(/#\/technical\?range=24h&kiosk=1$/)
    await viewReady(page, 'technical')
    await expect(page.getByTestId('view-tabs')).toHaveCount(0)
    expect(await layoutFits(page)).toEqual({ scroll: false, outside: [] })
    // Text grows with the screen (readable from across a room).
    const rootPx = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))
    expect(rootPx).toBe(32)
    await page.screenshot({ path: 'e2e/screenshots/wallboard-technical-4k.png' })
  })

  test('the cursor disappears on a wallboard after a few seconds without movement', async ({ page }) => {
    await login(page, vigil)
    await open(page, vigil, '#/executive?kiosk=1')
    await expect(page.locator('html')).toHaveClass(/cursor-hidden/, { timeout: 10_000 })
    expect(await page.evaluate(() => getComputedStyle(document.body).cursor)).toBe('none')
    await page.mouse.move(200, 200)
    await page.mouse.move(400, 300)
    await expect(page.locator('html')).not.toHaveClass(/cursor-hidden/)
  })

  test('Esc leaves kiosk mode for laptop mode, and the header button enters it', async ({ page }) => {
    await login(page, vigil)
    await open(page, vigil, '#/operational?kiosk=1')
    await expect(page.getByTestId('kiosk-strip')).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('view-tabs')).toBeVisible()
    await expect(page).toHaveURL(/#\/operational\?range=24h$/)
    await page.getByTestId('kiosk-toggle').click()
    await expect(page.getByTestId('kiosk-strip')).toBeVisible()
    await expect(page).toHaveURL(/kiosk=1/)
  })

  test('laptop mode: keys 1–9 and ←/→ switch views, tabs follow', async ({ page }) => {
    await login(page, vigil)
    await open(page, vigil, '#/executive?range=24h')
    await expect(page.getByTestId('tab-executive')).toHaveAttribute('aria-current', 'page')
    await page.keyboard.press('3')
    await expect(page.getByTestId('view-technical')).toBeVisible()
    await expect(page.getByTestId('tab-technical')).toHaveAttribute('aria-current', 'page')
    await page.keyboard.press('ArrowLeft')
    await expect(page.getByTestId('view-operational')).toBeVisible()
    await page.keyboard.press('5') // the configured view after the four built-ins
    await expect(page.getByTestId('view-probe')).toBeVisible()
    await expect(page).toHaveURL(/#\/probe\?range=24h$/)
    await page.keyboard.press('ArrowRight') // wraps round to the first view
    await expect(page.getByTestId('view-executive')).toBeVisible()
    // Keys typed into a text field stay there.
    const explore = page.getByLabel('Series name to explore')
    await explore.focus()
    await page.keyboard.press('2')
    await expect(explore).toHaveValue('2')
    await expect(page.getByTestId('view-executive')).toBeVisible()
  })

  test('the time range changes the window the charts query: presets, custom inputs and the URL', async ({ page }) => {
    await login(page, vigil)
    const queries = recordQueries(page)
    await open(page, vigil, '#/technical?range=24h')
    await viewReady(page, 'technical')
    await expect.poll(() => queries.some((q) => q.to - q.from === DAY)).toBe(true)

    queries.length = 0
    await page.getByTestId('range-7d').click()
    await expect(page).toHaveURL(/range=7d/)
    await expect.poll(() => queries.some((q) => q.to - q.from === 7 * DAY)).toBe(true)

    // Custom range from the datetime inputs (local time), applied.
    queries.length = 0
    await page.getByTestId('range-custom').click()
    await page.getByTestId('range-from').fill('2026-01-05T08:00')
    await page.getByTestId('range-to').fill('2026-01-06T20:30')
    await page.getByTestId('range-apply').click()
    const expected = await page.evaluate(() => ({ from: new Date(2026, 0, 5, 8, 0).getTime(), to: new Date(2026, 0, 6, 20, 30).getTime() }))
    await expect(page).toHaveURL(/range=custom&from=[^&]+&to=[^&]+/)
    await expect.poll(() => queries.some((q) => q.from === expected.from && q.to === expected.to)).toBe(true)

    // The same range, addressed by URL.
    const from = Date.UTC(2026, 0, 2, 0, 0)
    const to = Date.UTC(2026, 0, 3, 12, 0)
    queries.length = 0
    await open(page, vigil, `#/technical?range=custom&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`)
    await viewReady(page, 'technical')
    await expect.poll(() => queries.some((q) => q.from === from && q.to === to)).toBe(true)
    await expect(page.getByTestId('range-custom')).toHaveAttribute('aria-pressed', 'true')

    // An invalid custom range is refused with a message, not applied.
    await page.getByTestId('range-from').fill('2026-01-06T20:30')
    await page.getByTestId('range-to').fill('2026-01-05T08:00')
    await page.getByTestId('range-apply').click()
    await expect(page.getByRole('alert').filter({ hasText: '"To" must be after "From"' })).toBeVisible()
  })

  test('zooming a chart sets a custom range', async ({ page }) => {
    await login(page, vigil)
    await open(page, vigil, '#/probe?range=24h')
    await viewReady(page, 'probe')
    const canvas = page.locator('[data-panel-id="cpu"] canvas').first()
    await expect(canvas).toBeVisible()
    const box = (await canvas.boundingBox())!
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2)
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -400)
    await expect(page).toHaveURL(/range=custom&from=[^&]+&to=[^&]+/, { timeout: 10_000 })
    const hash = new URL(page.url()).hash
    const params = new URLSearchParams(hash.slice(hash.indexOf('?') + 1))
    const span = Date.parse(params.get('to')!) - Date.parse(params.get('from')!)
    expect(span).toBeGreaterThan(0)
    expect(span).toBeLessThan(DAY)
  })

  test('a tile click opens the drill-down with the tier, the avg/min–max chart and the raw samples; Esc closes it', async ({ page, request }) => {
    await login(page, vigil)
    const queries = recordQueries(page)
    await open(page, vigil, '#/probe?range=24h')
    await viewReady(page, 'probe')
    await page.locator('[data-panel-id="drill-probe"] .drill-link').click()
    const drill = page.getByTestId('drilldown')
    await expect(drill).toBeVisible()
    await expect(page).toHaveURL(/drill=e2e_drill_probe/)
    await expect(drill.getByTestId('drilldown-series')).toHaveText('e2e_drill_probe')
    await expect(drill.getByTestId('drilldown-tier')).toHaveText(/^(raw samples|1-minute roll-up|1-hour roll-up|mixed \(raw and roll-ups\))$/)
    await expect(drill.getByTestId('drilldown-chart')).toHaveAttribute('data-state', 'ready')
    await expect(drill.getByTestId('drilldown-chart').locator('canvas').first()).toBeVisible()

    // The raw table: the newest 50 of the 60 samples written, newest first, as the API has them.
    const rows = drill.getByTestId('drilldown-raw-row')
    await expect(rows).toHaveCount(50)
    await expect(rows.nth(0).locator('td').nth(1)).toHaveText('60')
    await expect(rows.nth(49).locator('td').nth(1)).toHaveText('11')
    const api = await rpc<{ points: [number, number][] }>(request, vigil, 'queryRange', {
      series: 'e2e_drill_probe',
      from: Date.now() - HOUR,
      to: Date.now() + 60_000,
      step: 1,
      agg: 'last'
    })
    expect(api.points.at(-1)?.[1]).toBe(60)
    // The band comes from avg, min and max over the view's window.
    for (const agg of ['avg', 'min', 'max']) {
      expect(queries.some((q) => q.series === 'e2e_drill_probe' && (q as { agg?: string }).agg === agg && q.to - q.from === DAY), agg).toBe(true)
    }

    // The rolled-up resolutions are links that re-query at their bucket width.
    queries.length = 0
    await drill.getByTestId('drilldown-step-1h').click()
    await expect(page).toHaveURL(/step=1h/)
    await expect(drill).toContainText('1 h buckets')
    await expect.poll(() => queries.some((q) => q.series === 'e2e_drill_probe' && q.step === 3600)).toBe(true)
    await drill.getByTestId('drilldown-step-1m').click()
    await expect(drill).toContainText('1 min buckets')

    await page.keyboard.press('Escape')
    await expect(drill).toHaveCount(0)
    await expect(page).not.toHaveURL(/drill=/)
    await expect(page.getByTestId('view-probe')).toBeVisible()
  })

  test('the drill-down URL opens it directly; kiosk mode never shows it', async ({ page }) => {
    await login(page, vigil)
    await open(page, vigil, '#/technical?range=1h&drill=host_cpu_usage_percent')
    await expect(page.getByTestId('drilldown')).toBeVisible()
    await expect(page.getByTestId('drilldown-raw-row').first()).toBeVisible({ timeout: 30_000 })
    await open(page, vigil, '#/technical?range=1h&drill=host_cpu_usage_percent&kiosk=1')
    await viewReady(page, 'technical')
    await expect(page.getByTestId('drilldown')).toHaveCount(0)
  })

  test('a test notification shows as a toast in laptop and kiosk mode, and as a browser notification when permitted', async ({ page, context, request }) => {
    await context.grantPermissions(['notifications'], { origin: vigil.url })
    // Records what the page hands to the browser's Notification API.
    await page.addInitScript(() => {
      const shown: string[] = []
      ;(window as unknown as { __notifications: string[] }).__notifications = shown
      const Real = window.Notification
      class Recording extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options)
          shown.push(title)
        }
      }
      Object.defineProperty(Recording, 'permission', { get: () => Real.permission })
      window.Notification = Recording as typeof Notification
    })
    await login(page, vigil)
    await open(page, vigil, '#/executive')
    await expect(page.locator('[data-connection="connected"]')).toBeVisible()
    await page.getByTestId('send-test-notification').click()
    const toast = page.getByTestId('notification-toast')
    await expect(toast).toHaveCount(1)
    await expect(toast).toContainText('Vigil test notification (info)')
    await expect.poll(() => page.evaluate(() => (window as unknown as { __notifications: string[] }).__notifications)).toEqual(['Vigil test notification (info)'])
    await toast.getByRole('button', { name: /Dismiss/ }).click()
    await expect(toast).toHaveCount(0)

    // On the wallboard, a notice sent by anyone shows too (no controls needed).
    await open(page, vigil, '#/executive?kiosk=1')
    await expect(page.locator('[data-connection="connected"]')).toBeVisible()
    await rpc(request, vigil, 'sendTestNotification', { severity: 'critical' })
    await expect(toast).toHaveCount(1)
    await expect(toast).toHaveAttribute('data-severity', 'critical')
    await expect(toast).toContainText('CRITICAL')
  })

  test('the light theme is a toggle in the header, remembered, and never used on the wallboard', async ({ page }) => {
    await login(page, vigil)
    await open(page, vigil, '#/executive')
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await page.getByTestId('theme-toggle').click()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
    await expect(page.getByTestId('theme-toggle')).toHaveAttribute('aria-pressed', 'true')
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    expect(bg).toBe('rgb(238, 241, 245)')
    await page.reload()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
    await open(page, vigil, '#/executive?kiosk=1')
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await open(page, vigil, '#/executive')
    await page.getByTestId('theme-toggle').click()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  })
})

test.describe('playlist and engine outage', () => {
  let vigil: VigilServer

  test.beforeAll(async () => {
    vigil = await startVigil({ config: demoConfig(`${PROBE_VIEW}\nwallboard:\n  playlist: [executive, operational, technical]\n  interval: 2s`) })
  })

  test.afterAll(async () => {
    await vigil?.stop()
    removeDir(vigil.dataDir)
  })

  test('the playlist advances on its interval and pauses on a key press', async ({ page }) => {
    await login(page, vigil)
    await open(page, vigil, '#/executive?kiosk=1')
    const title = page.getByTestId('kiosk-view-title')
    await expect(page.getByTestId('rotation-progress')).toBeAttached()
    await expect(title).toContainText('Operational', { timeout: 15_000 })
    await expect(page).toHaveURL(/#\/operational\?range=24h&kiosk=1$/)
    await expect(title).toContainText('Technical', { timeout: 15_000 })
    await expect(title).toContainText('Executive', { timeout: 15_000 })

    // Someone walks up and presses a key: the rotation stops on this view and says so.
    await page.keyboard.press('Shift')
    await expect(page.getByTestId('rotation-paused')).toBeVisible()
    await expect(page.getByTestId('rotation-progress')).toHaveCount(0)
    const paused = (await title.textContent()) ?? ''
    await page.waitForTimeout(5_000) // more than two intervals
    await expect(title).toHaveText(paused)
  })

  test('the stale banner appears when the engine stops and goes when it is back on the same port', async ({ page, request }) => {
    await login(page, vigil)
    await open(page, vigil, '#/executive?kiosk=1')
    await expect(page.locator('[data-connection="connected"]')).toBeVisible()
    await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live')
    await expect(page.getByTestId('stale-banner')).toHaveCount(0)

    const { dataDir, port } = vigil
    expect(await vigil.stop()).toBe(0)
    const banner = page.getByTestId('stale-banner')
    await expect(banner).toBeVisible({ timeout: 20_000 })
    await expect(banner).toHaveAttribute('data-cause', 'engine')
    await expect(banner).toContainText(/Data stale since \d\d:\d\d/)
    await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'stale')
    await page.screenshot({ path: 'e2e/screenshots/wallboard-stale.png' })
    // The wallboard holds the view it has data for instead of rotating to views it cannot load.
    const held = (await page.getByTestId('kiosk-view-title').textContent()) ?? ''
    await page.waitForTimeout(5_000) // more than two playlist intervals
    await expect(page.getByTestId('kiosk-view-title')).toHaveText(held)
    await expect(page.getByTestId('rotation-progress')).toHaveCount(0)

    vigil = await startVigil({ dataDir, port, config: demoConfig(`${PROBE_VIEW}\nwallboard:\n  playlist: [executive, operational, technical]\n  interval: 2s`) })
    await expect(banner).toHaveCount(0, { timeout: 60_000 })
    await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live')

    // Live again, without a reload: a value written now reaches the wallboard through the
    // reconnected stream. (A key press pauses the rotation so the probe view stays on screen.)
    await page.keyboard.press('Shift')
    await page.evaluate(() => (location.hash = '#/probe?kiosk=1'))
    await viewReady(page, 'probe')
    await write(request, vigil, [`e2e_drill_probe value=4242 ${Date.now()}`])
    await expect(page.locator('[data-panel-id="drill-probe"]')).toContainText(/4,?242/, { timeout: 10_000 })
  })
})

test.describe('source staleness', () => {
  let vigil: VigilServer
  let upstream: Server
  let failing = false

  test.beforeAll(async () => {
    upstream = createServer((_req, res) => {
      if (failing) {
        res.writeHead(503, { 'content-type': 'text/plain' }).end('maintenance')
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: 42 }))
    })
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
    const upstreamPort = (upstream.address() as AddressInfo).port
    vigil = await startVigil({
      config: `version: 1
storage:
  flush_interval: 50ms
sources:
  - id: crm
    kind: http-json
    url: http://127.0.0.1:${upstreamPort}/kpis
    interval: 1s
    metrics:
      - { series: crm_revenue_usd, path: $.value }
views:
  - id: crm
    title: CRM
    rows: 1
    panels:
      - { id: revenue, type: stat, series: crm_revenue_usd, title: Revenue, width: 12 }
wallboard:
  stale_after: 3s
`
    })
  })

  test.afterAll(async () => {
    await vigil?.stop()
    removeDir(vigil.dataDir)
    await new Promise((resolve) => upstream.close(resolve))
  })

  test('a source failing for longer than stale_after is named in the banner until it recovers', async ({ page }) => {
    await login(page, vigil)
    await open(page, vigil, '#/crm?kiosk=1')
    await expect(page.locator('[data-panel-id="revenue"]')).toContainText('42', { timeout: 20_000 })
    await expect(page.getByTestId('stale-banner')).toHaveCount(0)

    failing = true
    const banner = page.getByTestId('stale-banner')
    await expect(banner).toBeVisible({ timeout: 20_000 })
    await expect(banner).toHaveAttribute('data-cause', 'sources')
    await expect(banner).toHaveAttribute('data-sources', 'crm')
    await expect(banner).toContainText(/Data stale since \d\d:\d\d/)
    await expect(banner).toContainText('crm')

    failing = false
    await expect(banner).toHaveCount(0, { timeout: 20_000 })
  })
})
