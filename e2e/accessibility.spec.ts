// Accessibility: axe-core (WCAG 2.1 A/AA rules) finds no serious or critical violation on any
// configured view, in laptop mode (dark and light theme, with the drill-down and a notification
// open) and in wallboard (kiosk) mode, against `vigil serve` with the demo scenario.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { demoConfig } from './support/demo-config'
import { removeDir, startVigil, type VigilServer } from './support/vigil-server'

let vigil: VigilServer
let viewIds: string[] = []

test.beforeAll(async ({ request }) => {
  // A long playlist interval: each check looks at one view.
  vigil = await startVigil({ config: demoConfig('wallboard:\n  interval: 10m') })
  const res = await request.post(`${vigil.url}/api/rpc/getViews`, { headers: { authorization: `Bearer ${vigil.token}` }, data: {} })
  expect(res.status()).toBe(200)
  viewIds = ((await res.json()) as { views: { id: string }[] }).views.map((v) => v.id)
  expect(viewIds.length).toBeGreaterThanOrEqual(3)
})

test.afterAll(async () => {
  await vigil?.stop()
  removeDir(vigil.dataDir)
})

/** Opens a hash route in a fresh document and waits until no panel is loading. */
async function openView(page: Page, view: string, query = ''): Promise<void> {
  await page.goto('about:blank')
  await page.goto(`${vigil.url}/#/${view}${query}`)
  const root = page.getByTestId(`view-${view}`)
  await expect(root).toHaveAttribute('data-state', 'ready', { timeout: 30_000 })
  await expect(root.locator('[data-testid="panel"][data-state="loading"]')).toHaveCount(0, { timeout: 30_000 })
}

/** Serious and critical violations, as readable lines (rule, impact, what to fix, where). */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`)
}

async function login(page: Page): Promise<void> {
  await page.goto(`${vigil.url}/?token=${vigil.token}`)
}

test('laptop mode, dark theme: every view', async ({ page }) => {
  await login(page)
  for (const view of viewIds) {
    await openView(page, view, '?range=24h')
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    expect(await seriousViolations(page), view).toEqual([])
  }
})

test('laptop mode, light theme: every view', async ({ page }) => {
  await login(page)
  await page.evaluate(() => localStorage.setItem('vigil.theme', 'light'))
  for (const view of viewIds) {
    await openView(page, view, '?range=24h')
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
    expect(await seriousViolations(page), view).toEqual([])
  }
})

test('wallboard (kiosk) mode: every view', async ({ page }) => {
  await login(page)
  for (const view of viewIds) {
    await openView(page, view, '?kiosk=1')
    await expect(page.getByTestId('kiosk-strip')).toBeVisible()
    expect(await seriousViolations(page), view).toEqual([])
  }
})

for (const theme of ['dark', 'light'] as const) {
  test(`laptop mode, ${theme} theme: the drill-down, the custom range form and a notification`, async ({ page, request }) => {
    await login(page)
    await page.evaluate((t) => localStorage.setItem('vigil.theme', t), theme)
    await openView(page, 'technical', '?range=1h&drill=host_cpu_usage_percent')
    await expect(page.getByTestId('drilldown')).toBeVisible()
    await expect(page.getByTestId('drilldown-raw-row').first()).toBeVisible({ timeout: 30_000 })
    await expect(page.locator('[data-connection="connected"]')).toBeVisible()
    const sent = await request.post(`${vigil.url}/api/rpc/sendTestNotification`, {
      headers: { authorization: `Bearer ${vigil.token}` },
      data: { severity: 'critical' }
    })
    expect(sent.status()).toBe(200)
    await expect(page.getByTestId('notification-toast')).toBeVisible()
    expect(await seriousViolations(page), 'drill-down').toEqual([])

    await page.keyboard.press('Escape')
    await expect(page.getByTestId('drilldown')).toHaveCount(0)
    await page.getByTestId('range-custom').click()
    await expect(page.getByTestId('custom-range')).toBeVisible()
    expect(await seriousViolations(page), 'custom range').toEqual([])
  })
}
