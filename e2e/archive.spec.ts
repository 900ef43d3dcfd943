// Review mode end to end in Chromium: `vigil open` on an archive exported from a demo data dir
// shows the "Archive: name, range, verified/unsigned" banner, the views with the archive's data
// over its whole range, no range beyond it, and refuses writes; a damaged archive is refused.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import type { AppInfo } from '../src/shared/types'
import { buildDemoArchive, openArchive, type VigilReview } from './support/vigil-archive'
import { removeDir } from './support/vigil-server'

const DAY = 86_400_000
let dir: string
let archive: string
let review: VigilReview
// Whole minutes, two days ending an hour ago: inside the demo's 30-day back-fill.
const to = new Date(Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000)
const from = new Date(to.getTime() - 2 * DAY)

test.beforeAll(async () => {
  test.setTimeout(180_000)
  dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-archive-'))
  archive = await buildDemoArchive(dir, from, to)
  review = await openArchive(archive, join(dir, 'cache'))
})

test.afterAll(async () => {
  await review?.stop()
  if (dir) removeDir(dir)
})

test('shows the archive banner and its data, with the range locked to the archive', async ({ page }) => {
  await page.goto(`${review.url}/?token=${review.token}`)
  const banner = page.getByTestId('archive-banner')
  await expect(banner).toContainText('Archive: review.vigil')
  await expect(banner).toContainText('verified, unsigned')
  await expect(banner).toContainText('UTC')
  // Whole archive by default: the URL carries the archive's range.
  await expect.poll(() => page.evaluate(() => location.hash)).toContain(`from=${encodeURIComponent(from.toISOString())}`)
  await expect(page.getByTestId('range-archive')).toHaveAttribute('aria-pressed', 'true')
  // Presets longer than the archive (2 days) are not offered.
  await expect(page.getByTestId('range-24h')).toBeVisible()
  await expect(page.getByTestId('range-7d')).toHaveCount(0)
  // The executive view shows numbers from the archive (no stale banner: nothing is live here).
  await expect(page.locator('[data-testid^="kpi-value"]').first()).toHaveText(/\d/, { timeout: 20_000 })
  await expect(page.getByTestId('stale-banner')).toHaveCount(0)
  mkdirScreens()
  await page.screenshot({ path: resolve(__dirname, 'screenshots', 'archive-review.png') })
})

test('refuses writes with a read-only error', async ({ request }) => {
  const headers = { authorization: `Bearer ${review.token}` }
  const info = (await (await request.post(`${review.url}/api/rpc/getAppInfo`, { headers, data: {} })).json()) as AppInfo
  expect(info.mode).toBe('archive')
  expect(info.archive).toMatchObject({ name: 'review.vigil', from: from.getTime(), to: to.getTime(), verified: true, signed: false })
  const note = await request.post(`${review.url}/api/rpc/addAnnotation`, { headers, data: { kind: 'note', ts: from.getTime() + 1000, title: 'x' } })
  expect(note.status()).toBe(403)
  expect(((await note.json()) as { error: { code: string } }).error.code).toBe('read_only')
  const write = await request.post(`${review.url}/api/write`, { headers, data: 'cpu value=1' })
  expect(write.status()).toBe(403)
})

test('a damaged archive is refused with exit 2 and what is wrong', () => {
  const bytes = readFileSync(archive)
  bytes[bytes.length - 2048] ^= 0xff
  const broken = join(dir, 'broken.vigil')
  writeFileSync(broken, bytes)
  const run = spawnSync(process.execPath, [resolve(__dirname, '../out/main/cli.js'), 'open', broken, '--port', '0', '--cache-dir', join(dir, 'cache')], { encoding: 'utf8' })
  expect(run.status).toBe(2)
  expect(run.stderr).toContain('archive broken.vigil cannot be opened')
})

function mkdirScreens(): void {
  spawnSync('mkdir', ['-p', resolve(__dirname, 'screenshots')])
}
