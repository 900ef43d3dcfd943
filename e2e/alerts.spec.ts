// Alerting end to end: `vigil serve` with a threshold rule on a pushed series (for: 0s,
// evaluation every 1 s) and a route escalating from a first to a second webhook receiver (local
// HTTP servers started here). Values pushed over the threshold through /api/write show up on the
// wallboard (banner) and in the alerts view; an acknowledgement in the UI keeps the second level
// from ever being paged, while a control alert nobody acknowledges does escalate.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { removeDir, startVigil, type VigilServer } from './support/vigil-server'

/** The second level's delay: long enough to acknowledge through the UI first on a slow machine. */
const ESCALATE_AFTER_S = 15

interface Hook {
  url: string
  bodies: { groupLabels: Record<string, string>; status: string; alerts: { labels: Record<string, string> }[] }[]
  close(): Promise<void>
}

/** A webhook receiver on 127.0.0.1 that records every JSON body it is sent. */
async function startHook(): Promise<Hook> {
  const bodies: Hook['bodies'] = []
  const server: Server = createServer((req, res) => {
    let text = ''
    req.on('data', (c: Buffer) => (text += c.toString('utf8')))
    req.on('end', () => {
      try {
        bodies.push(JSON.parse(text))
      } catch {
        // not JSON: recorded as nothing, answered anyway
      }
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

function config(first: Hook, second: Hook): string {
  return `version: 1
storage:
  flush_interval: 50ms
sources:
  - { id: push, kind: push }
alerting:
  evaluation_interval: 1s
  rules:
    - name: E2EHighLatency
      series: e2e_latency_ms
      window: 10m
      aggregate: last
      condition: "> 250"
      for: 0s
      severity: critical
      annotations: { summary: "e2e latency {{ $value }} ms" }
    - name: E2EControl
      series: e2e_control
      window: 10m
      aggregate: last
      condition: "> 250"
      for: 0s
      severity: critical
      annotations: { summary: "control {{ $value }}" }
    - name: E2EWallSilence
      series: e2e_wall
      window: 10m
      aggregate: last
      condition: "> 250"
      for: 0s
      severity: critical
      annotations: { summary: "wall {{ $value }}" }
    - name: E2EDesktop
      series: e2e_desktop
      window: 10m
      aggregate: last
      condition: "> 250"
      for: 0s
      severity: critical
      annotations: { summary: "desktop notice {{ $value }}" }
  routes:
    - name: desktop
      match: { alertname: E2EDesktop }
      group_wait: 0s
      receivers: [desk]
    - name: critical
      match: { severity: critical }
      group_by: [alertname]
      group_wait: 0s
      escalation:
        - { after: 0s, receivers: [first] }
        - { after: ${ESCALATE_AFTER_S}s, receivers: [second] }
  receivers:
    - { id: first, kind: webhook, url: "${first.url}" }
    - { id: second, kind: webhook, url: "${second.url}" }
    - { id: desk, kind: desktop, sound: true }
`
}

async function write(request: APIRequestContext, vigil: VigilServer, lines: string[]): Promise<void> {
  const res = await request.post(`${vigil.url}/api/write?precision=ms`, {
    headers: { authorization: `Bearer ${vigil.token}`, 'content-type': 'text/plain' },
    data: lines.join('\n')
  })
  expect(res.status(), await res.text()).toBe(204)
}

interface AlertsView {
  alerts: { id: string; rule: string; status: string; firedAt: number | null; ack: { by: string; comment: string | null } | null }[]
}

async function listAlerts(request: APIRequestContext, vigil: VigilServer): Promise<AlertsView> {
  const res = await request.get(`${vigil.url}/api/alerts`, { headers: { authorization: `Bearer ${vigil.token}` } })
  expect(res.status()).toBe(200)
  return (await res.json()) as AlertsView
}

async function open(page: Page, vigil: VigilServer, hash: string): Promise<void> {
  await page.goto('about:blank')
  await page.goto(`${vigil.url}/${hash}`)
}

test.describe('alerting', () => {
  let vigil: VigilServer
  let first: Hook
  let second: Hook

  test.beforeAll(async () => {
    first = await startHook()
    second = await startHook()
    vigil = await startVigil({ config: config(first, second) })
  })

  test.afterAll(async () => {
    await vigil?.stop()
    if (vigil) removeDir(vigil.dataDir)
    await first?.close()
    await second?.close()
  })

  test('a pushed value fires, shows on the wallboard and in the alerts view; acknowledging it in the UI stops escalation', async ({ page, request }) => {
    test.setTimeout(120_000)
    await page.goto(`${vigil.url}/?token=${vigil.token}`)
    await open(page, vigil, '#/executive?kiosk=1')
    await expect(page.locator('.app')).toHaveAttribute('data-kiosk', 'true')
    await expect(page.getByTestId('alert-banner')).toHaveCount(0)

    const now = Date.now()
    await write(request, vigil, [`e2e_latency_ms value=400 ${now}`, `e2e_control value=300 ${now}`])

    // The wallboard: a banner for the firing critical alerts, each with an Acknowledge button.
    const banner = page.getByTestId('alert-banner')
    await expect(banner).toBeVisible({ timeout: 20_000 })
    await expect(banner).toContainText('e2e latency 400 ms')
    await expect(banner.getByTestId('banner-ack')).toHaveCount(2)

    // The alerts view (laptop): the alert in the firing list, critical as word and shape.
    await open(page, vigil, '#/alerts')
    const row = page.locator('[data-testid="alert"]', { hasText: 'e2e latency 400 ms' })
    await expect(row).toHaveAttribute('data-status', 'firing', { timeout: 20_000 })
    await expect(page.getByTestId('alert-list-firing')).toContainText('e2e latency 400 ms')
    await expect(row.getByTestId('alert-severity')).toContainText('Critical')
    await expect(row.getByTestId('alert-value')).toHaveText('400')

    await page.getByTestId('operator-name').fill('e2e-operator')
    await row.getByTestId('ack-button').click()
    await row.getByTestId('ack-comment').fill('checking the checkout pods')
    await row.getByTestId('ack-confirm').click()
    await expect(row).toHaveAttribute('data-status', 'acknowledged')
    await expect(page.getByTestId('alert-list-acknowledged')).toContainText('e2e latency 400 ms')
    await expect(row.getByTestId('alert-ack')).toContainText('e2e-operator')

    const view = await listAlerts(request, vigil)
    const target = view.alerts.find((a) => a.rule === 'E2EHighLatency')
    expect(target).toMatchObject({ status: 'acknowledged', ack: { by: 'e2e-operator', comment: 'checking the checkout pods' } })
    // The first level was paged for it before the acknowledgement.
    expect(first.bodies.some((b) => b.groupLabels.alertname === 'E2EHighLatency' && b.status === 'firing')).toBe(true)

    // The control alert nobody acknowledged escalates to the second level after ESCALATE_AFTER_S...
    await expect.poll(() => second.bodies.some((b) => b.groupLabels.alertname === 'E2EControl'), { timeout: (ESCALATE_AFTER_S + 20) * 1000 }).toBe(true)
    // ...by which time the acknowledged one's second level fell due too, and was never sent.
    const firedAt = target?.firedAt ?? 0
    expect(Date.now()).toBeGreaterThan(firedAt + ESCALATE_AFTER_S * 1000)
    expect(second.bodies.filter((b) => b.groupLabels.alertname === 'E2EHighLatency')).toEqual([])

    // History and the notification log show it, per receiver.
    await expect(page.locator('[data-testid="history-entry"][data-kind="acknowledged"]').first()).toBeVisible()
    await expect(page.locator('[data-testid="notification-row"][data-receiver="second"][data-state="delivered"]')).toHaveCount(1)

    // Back on the wallboard: only the control is left on the banner; acknowledging it there clears it.
    await open(page, vigil, '#/executive?kiosk=1')
    await expect(banner).toBeVisible({ timeout: 20_000 })
    await expect(banner.getByTestId('banner-alert')).toHaveCount(1)
    await expect(banner).toContainText('control 300')
    await banner.getByTestId('banner-ack').click()
    await expect(banner).toHaveCount(0)
    const after = await listAlerts(request, vigil)
    expect(after.alerts.find((a) => a.rule === 'E2EControl')).toMatchObject({ status: 'acknowledged', ack: { by: 'e2e-operator' } })
  })

  test('a desktop notification is clicked to acknowledge: its action opens the acknowledge form on that alert', async ({ page, request }) => {
    test.setTimeout(60_000)
    await page.goto(`${vigil.url}/?token=${vigil.token}`)
    await page.evaluate(() => localStorage.setItem('vigil.operator', 'desk-operator'))
    await open(page, vigil, '#/executive')
    await expect(page.locator('.app')).toHaveAttribute('data-connection', 'connected', { timeout: 20_000 })
    await write(request, vigil, [`e2e_desktop value=500 ${Date.now()}`])

    // The desktop receiver's notice arrives as an in-app notice; its action is to acknowledge.
    const toast = page.locator('[data-testid="notification-toast"]', { hasText: 'desktop notice 500' })
    await expect(toast).toBeVisible({ timeout: 20_000 })
    await expect(toast).toHaveAttribute('data-severity', 'critical')
    await toast.getByTestId('toast-open').click()

    const id = (await listAlerts(request, vigil)).alerts.find((a) => a.rule === 'E2EDesktop')?.id
    expect(id).toBeTruthy()
    await expect(page).toHaveURL(new RegExp(`#/alerts\\?range=24h&alert=${id}&ack=1$`))
    const row = page.locator(`[data-testid="alert"][data-alert-id="${id}"]`)
    await expect(row).toHaveAttribute('data-selected', 'true', { timeout: 20_000 })
    const comment = row.getByTestId('ack-comment')
    await expect(comment).toBeFocused()
    await comment.fill('on it')
    await comment.press('Enter')
    await expect(row).toHaveAttribute('data-status', 'acknowledged')
    await expect(row.getByTestId('alert-ack')).toContainText('desk-operator')
    // The request is spent: a reload does not open the form again.
    await expect(page).toHaveURL(new RegExp(`#/alerts\\?range=24h&alert=${id}$`))
    await expect(row.getByTestId('ack-form')).toHaveCount(0)
    expect((await listAlerts(request, vigil)).alerts.find((a) => a.id === id)).toMatchObject({ status: 'acknowledged', ack: { by: 'desk-operator', comment: 'on it' } })
  })

  test('a critical alert is silenced for an hour from the wallboard banner', async ({ page, request }) => {
    await page.goto(`${vigil.url}/?token=${vigil.token}`)
    await open(page, vigil, '#/operational?kiosk=1')
    await write(request, vigil, [`e2e_wall value=900 ${Date.now()}`])
    const item = page.locator('[data-testid="banner-alert"]', { hasText: 'wall 900' })
    await expect(item).toBeVisible({ timeout: 20_000 })
    const before = Date.now()
    await item.getByTestId('banner-silence').click()
    await expect(item).toHaveCount(0)

    const alert = (await listAlerts(request, vigil)).alerts.find((a) => a.rule === 'E2EWallSilence')
    expect(alert?.status).toBe('silenced')
    const res = await request.get(`${vigil.url}/api/silences`, { headers: { authorization: `Bearer ${vigil.token}` } })
    const silences = (await res.json()) as { createdBy: string; comment: string; endsAt: number; active: boolean; matchers: { name: string; value: string }[] }[]
    const mine = silences.find((x) => x.matchers.some((m) => m.name === 'alertname' && m.value === 'E2EWallSilence'))
    expect(mine).toMatchObject({ createdBy: 'wallboard', comment: 'silenced for 1 hour from the wallboard', active: true })
    expect(mine!.endsAt).toBeGreaterThanOrEqual(before + 3_600_000 - 1000)
    expect(mine!.endsAt).toBeLessThanOrEqual(Date.now() + 3_600_000)
  })

  test('the alerts page has no serious accessibility violations, dark and light', async ({ page, request }) => {
    // An alert of its own, so the page has rows whichever tests ran before on this server.
    await write(request, vigil, [`e2e_control value=300 ${Date.now()}`])
    await page.goto(`${vigil.url}/?token=${vigil.token}`)
    for (const theme of ['dark', 'light']) {
      await page.evaluate((t) => localStorage.setItem('vigil.theme', t), theme)
      await open(page, vigil, '#/alerts')
      await expect(page.getByTestId('alerts-page')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 })
      await expect(page.getByTestId('alert').first()).toBeVisible({ timeout: 20_000 })
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
      const serious = result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`)
      expect(serious, theme).toEqual([])
    }
  })
})
