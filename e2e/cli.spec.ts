// The built CLI as a user runs it: `node out/main/cli.js …` (no browser needed).
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import { removeDir } from './support/vigil-server'

const cli = resolve(__dirname, '../out/main/cli.js')

test('serve without tokens generates one per role, prints their links, and stops cleanly on SIGINT', async ({ request }) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'))
  const child = spawn(process.execPath, [cli, 'serve', '--data-dir', dir, '--port', '0'], { env: { ...process.env, VIGIL_TOKEN: '' } })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  // One link per role; on loopback every token is generated.
  const adminLink = /admin:\s+(http:\S+)\/\?token=(\S+)\s+\(generated/
  await expect.poll(() => out, { timeout: 60_000 }).toMatch(adminLink)
  const [, base, token] = adminLink.exec(out)!
  expect(out).toMatch(/viewer:\s+http:\S+\/\?token=\S+\s+\(generated/)
  expect(out).toMatch(/operator:\s+http:\S+\/\?token=\S+\s+\(generated/)
  expect((await request.get(`${base}/api/health`)).status()).toBe(401)
  const health = await request.get(`${base}/api/health`, { headers: { authorization: `Bearer ${token}` } })
  expect(health.status()).toBe(200)
  expect(((await health.json()) as { sources: { id: string }[] }).sources.map((s) => s.id)).toEqual(['host', 'demo', 'push'])
  // First run wrote the default config into the data dir.
  expect(spawnSync(process.execPath, [cli, 'check', join(dir, 'vigil.yaml')]).status).toBe(0)
  const code = await new Promise<number | null>((res) => {
    child.once('exit', (c) => res(c))
    child.kill('SIGINT')
  })
  expect(code, out).toBe(0)
  expect(out).toContain('SIGINT received, stopping')
  removeDir(dir)
})

test('check reports an invalid config with file, line and path, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'))
  const file = join(dir, 'vigil.yaml')
  writeFileSync(file, 'sources:\n  - { id: d, kind: demo, interval: often }\n')
  const res = spawnSync(process.execPath, [cli, 'check', file], { encoding: 'utf8' })
  expect(res.status).toBe(2)
  expect(res.stderr).toContain(`${file}:2:36: sources[0].interval: expected a duration`)
  expect(res.stderr).not.toMatch(/at .*\.js:\d+/) // no stack trace
  removeDir(dir)
})

test('schema prints the JSON Schema of vigil.yaml', () => {
  const res = spawnSync(process.execPath, [cli, 'schema'], { encoding: 'utf8' })
  expect(res.status).toBe(0)
  const schema = JSON.parse(res.stdout) as { properties: { sources: unknown } }
  expect(JSON.stringify(schema.properties.sources)).toContain('"prometheus"')
})

test('an unknown command prints usage and exits 2', () => {
  const res = spawnSync(process.execPath, [cli, 'frobnicate'], { encoding: 'utf8' })
  expect(res.status).toBe(2)
  expect(res.stderr).toContain('unknown command "frobnicate"')
  expect(res.stderr).toContain('Usage: vigil')
})
