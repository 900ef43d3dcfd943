// `vigil serve`: the engine headless, plus the UI and HTTP API for a browser.
import { hostname } from 'node:os'
import { parseArgs } from 'node:util'
import { startEngine } from '../engine/start-engine'
import { acceleratedClock, checkSpeed } from '../engine/accelerated-clock'
import { chromiumPdfRenderer } from '../reports/chromium-pdf'
import { startHttpServer } from '../server/http-server'
import type { RoleTokens } from '../server/auth'
import type { Role } from '../server/roles'
import { AuditLog, AuditLogError } from '../audit/audit-log'
import { leastPrivilegedToken, resolveRoleTokens, ROLE_TOKEN_OPTIONS, tokenLines } from './role-tokens'
import { defaultDataDir } from './data-dir'
import { CliError } from './cli-error'
import { builtRendererDir } from './renderer-dir'

export interface ServeOptions {
  dataDir: string
  configPath?: string
  host: string
  port: number
  /** The admin token (undefined on a non-loopback bind given only other roles' tokens). */
  token: string | undefined
  /** True when the admin token was generated for this run. */
  tokenGenerated: boolean
  /** Every role's token (generated ones only on a loopback bind). */
  tokens: RoleTokens
  generated: Role[]
  /** Where each given token came from (a flag or variable name). */
  tokenOrigin: Partial<Record<Role, string>>
  /** --speed: the engine clock runs this many times real time (1 = real time; soak runs). */
  speed: number
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
      ...ROLE_TOKEN_OPTIONS,
      speed: { type: 'string', default: '1' }
    },
    strict: true,
    allowPositionals: false
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`--port: expected a port number 0-65535, got "${values.port}"`)
  }
  const setup = resolveRoleTokens(values, env, values.host!)
  const speed = parseSpeed(values.speed!)
  return {
    speed,
    dataDir: values['data-dir'] ?? defaultDataDir(env),
    configPath: values.config,
    host: values.host!,
    port,
    token: setup.tokens.admin,
    tokenGenerated: setup.generated.includes('admin'),
    tokens: setup.tokens,
    generated: setup.generated,
    tokenOrigin: setup.origin
  }
}

/** --speed X: a number from 1 to 3600; throws CliError naming the flag. */
function parseSpeed(text: string): number {
  try {
    return checkSpeed(Number(text.replace(/x$/i, '')))
  } catch (err) {
    throw new CliError(`--speed: ${(err as Error).message.replace(/got .*$/, `got "${text}"`)}`)
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
  // --speed: one accelerated clock for the engine, its timers and the HTTP server's defaults.
  const clock = opts.speed === 1 ? null : acceleratedClock(opts.speed)
  const timed = clock ? { now: clock.now, timers: clock.timers } : {}
  const audit = await AuditLog.openInDataDir(opts.dataDir).catch((err: Error) => {
    throw err instanceof AuditLogError ? new CliError(err.message) : err
  })
  const engine = await startEngine({ dataDir: opts.dataDir, configPath: opts.configPath, version, audit, ...timed, ...(clock ? { reportTimers: clock.timers } : {}) }).catch(
    async (err: Error) => {
      await audit.close()
      throw err
    }
  )
  const server = await startHttpServer({
    engine,
    ...(clock ? { now: clock.now } : {}),
    host: opts.host,
    port: opts.port,
    tokens: opts.tokens,
    audit,
    staticDir: builtRendererDir(),
    version
  }).catch(async (err: Error) => {
    await engine.stop()
    await audit.close()
    throw new CliError(err.message)
  })

  const shown = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host
  const base = `http://${shown.includes(':') ? `[${shown}]` : shown}:${server.port}`
  engine.setExternalUrl(notificationLinkBase(opts.host, server.port))
  // Scheduled reports print this server's report page in headless Chromium.
  // The report page only reads, so the least powerful configured token prints it.
  await engine.setReportRenderer(chromiumPdfRenderer({ baseUrl: base, token: leastPrivilegedToken(opts.tokens) }))
  console.log(`Vigil ${version} serving on ${base}/`)
  console.log(`  data: ${opts.dataDir}`)
  console.log(`  audit: ${audit.path}`)
  if (clock) console.log(`  clock: ${opts.speed}× real time (--speed), from ${new Date(clock.now()).toISOString()}`)
  for (const line of tokenLines(base, opts)) console.log(line)

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
        await audit.close()
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
