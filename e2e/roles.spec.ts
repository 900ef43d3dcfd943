// Roles in the browser: a wallboard opened with the viewer token can look but not act (no
// acknowledge / silence controls, no Secrets tab; the API refuses with 403 naming the role), while
// the admin token sees the Secrets tab and its page loads the (admin-only) list.
import { expect, test } from '@playwright/test'
import { removeDir, startVigil, type VigilServer } from './support/vigil-server'

let vigil: VigilServer
let viewerToken: string

test.beforeAll(async () => {
  vigil = await startVigil()
  // serve prints one link per role, just after "serving on"; on loopback the viewer token is generated.
  const link = /viewer:\s+http:\/\/\S+\/\?token=(\S+)/
  await expect.poll(() => link.test(vigil.output()), { timeout: 10_000 }).toBe(true)
  viewerToken = link.exec(vigil.output())![1]
})

test.afterAll(async () => {
  if (vigil) {
    await vigil.stop()
    removeDir(vigil.dataDir)
  }
})

test('a viewer token shows the wallboard without actions, and the API refuses its writes', async ({ page, request }) => {
  // The UI hides actions until it knows its role: wait for that answer, so hidden means "viewer".
  // Watched from before the page loads: the shell may ask before the load event.
  const role = page.waitForResponse((r) => r.url().endsWith('/api/whoami') && r.ok())
  // The token link redirects to / and keeps the fragment: one page load, on the alerts page.
  await page.goto(`${vigil.url}/?token=${viewerToken}#/alerts`)
  // (The app may already have written the range into the hash: #/alerts?range=24h.)
  expect(page.url()).toMatch(new RegExp(`^${vigil.url}/#/alerts(\\?|$)`))
  expect(await (await role).json()).toMatchObject({ role: 'viewer' })
  await expect(page.getByTestId('alerts-page')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 })
  await expect(page.getByTestId('tab-alerts')).toBeVisible()
  await expect(page.getByTestId('tab-secrets')).toHaveCount(0)
  await expect(page.getByTestId('operator-name')).toHaveCount(0)

  const whoami = await request.get(`${vigil.url}/api/whoami`, { headers: { authorization: `Bearer ${viewerToken}` } })
  expect(await whoami.json()).toMatchObject({ role: 'viewer', canOperate: false, canAdminister: false })
  const ack = await request.post(`${vigil.url}/api/rpc/addSilence`, {
    headers: { authorization: `Bearer ${viewerToken}` },
    data: { matchers: [{ name: 'alertname', value: 'x' }], endsAt: Date.now() + 60_000, createdBy: 'tv', comment: 'no' }
  })
  expect(ack.status()).toBe(403)
  expect(await ack.text()).toContain('needs the operator role (or higher); this token has the viewer role')
})

test('the admin token shows the Secrets tab, and the page loads the list from the admin-only API', async ({ page }) => {
  await page.goto(`${vigil.url}/?token=${vigil.token}`)
  await page.goto(`${vigil.url}/#/alerts`)
  await expect(page.getByTestId('operator-name')).toBeVisible({ timeout: 20_000 })
  await page.getByTestId('tab-secrets').click()
  await expect(page.getByTestId('secrets-page')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 })
})
