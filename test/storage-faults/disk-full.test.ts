// Disk full and read-only data dir, on a real 16 MiB tmpfs under the real `vigil serve`:
// - full: /api/write answers 507 with a message naming the disk and the path (never 204 for what
//   was not stored), the push source's health says so, and once space is freed writes resume
//   without a restart; every sample acknowledged before, during and after is in the file, also
//   after a restart;
// - read-only: the engine refuses to start, with one clear line naming the path (the store's own
//   message is checked in store-faults.test.ts). A disk turning read-only under a running engine is
//   read-only-while-running.test.ts.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  crashBody,
  freeLoopbackPort,
  httpCall,
  ServeChild,
  spawnServe,
  verifyAcknowledged
} from '../../src/main/cli/bench-crash'
import { buildCli, type BuiltCli } from '../crash/build-cli'
import { ackedWriter, pushHealth, pushOnlyDataDir } from './acked-writer'
import { canMount, mountTmpfs, type SmallMount } from './small-mount'

const enabled = canMount('disk-full / read-only data dir tests')
const BATCH = 2000

describe.skipIf(!enabled)('storage faults under vigil serve', () => {
  let cli: BuiltCli
  let mount: SmallMount
  const children: ServeChild[] = []

  beforeAll(async () => {
    cli = await buildCli()
    mount = mountTmpfs(16)
  })

  afterAll(async () => {
    for (const c of children) await c.kill9()
    mount?.free()
    mount?.remove()
    cli?.remove()
  })

  it('answers 507 on a full disk, says so in health, resumes when space returns, and keeps every acknowledged sample', { timeout: 180_000 }, async () => {
    const dataDir = pushOnlyDataDir(mount.dir, 'data')
    const port = await freeLoopbackPort()
    const baseTs = Date.now() - 3_600_000
    const writer = ackedWriter(port, baseTs, BATCH)
    const post = writer.post

    let { serve } = await spawnServe(cli.cliPath, dataDir, port, 30_000)
    children.push(serve)
    for (let i = 0; i < 10; i++) expect((await post()).status).toBe(204)

    mount.fill()
    // The WAL may have a little room left in its last block: write until the store refuses.
    let refused: { status: number; text: string } | null = null
    for (let i = 0; i < 200 && refused === null; i++) {
      const r = await post()
      if (r.status !== 204) refused = r
    }
    expect(refused, 'the store never refused a write on a full disk').not.toBeNull()
    expect(refused!.status).toBe(507)
    const { code, message } = (JSON.parse(refused!.text) as { error: { code: string; message: string } }).error
    expect(code).toBe('storage')
    expect(message).toMatch(/the disk is full/)
    expect(message).toContain(join(dataDir, 'vigil.duckdb'))
    expect(message).toMatch(/No space left on device/)
    // Nothing is acknowledged while the disk stays full.
    for (let i = 0; i < 3; i++) expect((await post()).status).toBe(507)
    const unhealthy = await pushHealth(port)
    expect(unhealthy.state).toBe('error')
    expect(unhealthy.lastError).toMatch(/disk is full/)
    expect(unhealthy.lastError).toContain(dataDir)

    // Space returns: writes resume in the same process (the store reopens DuckDB if it had to).
    mount.free()
    let resumed = false
    for (let i = 0; i < 50 && !resumed; i++) {
      const r = await post()
      if (r.status === 204) resumed = true
      else {
        expect([503, 507]).toContain(r.status)
        await new Promise((res) => setTimeout(res, 200))
      }
    }
    expect(resumed, 'writes did not resume after space was freed').toBe(true)
    for (let i = 0; i < 5; i++) expect((await post()).status).toBe(204)
    expect((await pushHealth(port)).state).toBe('ok')
    const ackedSamples = writer.ackedSamples()

    // After a restart, then in the file itself.
    expect(await serve.stop()).toBe(0)
    ;({ serve } = await spawnServe(cli.cliPath, dataDir, port, 30_000))
    children.push(serve)
    expect(await writer.storedCount()).toBeGreaterThanOrEqual(ackedSamples)
    expect(await serve.stop()).toBe(0)
    const check = await verifyAcknowledged(join(dataDir, 'vigil.duckdb'), writer.acked, baseTs)
    expect(check.missing).toEqual([])
    expect(check.verified).toBe(ackedSamples)
  })

  it('refuses to start on a read-only data dir, naming the path', { timeout: 120_000 }, async () => {
    const dataDir = pushOnlyDataDir(mount.dir, 'ro-data')
    const port = await freeLoopbackPort()
    const { serve } = await spawnServe(cli.cliPath, dataDir, port, 30_000)
    children.push(serve)
    expect((await httpCall(port, 'POST', '/api/write?precision=ms', crashBody(0, 0, 100, Date.now() - 60_000))).status).toBe(204)
    expect(await serve.stop()).toBe(0)

    mount.remount('ro')
    try {
      const refused = new ServeChild(cli.cliPath, ['--data-dir', dataDir, '--config', join(dataDir, 'vigil.yaml'), '--port', String(port), '--token', 'crash-bench-token-0123456789'])
      children.push(refused)
      const timer = setTimeout(() => void refused.kill9(), 30_000)
      const code = await refused.exited
      clearTimeout(timer)
      expect(code, `vigil serve should refuse to start. Output:\n${refused.output()}`).not.toBe(0)
      // The first thing that needs to write says so (the store, or a log file in the same folder).
      expect(refused.output()).toMatch(/cannot be written|read-only|EROFS/i)
      expect(refused.output()).toContain(dataDir)
    } finally {
      mount.remount('rw')
    }
    // Writable again: it starts, and the earlier sample is there.
    const again = await spawnServe(cli.cliPath, dataDir, port, 30_000)
    children.push(again.serve)
    expect((await pushHealth(port)).state).not.toBe('error')
    expect(await again.serve.stop()).toBe(0)
  })
})
