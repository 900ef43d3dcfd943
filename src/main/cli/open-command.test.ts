// `vigil open`: flags, a damaged archive refused as a one-line CLI error (exit 2), and an archive
// served over HTTP exactly as `serve` serves a data dir, with writes answered 403 read_only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDemoArchives, FROM, TO } from '../engine/archive-fixture'
import { startArchiveEngine } from '../engine/start-archive-engine'
import type { LiveEngine } from '../engine/start-engine'
import { startHttpServer } from '../server/http-server'
import { CliError } from './cli-error'
import { parseOpenArgs, runOpen } from './open-command'

describe('parseOpenArgs', () => {
  it('takes the archive and the serve-like flags, with their defaults', () => {
    const o = parseOpenArgs(['q3.vigil'], {})
    expect(o).toMatchObject({ archivePath: 'q3.vigil', host: '127.0.0.1', port: 4600, tokenGenerated: true })
    expect(o.token!.length).toBeGreaterThanOrEqual(32)
    expect(parseOpenArgs(['--port', '0', 'a.vigil', '--host', '::1', '--token', 'flag-token-0123456789'], {})).toMatchObject({
      archivePath: 'a.vigil',
      port: 0,
      host: '::1',
      token: 'flag-token-0123456789',
      tokenGenerated: false
    })
    expect(parseOpenArgs(['a.vigil'], { VIGIL_TOKEN: 'from-env-0123456789' }).token).toBe('from-env-0123456789')
  })

  it('rejects a missing or second file and bad flags, naming them', () => {
    expect(() => parseOpenArgs([], {})).toThrow(new CliError('usage: vigil open FILE.vigil [--port P] [--host H] [--token T]'))
    expect(() => parseOpenArgs(['a.vigil', 'b.vigil'], {})).toThrow(/got 2 files/)
    expect(() => parseOpenArgs(['a.vigil', '--port', 'x'], {})).toThrow('--port: expected a port number 0-65535, got "x"')
    expect(() => parseOpenArgs(['a.vigil', '--token', 'short'], {})).toThrow(/--token: a token must be at least 16 characters/)
    expect(() => parseOpenArgs(['a.vigil', '--data-dir', 'd'], {})).toThrow(/data-dir/)
  })
})

describe('runOpen and the archive over HTTP', () => {
  let dir: string
  let live: LiveEngine
  let archivePath: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-open-'))
    ;({ live, archivePath } = await buildDemoArchives(dir))
  }, 180_000)
  afterAll(async () => {
    await live?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuses a damaged archive with a CLI error (exit 2) listing what is wrong', async () => {
    const bad = join(dir, 'broken.vigil')
    writeFileSync(bad, Buffer.alloc(3000, 7))
    const err = await runOpen([bad, '--port', '0', '--cache-dir', join(dir, 'cache')], '0.0.0-test').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CliError)
    expect((err as CliError).exitCode).toBe(2)
    expect((err as Error).message).toMatch(/^archive broken\.vigil cannot be opened:\n {2}- /)
  })

  it('serves the archive: app info in archive mode, data, and writes refused with 403 read_only', async () => {
    const engine = await startArchiveEngine({ archivePath, version: '0.0.0-test', cacheDir: join(dir, 'cache'), log: () => undefined })
    const token = 'open-test-token-0123456789'
    const server = await startHttpServer({ engine, host: '127.0.0.1', port: 0, token, staticDir: null, version: '0.0.0-test' })
    try {
      const base = `http://127.0.0.1:${server.port}`
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
      const rpc = (name: string, args: unknown) => fetch(`${base}/api/rpc/${name}`, { method: 'POST', headers, body: JSON.stringify(args) })
      const info = await (await rpc('getAppInfo', {})).json()
      expect(info).toMatchObject({ mode: 'archive', archive: { name: 'q1-review.vigil', from: FROM, to: TO, verified: true, signed: false } })
      const roi = (await (await rpc('queryRange', { series: 'ai_roi_percent', from: FROM, to: TO, step: 3600 })).json()) as { points: unknown[] }
      expect(roi.points.length).toBeGreaterThan(70)
      const annotation = await rpc('addAnnotation', { kind: 'note', ts: FROM + 1000, title: 'x' })
      expect(annotation.status).toBe(403)
      expect(((await annotation.json()) as { error: unknown }).error).toMatchObject({ code: 'read_only' })
      const write = await fetch(`${base}/api/write`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: 'cpu value=1' })
      expect(write.status).toBe(403)
      expect(((await write.json()) as { error: { code: string } }).error.code).toBe('read_only')
    } finally {
      await server.close()
      await engine.stop()
    }
  })
})
