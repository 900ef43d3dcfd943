// Reports end to end: `vigil report` prints the executive report page of a demo `vigil serve`
// (by URL, and from the data dir once the server is gone) to A4 PDFs with three pages in both
// orientations, page 1 rendered to PNG for a person to look at; the page itself in Chromium; and
// a panel's CSV download equal to the API's answer for the panel's calls.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test, type APIRequestContext } from '@playwright/test'
import { parse, stringify } from 'yaml'
import type { KpiValue } from '../src/shared/kpi'
import type { QueryResult } from '../src/shared/types'
import { pageSizeName, pdfFacts } from '../src/main/reports/pdf-facts'
import { removeDir, startVigil, type VigilServer } from './support/vigil-server'

const CLI = resolve(__dirname, '../out/main/cli.js')
const OUT = resolve(__dirname, '../test-results/reports')
const DAY = 86_400_000

const SCHEDULED_DIR = join(OUT, 'scheduled')
/** The scheduled report's time of day: two minutes ahead (UTC), so `vigil serve` must run it itself. */
const scheduledAt = new Date(Date.now() + 2 * 60_000)
const SCHEDULED_HHMM = scheduledAt.toISOString().slice(11, 16)

/** The default config with a week of back-fill, a quiet demo source (numbers hold still) and a daily report due in two minutes. */
function reportsConfig(): string {
  const config = parse(readFileSync(resolve(__dirname, '../resources/vigil.default.yaml'), 'utf8')) as {
    storage?: Record<string, unknown>
    sources: Record<string, unknown>[]
    reports?: unknown[]
  }
  config.storage = { ...config.storage, flush_interval: '50ms' }
  config.sources = config.sources.map((s) => (s.kind === 'demo' ? { ...s, interval: '1h', backfill: '7d', backfill_step: '15m' } : s.kind === 'host' ? { ...s, interval: '5s' } : s))
  config.reports = [{ id: 'daily-exec', every: 'daily', at: SCHEDULED_HHMM, timezone: 'UTC', orientation: 'portrait', folder: SCHEDULED_DIR }]
  return stringify(config)
}

function vigilCli(args: string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 180_000, env: { ...process.env, VIGIL_TOKEN: '' } })
  return { code: r.status, out: `${r.stdout}${r.stderr}` }
}

/** pdftoppm (poppler-utils) renders page 1 to PNG; without it the PNG is skipped, except in CI. */
function pageOneToPng(pdf: string, name: string): void {
  const which = spawnSync('sh', ['-c', 'command -v pdftoppm'], { encoding: 'utf8' })
  if (which.status !== 0) {
    if (process.env.CI) throw new Error('pdftoppm not found: install poppler-utils (CI renders report pages to PNG)')
    console.warn('pdftoppm not found (install poppler-utils): page 1 is not rendered to PNG')
    return
  }
  const r = spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, join(OUT, name)], { encoding: 'utf8' })
  expect(r.status, r.stderr).toBe(0)
  expect(readFileSync(join(OUT, `${name}.png`)).subarray(1, 4).toString('latin1')).toBe('PNG')
}

let vigil: VigilServer
let api: APIRequestContext
let rpc: <T>(method: string, args?: unknown) => Promise<T>
let to: number
let from: number

test.beforeAll(async ({ playwright }) => {
  rmSync(OUT, { recursive: true, force: true })
  mkdirSync(OUT, { recursive: true })
  vigil = await startVigil({ config: reportsConfig() })
  api = await playwright.request.newContext({ baseURL: vigil.url, extraHTTPHeaders: { authorization: `Bearer ${vigil.token}` } })
  rpc = async <T>(method: string, args: unknown = {}): Promise<T> => {
    const res = await api.post(`/api/rpc/${method}`, { data: args })
    expect(res.ok(), `${method}: ${await res.text()}`).toBe(true)
    return (await res.json()) as T
  }
  // Wait for the back-fill: the executive KPIs have values.
  await expect.poll(async () => (await rpc<KpiValue[]>('getKpis', { ids: ['roi'], from: Date.now() - DAY, to: Date.now() }))[0]?.value ?? null, { timeout: 60_000 }).not.toBeNull()
  to = Date.now()
  from = to - 7 * DAY
})

