// Prints the report page to PDF in headless Chromium through playwright-core: opens
// <base>/report.html with the report's query (the token, when given, goes in as the cookie the
// server's ?token= link would set), waits for the page's "everything painted" signal and prints
// A4 in the report's orientation with backgrounds.
import type { ReportParams } from '@shared/reports/report-params'
import { REPORT_PAGE, reportQuery } from '@shared/reports/report-params'
import { CHROMIUM_MISSING, findChromium } from './find-chromium'
import type { ReportRenderer } from './report-renderer'

export interface ChromiumPdfOptions {
  /** The Vigil server's origin, e.g. http://127.0.0.1:4600 (a trailing slash is fine). */
  baseUrl: string
  /** The server's access token (sent as its cookie); omit for a server that needs none. */
  token?: string
  /** Chromium executable (default: findChromium()). */
  chromiumPath?: string
  /** How long the page may take to paint (default 120 s). */
  timeoutMs?: number
}

/** The browser part of playwright-core this module uses. */
interface PlaywrightChromium {
  launch(opts: { executablePath: string; args: string[] }): Promise<{
    newContext(opts: { viewport: { width: number; height: number } }): Promise<{
      addCookies(cookies: { name: string; value: string; url: string; httpOnly?: boolean; sameSite?: 'Strict' }[]): Promise<void>
      newPage(): Promise<PlaywrightPage>
    }>
    close(): Promise<void>
  }>
}

interface PlaywrightPage {
  goto(url: string, opts: { timeout: number }): Promise<{ status(): number } | null>
  waitForFunction(fn: () => unknown, arg: undefined, opts: { timeout: number }): Promise<unknown>
  evaluate<T>(fn: () => T): Promise<T>
  pdf(opts: { format: 'A4'; landscape: boolean; printBackground: boolean }): Promise<Buffer>
}

/** What the page-side callbacks read. */
interface PageGlobals {
  document: { body: { dataset: Record<string, string | undefined> } }
}

const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

/** playwright-core's chromium; a computed specifier keeps the CLI bundle from needing it until a report is printed. */
async function loadChromium(): Promise<PlaywrightChromium> {
  const errors: string[] = []
  for (const name of ['playwright-core', '@playwright/test']) {
    try {
      const mod = (await import(/* @vite-ignore */ name)) as { chromium?: PlaywrightChromium; default?: { chromium?: PlaywrightChromium } }
      const chromium = mod.chromium ?? mod.default?.chromium
      if (chromium) return chromium
    } catch (err) {
      errors.push(`${name}: ${(err as Error).message.split('\n')[0]}`)
    }
  }
  throw new Error(`printing a report needs the playwright-core package (npm install playwright-core): ${errors.join('; ')}`)
}

/** A renderer printing through headless Chromium against a running Vigil server. */
export function chromiumPdfRenderer(opts: ChromiumPdfOptions): ReportRenderer {
  return { render: (params) => printReportPdf(params, opts) }
}

/** Prints one report; resolves with the PDF bytes. Throws a clear Error when Chromium is missing or the page fails. */
export async function printReportPdf(params: ReportParams, opts: ChromiumPdfOptions): Promise<Buffer> {
  const executablePath = opts.chromiumPath ?? findChromium()
  if (!executablePath) throw new Error(CHROMIUM_MISSING)
  const timeout = opts.timeoutMs ?? 120_000
  const base = opts.baseUrl.replace(/\/+$/, '')
  const url = `${base}/${REPORT_PAGE}?${reportQuery(params)}`
  const chromium = await loadChromium()
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS }).catch((err: Error) => {
    throw new Error(`cannot start Chromium (${executablePath}): ${err.message.split('\n')[0]}`)
  })
  try {
    // The viewport only matters on screen: sheets have fixed A4 sizes.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    if (opts.token) await context.addCookies([{ name: 'vigil_token', value: encodeURIComponent(opts.token), url: base, httpOnly: true, sameSite: 'Strict' }])
    const page = await context.newPage()
    const notServed = (status: string): Error => new Error(`the report page ${url} answered ${status} (is this a Vigil server with a built UI?)`)
    const res = await page.goto(url, { timeout }).catch((err: Error) => {
      // Chromium refuses an error status with an empty body before Playwright sees the response.
      if (err.message.includes('ERR_HTTP_RESPONSE_CODE_FAILURE')) throw notServed('an HTTP error')
      throw new Error(`cannot open the report page ${url}: ${err.message.split('\n')[0]}`)
    })
    if (res && res.status() >= 400) throw notServed(`HTTP ${res.status()}`)
    await page
      .waitForFunction(
        () => {
          // Runs in the page (typed loosely: main code compiles without DOM types).
          const data = (globalThis as unknown as PageGlobals).document.body.dataset
          return data.reportReady === 'true' || data.reportError !== undefined
        },
        undefined,
        { timeout }
      )
      .catch(() => {
        throw new Error(`the report page did not finish painting within ${Math.round(timeout / 1000)} s (${url})`)
      })
    const failure = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.body.dataset.reportError ?? null)
    if (failure) throw new Error(`the report page says: ${failure}`)
    return await page.pdf({ format: 'A4', landscape: params.orientation === 'landscape', printBackground: true })
  } finally {
    await browser.close()
  }
}
