// Builds a `.vigil` archive from a demo data dir with the built CLI (`vigil serve` to fill the
// data dir, then `vigil export`), and starts `vigil open` on it; the URL comes from its start-up line.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { demoConfig } from './demo-config'
import { startVigil } from './vigil-server'

const cli = resolve(__dirname, '../../out/main/cli.js')

export interface VigilReview {
  url: string
  token: string
  process: ChildProcess
  output(): string
  stop(): Promise<number | null>
}

/** Runs the demo for a short back-fill, stops it, exports [from, to) of its data dir to `<dir>/review.vigil`. */
export async function buildDemoArchive(dir: string, from: Date, to: Date): Promise<string> {
  mkdirSync(join(dir, 'data'), { recursive: true })
  const server = await startVigil({ dataDir: join(dir, 'data'), config: demoConfig() })
  // The back-fill has landed once the ROI series reaches the present.
  const deadline = Date.now() + 60_000
  for (;;) {
    const res = await fetch(`${server.url}/api/rpc/latest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ series: 'ai_roi_percent' })
    })
    const latest = (await res.json()) as { ts: number }[]
    if (latest[0]?.ts >= Date.now() - 3_600_000) break
    if (Date.now() > deadline) throw new Error(`the demo back-fill did not land in 60 s:\n${server.output()}`)
    await new Promise((r) => setTimeout(r, 250))
  }
  await server.stop()
  const out = join(dir, 'review.vigil')
  const run = spawnSync(process.execPath, [cli, 'export', '--data-dir', join(dir, 'data'), '--from', from.toISOString(), '--to', to.toISOString(), '--out', out], {
    encoding: 'utf8',
    env: { ...process.env, VIGIL_TOKEN: '' }
  })
  if (run.status !== 0) throw new Error(`vigil export failed (${run.status}):\n${run.stdout}${run.stderr}`)
  return out
}

/** Starts `vigil open FILE` on a free port; resolves once it prints its URL. */
export async function openArchive(file: string, cacheDir: string, token = 'e2e-token-0123456789'): Promise<VigilReview> {
  const child = spawn(process.execPath, [cli, 'open', file, '--port', '0', '--token', token, '--cache-dir', cacheDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VIGIL_TOKEN: '' }
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`vigil open did not start in 60 s:\n${out}`)), 60_000)
    child.stdout!.on('data', () => {
      const m = /\(read-only\) on (http:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        res(m[1].replace(/\/$/, ''))
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      rej(new Error(`vigil open exited with ${code}:\n${out}`))
    })
  })
  return {
    url,
    token,
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