test.afterAll(async () => {
  await api?.dispose()
  if (vigil) {
    await vigil.stop()
    removeDir(vigil.dataDir)
  }
})

test('the report page shows the executive KPIs, trajectory, milestones and top alerts on three sheets', async ({ page }) => {
  await page.goto(`${vigil.url}/report.html?view=executive&from=${from}&to=${to}&orientation=portrait&token=${vigil.token}`)
  await expect(page.locator('body')).toHaveAttribute('data-report-ready', 'true', { timeout: 60_000 })
  await expect(page.getByTestId('report-sheet')).toHaveCount(3)
  await expect(page.getByTestId('report-period')).toHaveAttribute('data-from', String(from))
  const kpis = await rpc<KpiValue[]>('getKpis', { ids: ['roi', 'payback_progress', 'revenue_impact', 'cost_savings', 'csat', 'esat', 'adoption_rate'], from, to })
  await expect(page.getByTestId('report-kpis')).toHaveAttribute('data-count', String(kpis.length))
  for (const k of kpis) await expect(page.locator(`[data-testid="kpi-value"][data-kpi="${k.id}"]`)).toHaveAttribute('data-value', String(k.value ?? ''))
  await expect(page.locator('[data-panel-id="roi-trend"]')).not.toHaveAttribute('data-state', 'loading')
  await expect(page.getByTestId('report-milestones')).toBeVisible()
  await expect(page.getByTestId('report-alerts')).toBeVisible()
  await expect(page.getByTestId('panel-csv')).toHaveCount(0)
  await page.screenshot({ path: join(OUT, 'report-page-portrait.png'), fullPage: true })
  await page.goto(`${vigil.url}/report.html?view=executive&from=${from}&to=${to}&orientation=landscape`)
  await expect(page.locator('body')).toHaveAttribute('data-report-ready', 'true', { timeout: 60_000 })
  await expect(page.getByTestId('report')).toHaveAttribute('data-orientation', 'landscape')
  await page.screenshot({ path: join(OUT, 'report-page-landscape.png'), fullPage: true })
})

test('a bad report link says what is wrong', async ({ page }) => {
  await page.goto(`${vigil.url}/report.html?view=executive&from=${to}&to=${from}&token=${vigil.token}`)
  await expect(page.locator('body')).toHaveAttribute('data-report-error', /"to" .* must be after "from"/)
})

for (const orientation of ['landscape', 'portrait'] as const) {
  test(`vigil report --url prints three A4 ${orientation} pages`, async () => {
    const out = join(OUT, `executive-${orientation}.pdf`)
    const r = vigilCli(['report', '--view', 'executive', '--from', new Date(from).toISOString(), '--to', new Date(to).toISOString(), '--orientation', orientation, '--url', vigil.url, '--token', vigil.token, '--out', out])
    expect(r.code, r.out).toBe(0)
    expect(r.out).toContain(`wrote ${out} (3 pages, A4 ${orientation}`)
    const pdf = readFileSync(out)
    expect(pdf.length).toBeGreaterThan(10_000)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const facts = pdfFacts(pdf)
    expect(facts.pages).toBe(3)
    expect(facts.sizes.map(pageSizeName)).toEqual([`A4 ${orientation}`, `A4 ${orientation}`, `A4 ${orientation}`])
    pageOneToPng(out, `executive-${orientation}-page1`)
  })
}

