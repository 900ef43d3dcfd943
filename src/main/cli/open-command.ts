// `vigil open FILE.vigil`: review an archive in the browser, read-only, like `serve` on a live
// data dir (same UI, same HTTP API, writes refused).
import { parseArgs } from 'node:util'
import { deferredEngine } from '../engine/deferred-engine'
import { ArchiveOpenError, startArchiveEngine, type ArchiveEngineHandle, type StartArchiveEngineOptions } from '../engine/start-archive-engine'
import { startHttpServer } from '../server/http-server'
import type { RoleTokens } from '../server/auth'
import type { Role } from '../server/roles'
import { CliError } from './cli-error'
import { resolveRoleTokens, ROLE_TOKEN_OPTIONS, tokenLines } from './role-tokens'
import { builtRendererDir } from './renderer-dir'

export interface OpenOptions {
  archivePath: string
  host: string
  port: number
  /** The admin token (undefined on a non-loopback bind given only other roles' tokens). */
  token: string | undefined
  tokenGenerated: boolean
  /** Every role's token (generated ones only on a loopback bind). */
  tokens: RoleTokens
  generated: Role[]
  tokenOrigin: Partial<Record<Role, string>>
  /** Folder for extracted Parquet members (default: the system temp folder's vigil-archive-cache). */
  cacheDir?: string
}

/** Parses `open` arguments; throws CliError naming the offending flag. */
export function parseOpenArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): OpenOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '4600' },
      ...ROLE_TOKEN_OPTIONS,
      'cache-dir': { type: 'string' }
    },
    strict: true,
    allowPositionals: true
  })
  if (positionals.length !== 1) throw new CliError(`usage: vigil open FILE.vigil [--port P] [--host H] [--token T]${positionals.length > 1 ? ` (got ${positionals.length} files)` : ''}`)
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port: expected a port number 0-65535, got "${values.port}"`)
  const setup = resolveRoleTokens(values, env, values.host!)
  return {
    archivePath: positionals[0],
    host: values.host!,
    port,
    token: setup.tokens.admin,
    tokenGenerated: setup.generated.includes('admin'),
    tokens: setup.tokens,
    generated: setup.generated,
    tokenOrigin: setup.origin,
    ...(values['cache-dir'] ? { cacheDir: values['cache-dir'] } : {})
  }
}

/** The archive engine and its HTTP server, as `vigil open` starts them. */
export interface OpenedArchive {
  server: Awaited<ReturnType<typeof startHttpServer>>
  /** Resolves once the archive is verified and open (requests wait for it; the page loads meanwhile). */
  engine: Promise<ArchiveEngineHandle>
}

/**
 * Listens at once, then verifies and opens the archive: the browser loads the page while the
 * archive opens, and its first requests wait for the engine. A damaged archive rejects `engine`.
 */
export async function startArchiveServer(opts: StartArchiveEngineOptions & { host: string; port: number; token?: string; tokens?: RoleTokens; staticDir: string | null }): Promise<OpenedArchive> {
  const { host, port, token, tokens, staticDir, ...engineOpts } = opts
  let begin: () => void = () => undefined
  // The engine starts once the server listens (if the server cannot start, neither does the engine).
  const ready = new Promise<void>((resolve) => (begin = resolve)).then(() => startArchiveEngine(engineOpts))
  const server = await startHttpServer({ engine: deferredEngine(ready, { readOnly: true, maxPushBodyBytes: 1024 * 1024 }), host, port, token, tokens, staticDir, version: engineOpts.version })
  begin()
  return { server, engine: ready }
}

/** Serves the archive until SIGINT/SIGTERM; resolves with the exit code. A damaged archive exits 2 with what is wrong. */
export async function runOpen(argv: string[], version: string): Promise<number> {
  const opts = parseOpenArgs(argv)
  const opened = await startArchiveServer({ archivePath: opts.archivePath, version, cacheDir: opts.cacheDir, host: opts.host, port: opts.port, tokens: opts.tokens, staticDir: builtRendererDir() }).catch(
    (err: Error) => {
      throw new CliError(err.message)
    }
  )
  const server = opened.server
  const engine = await opened.engine.catch(async (err: Error) => {
    await server.close()
    if (err instanceof ArchiveOpenError) throw new CliError(err.message)
    throw err
  })
  const shown = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host
  const base = `http://${shown.includes(':') ? `[${shown}]` : shown}:${server.port}`
  const a = engine.archive
  console.log(`Vigil ${version} serving archive ${a.name} (read-only) on ${base}/`)
  console.log(`  range: ${new Date(a.from).toISOString()} to ${new Date(a.to).toISOString()}`)
  console.log(`  ${a.signed ? `verified, signed by key ${a.keyFingerprint}` : 'verified (checksums match), unsigned'}`)
  for (const line of tokenLines(base, opts)) console.log(line)

  return new Promise((resolve) => {
    let stopping = false
    const stop = async (signal: string): Promise<void> => {
      if (stopping) return
      stopping = true
      console.log(`Vigil: ${signal} received, closing the archive…`)
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
