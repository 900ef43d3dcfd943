// The foundation end to end: `vigil serve` on a temp data dir with the demo scenario, in Chromium.
import { expect, test } from '@playwright/test'
import { removeDir, startVigil, type VigilServer } from './support/vigil-server'

let vigil: VigilServer

test.beforeAll(async () => {
  vigil = await startVigil()
})

test.afterAll(async () => {
  const code = await vigil?.stop()
  expect(code, `vigil serve should exit 0 on SIGTERM; output:\n${vigil?.output()}`).toBe(0)
  removeDir(vigil.dataDir)
})

test('the API refuses requests without the token', async ({ request }) => {
  for (const path of ['/api/health', '/api/series', '/api/query?series=ai_roi_percent']) {
    const res = await request.get(vigil.url + path)
    expect(res.status(), path).toBe(401)
  }
  const rpc = await request.post(vigil.url + '/api/rpc/getHealth', { data: {} })
  expect(rpc.status()).toBe(401)
})

test('each view renders live charts from demo data', async ({ page, request }) => {
  await page.goto(`${vigil.url}/?token=${vigil.token}`)
  for (const view of ['executive', 'operational', 'technical'] as const) {
    await page.goto(`${vigil.url}/#/${view}`)
    const root = page.getByTestId(`view-${view}`)
    await expect(root).toBeVisible()
    const charts = root.getByTestId('chart')
    await expect(charts.first()).toBeVisible()
    await expect(charts.first().locator('canvas').first()).toBeVisible({ timeout: 30_000 })
    // Every chart on the view has data: none shows the "No data" state.
    await expect(root.getByText(/No data for/)).toHaveCount(0, { timeout: 30_000 })
    await page.screenshot({ path: `e2e/screenshots/foundation-${view}.png` })
  }
  // The executive ROI tile shows the same latest value the API returns.
  const res = await request.post(`${vigil.url}/api/rpc/latest`, {
    headers: { authorization: `Bearer ${vigil.token}` },
    data: { series: 'ai_roi_percent' }
  })
  expect(res.status()).toBe(200)
  const latest = (await res.json()) as { value: number }[]
  expect(latest.length).toBeGreaterThan(0)
})

test('a value written to /api/write appears on screen within 2 s', async ({ page, request }) => {
  await page.goto(`${vigil.url}/?token=${vigil.token}`)
  await page.goto(`${vigil.url}/#/technical?series=e2e_probe`)
  await expect(page.getByTestId('explore-series')).toContainText('e2e_probe')
  // The page must be subscribed to push events before the write.
  await expect(page.locator('[data-connection="connected"]')).toBeVisible()
  const res = await request.post(`${vigil.url}/api/write?precision=ms`, {
    headers: { authorization: `Bearer ${vigil.token}`, 'content-type': 'text/plain' },
    data: `e2e_probe,case=foundation value=42.5 ${Date.now()}`
  })
  expect(res.status()).toBe(204)
  await expect(page.getByTestId('latest-value')).toHaveText('42.5', { timeout: 2_000 })
})
