// `vigil report`: the executive report as a PDF, printed by headless Chromium from the report
// page. With --url it prints a running server's page; otherwise it opens the data dir itself
// (read-only engine: no sources, no alerting) behind a private HTTP server on 127.0.0.1:0.
import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { checkReportParams, parseReportTime, type ReportOrientation, type ReportParams } from '@shared/reports/report-params'
import { startEngine } from '../engine/start-engine'
import { chromiumPdfRenderer } from '../reports/chromium-pdf'
import { CHROMIUM_MISSING, findChromium } from '../reports/find-chromium'
import { pageSizeName, pdfFacts } from '../reports/pdf-facts'
import { startHttpServer } from '../server/http-server'
import { appendAuditOnce } from '../audit/append-once'
import { CliError } from './cli-error'
import { defaultDataDir } from './data-dir'
import { builtRendererDir } from './renderer-dir'

const DAY_MS = 86_400_000

export interface ReportCommandOptions {
  params: ReportParams
  out: string
  /** Print a running server's page… */
  url?: string
  token?: string
  /** …or open this data dir in process. */
  dataDir: string
  configPath?: string
}

/** Parses `report` flags; throws CliError naming the offending flag. */
export function parseReportArgs(argv: string[], now: number, env: NodeJS.ProcessEnv = process.env): ReportCommandOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      view: { type: 'string', default: 'executive' },
      from: { type: 'string' },
      to: { type: 'string' },
      orientation: { type: 'string', default: 'landscape' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
      out: { type: 'string' }
    },
    strict: true,
    allowPositionals: false
  })
  if (!values.out) throw new CliError('--out FILE.pdf is required')
  const time = (flag: 'from' | 'to', fallback: number): number => {
    const raw = values[flag]
    if (raw === undefined) return fallback
    const ms = raw === 'now' ? now : parseReportTime(raw)
    if (ms === null) throw new CliError(`--${flag}: expected an ISO 8601 time (2026-05-01 or 2026-05-01T08:00:00Z), epoch ms or "now", got "${raw}"`)
    return ms
  }
  const to = time('to', now)
  const from = time('from', to - 30 * DAY_MS)
  if (values.url !== undefined && values['data-dir'] !== undefined) throw new CliError('give either --url (a running server) or --data-dir, not both')
  if (values.url !== undefined && !/^https?:\/\//.test(values.url)) throw new CliError(`--url: expected http://host:port, got "${values.url}"`)
  const token = values.token ?? (env.VIGIL_TOKEN || undefined)
  if (values.url !== undefined && token === undefined) throw new CliError('--url needs --token (or VIGIL_TOKEN): the server\'s API needs it')
  let params: ReportParams
  try {
    params = checkReportParams({ view: values.view!, from, to, orientation: values.orientation as ReportOrientation })
  } catch (err) {
    throw new CliError(`report: ${(err as Error).message}`)
  }
  return { params, out: resolve(values.out), url: values.url, token, dataDir: values['data-dir'] ?? defaultDataDir(env), configPath: values.config }
}

/** DuckDB's message when another process holds the database file. */
export function isDatabaseLocked(err: unknown): boolean {
  return /Could not set lock on file|Conflicting lock is held/i.test(String((err as Error)?.message ?? err))
}

/** Prints the report; resolves with the PDF bytes. `staticDir` defaults to the built UI. */
export async function renderReport(opts: ReportCommandOptions, version: string, staticDir: string | null = builtRendererDir()): Promise<Buffer> {
  const chromiumPath = findChromium() ?? undefined
  if (!chromiumPath) throw new CliError(CHROMIUM_MISSING)
  if (opts.url) {
    return chromiumPdfRenderer({ baseUrl: opts.url, token: opts.token, chromiumPath }).render(opts.params)
  }
  if (staticDir === null) throw new CliError('the web UI is not built, so there is no report page to print: run `npm run build` first')
  const engine = await startEngine({ dataDir: opts.dataDir, configPath: opts.configPath, version, readOnly: true, log: () => undefined }).catch((err: unknown) => {
    if (isDatabaseLocked(err)) {
      throw new CliError(
        `the data dir ${opts.dataDir} is in use by another Vigil (DuckDB lets one process open its database): ` +
          'print from that Vigil instead with --url http://HOST:PORT --token TOKEN, or stop it first'
      )
    }
    throw err
  })
  try {
    const token = randomBytes(24).toString('base64url')
    const server = await startHttpServer({ engine, host: '127.0.0.1', port: 0, token, staticDir, version })
    try {
      return await chromiumPdfRenderer({ baseUrl: server.url, token, chromiumPath }).render(opts.params)
    } finally {
      await server.close()
    }
  } finally {
    await engine.stop()
  }
}

/** Runs `vigil report`; resolves with the exit code. */
export async function runReportCommand(argv: string[], version: string): Promise<number> {
  const opts = parseReportArgs(argv, Date.now())
  let pdf: Buffer
  try {
    pdf = await renderReport(opts, version)
  } catch (err) {
    if (err instanceof CliError) throw err
    throw new CliError(`report: ${(err as Error).message}`, 1)
  }
  await mkdir(dirname(opts.out), { recursive: true })
  await writeFile(opts.out, pdf)
  // Printed from the data dir: recorded in its audit log (a --url print is the server's to record).
  if (!opts.url) {
    await appendAuditOnce(opts.dataDir, { actor: { role: 'admin', via: 'cli' }, action: 'report.generate', target: opts.out, details: { view: opts.params.view, from: opts.params.from, to: opts.params.to } })
  }
  const facts = pdfFacts(pdf)
  const size = facts.sizes[0] ? pageSizeName(facts.sizes[0]) : 'no pages'
  console.log(`wrote ${opts.out} (${facts.pages} page${facts.pages === 1 ? '' : 's'}, ${size}, ${Math.round(pdf.length / 1024)} KiB)`)
  return 0
}
