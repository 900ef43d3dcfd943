// Exporting through a running engine (POST /api/export and the exportArchive request): the
// archive lands in <data-dir>/exports/, verifies, and holds the pushed samples; names with
// folders are refused; a second process cannot open the same store.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AUTH, startTestServer } from '../../../test/helpers/http-harness'
import { verifyArchive } from '../archive/verify-archive'
import { startEngine } from './start-engine'

describe('export through the running engine', () => {
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c()
  })

  it('writes a verified archive of the range into the exports folder, over HTTP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-export-engine-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'vigil.yaml'), 'version: 1\nstorage: { flush_interval: 20ms }\nsources:\n  - { id: push, kind: push }\n')
    const engine = await startEngine({ dataDir: dir, configPath: join(dir, 'vigil.yaml'), version: '0.0.0-test', log: () => undefined })
    cleanups.push(() => engine.stop())
    const now = Date.now()
    await engine.push(Array.from({ length: 120 }, (_, i) => ({ name: 'orders', labels: { shop: 'a' }, ts: now - (120 - i) * 60_000, value: i })))
    const server = await startTestServer(engine)
    cleanups.push(() => server.close())
    const json = { ...AUTH, 'content-type': 'application/json' }

    const res = await server.post('/api/export', JSON.stringify({ from: now - 3 * 3_600_000, to: now + 1, name: 'last-3h.vigil' }), json)
    expect(res.status).toBe(201)
    const written = (await res.json()) as { path: string; samples: number; signed: boolean; members: number }
    expect(written.path).toBe(join(dir, 'exports', 'last-3h.vigil'))
    expect(written).toMatchObject({ samples: 120, signed: false })
    const verified = await verifyArchive(written.path)
    expect(verified.problems).toEqual([])
    expect(verified.ok).toBe(true)
    expect(verified.manifest?.members.find((m) => m.path === 'data/samples.parquet')?.rows).toBe(120)

    const bad = await server.post('/api/export', JSON.stringify({ from: 0, to: now, name: '../escape.vigil' }), json)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/field "name": expected a file name ending in \.vigil, without folders/)
    const backwards = await server.post('/api/export', JSON.stringify({ from: now, to: 0 }), json)
    expect(backwards.status).toBe(400)
  })
})
