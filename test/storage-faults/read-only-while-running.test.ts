// The data disk goes read-only under a running `vigil serve` (a real ext4 file system remounting
// itself read-only after an error, with DuckDB's files still open):
// - /api/write answers 503 naming the path and the cause, never 204 for what was not stored;
// - the push source's health says so; reads keep being answered; the engine does not crash;
// - a clean stop still ends the process;
// - after the administrator's repair (unmount, e2fsck, mount), it starts again, accepts writes,
//   and every sample acknowledged before the failure is in the file.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freeLoopbackPort, spawnServe, verifyAcknowledged, type ServeChild } from '../../src/main/cli/bench-crash'
import { buildCli, type BuiltCli } from '../crash/build-cli'
import { ackedWriter, pushHealth, pushOnlyDataDir } from './acked-writer'
import { ext4LoopUnavailable, mountExt4, type Ext4Mount } from './ext4-loop-mount'
import { mechanismAvailable } from './small-mount'

const enabled = mechanismAvailable('read-only-while-running test', ext4LoopUnavailable())
const BATCH = 1000

describe.skipIf(!enabled)('data disk turning read-only under vigil serve', () => {
  let cli: BuiltCli
  let mount: Ext4Mount
  const children: ServeChild[] = []

  beforeAll(async () => {
    cli = await buildCli()
    mount = mountExt4(48).mount
  })

  afterAll(async () => {
    for (const c of children) await c.kill9()
    mount?.remove()
    cli?.remove()
  })

  it('refuses writes with 503 naming the path, keeps reading, and keeps every acknowledged sample through the repair', { timeout: 180_000 }, async () => {
    const dataDir = pushOnlyDataDir(mount.dir, 'data')
    // The config was written long before the failure in real life: make it durable as it would be.
    execFileSync('sync')
    const port = await freeLoopbackPort()
    const baseTs = Date.now() - 3_600_000
    const writer = ackedWriter(port, baseTs, BATCH)
    const { post } = writer

    let { serve } = await spawnServe(cli.cliPath, dataDir, port, 30_000)
    children.push(serve)
    for (let i = 0; i < 10; i++) expect((await post()).status).toBe(204)
    const ackedBefore = writer.ackedSamples()

    mount.failFileSystem()
    expect(mount.readOnly(), 'ext4 did not remount itself read-only').toBe(true)

    const refused = await post()
    expect(refused.status, refused.text).toBe(503)
    const error = (JSON.parse(refused.text) as { error: { code: string; message: string } }).error
    expect(error.code).toBe('storage')
    expect(error.message).toMatch(/cannot be written/)
    expect(error.message).toMatch(/Read-only file system/)
    expect(error.message).toContain(join(dataDir, 'vigil.duckdb'))
    // It stays refused while the disk is read-only, and nothing more is acknowledged.
    for (let i = 0; i < 3; i++) expect((await post()).status).toBe(503)
    expect(writer.ackedSamples()).toBe(ackedBefore)

    // The engine is still up: health and reads are answered, and the health says what is wrong.
    const push = await pushHealth(port)
    expect(push.state).toBe('error')
    expect(push.lastError).toMatch(/cannot be written/)
    expect(push.lastError).toContain(dataDir)
    expect(await writer.storedCount()).toBe(ackedBefore)
    expect(serve.alive).toBe(true)

    // A clean stop ends the process (saving state fails and is logged; nothing hangs).
    const code = await serve.stop()
    expect(code, `vigil serve was killed after the grace period. Output:\n${serve.output()}`).not.toBeNull()

    // The administrator's repair, then a normal start on the same folder.
    expect([0, 1]).toContain(mount.repair())
    expect(mount.readOnly()).toBe(false)
    ;({ serve } = await spawnServe(cli.cliPath, dataDir, port, 30_000))
    children.push(serve)
    expect(await writer.storedCount()).toBe(ackedBefore)
    for (let i = 0; i < 3; i++) expect((await post()).status).toBe(204)
    expect(await serve.stop()).toBe(0)

    const check = await verifyAcknowledged(join(dataDir, 'vigil.duckdb'), writer.acked, baseTs)
    expect(check.missing).toEqual([])
    expect(check.verified).toBe(writer.ackedSamples())
  })
})