test("a panel's CSV download holds the API's answer for the panel's calls", async ({ page }) => {
  const calls: { method: string; args: Record<string, unknown> }[] = []
  page.on('request', (req) => {
    const m = /\/api\/rpc\/(queryRange|getKpis)$/.exec(new URL(req.url()).pathname)
    if (m) calls.push({ method: m[1], args: JSON.parse(req.postData() ?? '{}') })
  })
  await page.goto(`${vigil.url}/?token=${vigil.token}#/executive?range=7d`)
  const chart = page.locator('[data-testid="panel"][data-panel-id="benefits-vs-investment"]')
  await expect(chart).toHaveAttribute('data-state', 'ready', { timeout: 60_000 })

  // A time series panel: time,series,value, one row per point of each line.
  const [download] = await Promise.all([page.waitForEvent('download'), chart.getByTestId('panel-csv').click()])
  expect(download.suggestedFilename()).toMatch(/^vigil-benefits-vs-investment-\d{8}-\d{4}\.csv$/)
  const rows = readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n')
  expect(rows[0]).toBe('time,series,value')
  const lines = calls.filter((c) => c.method === 'queryRange' && ['ai_benefits_usd_total', 'ai_investment_usd_total'].includes(c.args.series as string))
  const latest = new Map(lines.map((c) => [c.args.series as string, c.args]))
  const expected: string[] = []
  for (const series of ['ai_benefits_usd_total', 'ai_investment_usd_total']) {
    const answer = await rpc<QueryResult>('queryRange', latest.get(series))
    for (const [ts, v] of answer.points) expected.push(`${new Date(ts).toISOString()},${series},${v}`)
  }
  expect(expected.length).toBeGreaterThan(10)
  expect(rows.slice(1)).toEqual(expected)

  // A table panel: the KPIs it shows (not the whole view's shared getKpis answer), as rows.
  const list = page.locator('[data-testid="panel"][data-panel-id="business-impact"]')
  await expect(list).toHaveAttribute('data-state', 'ready')
  const [kpiDownload] = await Promise.all([page.waitForEvent('download'), list.getByTestId('panel-csv').click()])
  const kpiRows = readFileSync((await kpiDownload.path())!, 'utf8').trimEnd().split('\r\n')
  expect(kpiRows[0]).toBe('id,name,value,unit,status,target,baseline,change_vs_baseline_pct,trend_change_pct,at,error')
  const kpiCall = calls.filter((c) => c.method === 'getKpis').at(-1)!
  const answer = await rpc<KpiValue[]>('getKpis', kpiCall.args)
  const byId = new Map(answer.map((k) => [k.id, k]))
  const ids = ['revenue_impact', 'cost_savings', 'csat', 'esat']
  expect(kpiRows.slice(1).map((r) => r.split(',')[0])).toEqual(ids)
  expect(kpiRows.slice(1).map((r) => r.split(',')[2])).toEqual(ids.map((id) => String(byId.get(id)!.value ?? '')))
})

test('vigil serve runs a scheduled report on time: an A4 PDF lands in the folder', async () => {
  test.setTimeout(300_000)
  // serve prints its scheduled reports through its own report page in headless Chromium.
  const file = join(SCHEDULED_DIR, `daily-exec-${scheduledAt.toISOString().slice(0, 10)}.pdf`)
  await expect.poll(() => existsSync(file), { timeout: 240_000, intervals: [2000] }).toBe(true)
  // The runner writes under a temporary name and renames, so the file is complete once it appears.
  const facts = pdfFacts(readFileSync(file))
  expect(facts.pages).toBe(3)
  expect(pageSizeName(facts.sizes[0])).toBe('A4 portrait')
  pageOneToPng(file, 'scheduled-daily-exec')
})

test('vigil report --data-dir refuses a data dir in use, then prints it once the server stopped', async () => {
  const busy = vigilCli(['report', '--data-dir', vigil.dataDir, '--config', join(vigil.dataDir, 'vigil.yaml'), '--out', join(OUT, 'busy.pdf')])
  expect(busy.code, busy.out).toBe(2)
  expect(busy.out).toContain(`the data dir ${vigil.dataDir} is in use by another Vigil`)
  expect(existsSync(join(OUT, 'busy.pdf'))).toBe(false)

  await api.dispose()
  await vigil.stop()
  const out = join(OUT, 'executive-data-dir.pdf')
  const r = vigilCli(['report', '--data-dir', vigil.dataDir, '--config', join(vigil.dataDir, 'vigil.yaml'), '--from', new Date(from).toISOString(), '--to', new Date(to).toISOString(), '--out', out])
  expect(r.code, r.out).toBe(0)
  const facts = pdfFacts(readFileSync(out))
  expect(facts.pages).toBe(3)
  expect(pageSizeName(facts.sizes[0])).toBe('A4 landscape')
})
