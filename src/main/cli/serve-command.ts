// `vigil serve`: the engine headless, plus the UI and HTTP API for a browser.
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { parseArgs } from 'node:util'
import { startEngine } from '../engine/start-engine'
import { chromiumPdfRenderer } from '../reports/chromium-pdf'
import { startHttpServer } from '../server/http-server'
import { defaultDataDir } from './data-dir'
import { CliError } from './cli-error'
import { builtRendererDir } from './renderer-dir'

export interface ServeOptions {
  dataDir: string
  configPath?: string
  host: string
  port: number
  token: string
  tokenGenerated: boolean
}

/** Parses `serve` flags; throws CliError with the offending flag. */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '4600' },
      token: { type: 'string' }
    },
    strict: true,
    allowPositionals: false
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`--port: expected a port number 0-65535, got "${values.port}"`)
  }
  const given = values.token ?? (env.VIGIL_TOKEN || undefined)
  if (given !== undefined && given.length < 16) {
    throw new CliError('--token: a token must be at least 16 characters (it guards the API)')
  }
  return {
    dataDir: values['data-dir'] ?? defaultDataDir(env),
    configPath: values.config,
    host: values.host!,
    port,
    token: given ?? randomBytes(24).toString('base64url'),
    tokenGenerated: given === undefined
  }
}

/** Vigil's address in notification links: this machine's name when serving on every interface, else the bound host. */
export function notificationLinkBase(host: string, port: number, machine: string = hostname()): string {
  const name = host === '0.0.0.0' || host === '::' ? machine : host
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}/`
}

/** Runs the server until SIGINT/SIGTERM; resolves with the exit code. */
export async function runServe(argv: string[], version: string): Promise<number> {
  const opts = parseServeArgs(argv)
  const engine = await startEngine({ dataDir: opts.dataDir, configPath: opts.configPath, version })
  const server = await startHttpServer({
    engine,
    host: opts.host,
    port: opts.port,
    token: opts.token,
    staticDir: builtRendererDir(),
    version
  }).catch(async (err: Error) => {
    await engine.stop()
    throw new CliError(err.message)
  })

  const shown = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host
  const base = `http://${shown.includes(':') ? `[${shown}]` : shown}:${server.port}`
  engine.setExternalUrl(notificationLinkBase(opts.host, server.port))
  // Scheduled reports print this server's report page in headless Chromium.
  await engine.setReportRenderer(chromiumPdfRenderer({ baseUrl: base, token: opts.token }))
  console.log(`Vigil ${version} serving on ${base}/`)
  console.log(`  data: ${opts.dataDir}`)
  console.log(`  open: ${base}/?token=${opts.token}   (the link sets a cookie; the token${opts.tokenGenerated ? ' was generated; set --token or VIGIL_TOKEN to keep one' : ' came from --token/VIGIL_TOKEN'})`)
  console.log(`  api:  curl -H "Authorization: Bearer ${opts.token}" ${base}/api/health`)

  return new Promise((resolve) => {
    let stopping = false
    const stop = async (signal: string): Promise<void> => {
      if (stopping) return
      stopping = true
      console.log(`Vigil: ${signal} received, stopping (flushing samples, closing the database)…`)
      let code = 0
      try {
        await server.close()
        await engine.stop()
      } catch (err) {
        console.error(`Vigil: error while stopping: ${(err as Error).message}`)
        code = 1
      }
      resolve(code)
    }
    process.on('SIGINT', () => void stop('SIGINT'))
    process.on('SIGTERM', () => void stop('SIGTERM'))
  })
}
