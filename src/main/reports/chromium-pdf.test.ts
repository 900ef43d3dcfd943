// The Chromium print path against a stand-in report page served over real HTTP: it waits for the
// page's ready signal, passes the token as the server's cookie, prints A4 in the asked
// orientation, and reports the page's own error. Needs Chromium: skips without it, fails in CI.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { printReportPdf } from './chromium-pdf'
import { CHROMIUM_MISSING, findChromium } from './find-chromium'
import { pageSizeName, pdfFacts } from './pdf-facts'

const chromium = findChromium()
if (!chromium) {
  if (process.env.CI) throw new Error(`${CHROMIUM_MISSING} (CI must run the report print tests)`)
  console.warn(`skipping the Chromium print tests: ${CHROMIUM_MISSING}`)
}

// Two sheets; ready only after a delay and only when the API answers (it needs the cookie).
const PAGE = `<!doctype html><html><body style="margin:0">
<section style="height:180mm;break-after:page">sheet one</section><section>sheet two</section>
<script>
const q = new URLSearchParams(location.search)
if (q.get('view') !== 'executive') document.body.dataset.reportError = 'wrong view ' + q.get('view')
else setTimeout(() => fetch('/api/check').then((r) => {
  if (r.ok) document.body.dataset.reportReady = 'true'
  else document.body.dataset.reportError = 'api answered ' + r.status
}), 300)
</script></body></html>`

let server: Server
let base: string

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/report.html')) return void res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE)
    if (req.url === '/api/check') {
      const ok = (req.headers.cookie ?? '').includes('vigil_token=secret-token-0123456789')
      return void res.writeHead(ok ? 200 : 401).end()
    }
    res.writeHead(404).end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
})

afterAll(async () => {
  await new Promise((r) => server.close(r))
})

const params = { view: 'executive', from: 1_700_000_000_000, to: 1_700_086_400_000 }

describe.skipIf(!chromium)('printReportPdf', () => {
  it('prints A4 landscape once the page is ready, with the token as cookie', async () => {
    const pdf = await printReportPdf({ ...params, orientation: 'landscape' }, { baseUrl: base, token: 'secret-token-0123456789' })
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const facts = pdfFacts(pdf)
    expect(facts.pages).toBe(2)
    expect(facts.sizes.map(pageSizeName)).toEqual(['A4 landscape', 'A4 landscape'])
  })

  it('prints portrait', async () => {
    const pdf = await printReportPdf({ ...params, orientation: 'portrait' }, { baseUrl: base, token: 'secret-token-0123456789' })
    expect(pdfFacts(pdf).sizes.map(pageSizeName)).toEqual(['A4 portrait', 'A4 portrait'])
  })

  it("fails with the page's own error (here: no token, the API refuses)", async () => {
    await expect(printReportPdf({ ...params, orientation: 'portrait' }, { baseUrl: base })).rejects.toThrow('the report page says: api answered 401')
  })

  it('fails clearly on a page that is not there', async () => {
    await expect(printReportPdf({ ...params, orientation: 'portrait' }, { baseUrl: `${base}nothing/` })).rejects.toThrow(/report page .*nothing\/report.html.* answered (HTTP 404|an HTTP error)/)
  })
})

describe('findChromium', () => {
  it('prefers CHROMIUM_PATH and refuses one that does not exist', () => {
    expect(findChromium({ CHROMIUM_PATH: '/opt/c' }, (p) => p === '/opt/c')).toBe('/opt/c')
    expect(() => findChromium({ CHROMIUM_PATH: '/nope' }, () => false)).toThrow(/CHROMIUM_PATH is "\/nope".*install chromium or set CHROMIUM_PATH/)
    expect(findChromium({}, () => false)).toBeNull()
    expect(findChromium({}, (p) => p === '/usr/bin/chromium-browser')).toBe('/usr/bin/chromium-browser')
  })
})

describe('pdfFacts', () => {
  it('refuses bytes that are not a PDF', () => {
    expect(() => pdfFacts(Buffer.from('<html>'))).toThrow(/not a PDF/)
  })
})
