// `vigil open FILE.vigil`: review an archive in the browser, read-only, like `serve` on a live
// data dir (same UI, same HTTP API, writes refused).
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { ArchiveOpenError, startArchiveEngine } from '../engine/start-archive-engine'
import { startHttpServer } from '../server/http-server'
import { CliError } from './cli-error'
import { builtRendererDir } from './renderer-dir'

export interface OpenOptions {
  archivePath: string
  host: string
  port: number
  token: string
  tokenGenerated: boolean
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
      token: { type: 'string' },
      'cache-dir': { type: 'string' }
    },
    strict: true,
    allowPositionals: true
  })
  if (positionals.length !== 1) throw new CliError(`usage: vigil open FILE.vigil [--port P] [--host H] [--token T]${positionals.length > 1 ? ` (got ${positionals.length} files)` : ''}`)
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port: expected a port number 0-65535, got "${values.port}"`)
  const given = values.token ?? (env.VIGIL_TOKEN || undefined)
  if (given !== undefined && given.length < 16) throw new CliError('--token: a token must be at least 16 characters (it guards the API)')
  return {
    archivePath: positionals[0],
    host: values.host!,
    port,
    token: given ?? randomBytes(24).toString('base64url'),
    tokenGenerated: given === undefined,
    ...(values['cache-dir'] ? { cacheDir: values['cache-dir'] } : {})
  }
}

/** Serves the archive until SIGINT/SIGTERM; resolves with the exit code. A damaged archive exits 2 with what is wrong. */
export async function runOpen(argv: string[], version: string): Promise<number> {
  const opts = parseOpenArgs(argv)
  const engine = await startArchiveEngine({ archivePath: opts.archivePath, version, cacheDir: opts.cacheDir }).catch((err: Error) => {
    if (err instanceof ArchiveOpenError) throw new CliError(err.message)
    throw err
  })
  const server = await startHttpServer({ engine, host: opts.host, port: opts.port, token: opts.token, staticDir: builtRendererDir(), version }).catch(
    async (err: Error) => {
      await engine.stop()
      throw new CliError(err.message)
    }
  )
  const shown = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host
  const base = `http://${shown.includes(':') ? `[${shown}]` : shown}:${server.port}`
  const a = engine.archive
  console.log(`Vigil ${version} serving archive ${a.name} (read-only) on ${base}/`)
  console.log(`  range: ${new Date(a.from).toISOString()} to ${new Date(a.to).toISOString()}`)
  console.log(`  ${a.signed ? `verified, signed by key ${a.keyFingerprint}` : 'verified (checksums match), unsigned'}`)
  console.log(`  open: ${base}/?token=${opts.token}   (the link sets a cookie; the token${opts.tokenGenerated ? ' was generated; set --token or VIGIL_TOKEN to keep one' : ' came from --token/VIGIL_TOKEN'})`)

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
