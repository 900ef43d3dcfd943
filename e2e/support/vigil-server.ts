// Starts `vigil serve` (the built out/main/cli.js under plain Node) on a temp data dir and a
// free port, and stops it. The URL comes from the server's own start-up line.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export interface VigilServer {
  url: string
  /** The port it listens on (from its URL). */
  port: number
  token: string
  dataDir: string
  process: ChildProcess
  output(): string
  stop(): Promise<number | null>
}

export const E2E_CONFIG = `version: 1
storage:
  flush_interval: 50ms
sources:
  - { id: host, kind: host, interval: 5s }
  - { id: demo, kind: demo, interval: 5s, seed: 42, backfill: 30d, backfill_step: 15m }
  - { id: push, kind: push }
`

/** Starts a server; resolves once it has printed its URL. `port` 0 (default) picks a free one; a
 *  fixed port (with the same dataDir) restarts a stopped server where open pages reconnect to it. */
export async function startVigil(opts: { config?: string; dataDir?: string; token?: string; port?: number } = {}): Promise<VigilServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'vigil-e2e-'))
  const configPath = join(dataDir, 'vigil.yaml')
  writeFileSync(configPath, opts.config ?? E2E_CONFIG)
  const token = opts.token ?? 'e2e-token-0123456789'
  const cli = resolve(__dirname, '../../out/main/cli.js')
  const child = spawn(process.execPath, [cli, 'serve', '--data-dir', dataDir, '--config', configPath, '--port', String(opts.port ?? 0), '--token', token], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VIGIL_TOKEN: '' }
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`vigil serve did not start in 60 s:\n${out}`)), 60_000)
    const onData = (): void => {
      const m = /serving on (http:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        res(m[1].replace(/\/$/, ''))
      }
    }
    child.stdout!.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      rej(new Error(`vigil serve exited with ${code}:\n${out}`))
    })
  })
  return {
    url,
    port: Number(new URL(url).port),
    token,
    dataDir,
    process: child,
    output: () => out,
    stop: () =>
      new Promise((res) => {
        if (child.exitCode !== null) return res(child.exitCode)
        child.once('exit', (code) => res(code))
        child.kill('SIGTERM')
      })
  }
}

/** Removes a temp data dir. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}
