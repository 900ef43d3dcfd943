// The desktop app's File → Export archive path: the running engine writes an archive to the
// absolute path the save dialog gave (outside the data dir), with progress; a relative path is refused.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { verifyArchive } from '../archive/verify-archive'
import { startEngine } from './start-engine'

describe('exportArchiveTo', () => {
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c()
  })

  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-export-to-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    return dir
  }

  it('writes a verified archive of the range to an absolute path, reporting progress up to 1', async () => {
    const dataDir = tempDir()
    const chosenDir = tempDir()
    writeFileSync(join(dataDir, 'vigil.yaml'), 'storage: { flush_interval: 20ms }\nsources:\n  - { id: push, kind: push }\n')
    const engine = await startEngine({ dataDir, configPath: join(dataDir, 'vigil.yaml'), version: '0.0.0-test', log: () => undefined })
    cleanups.push(() => engine.stop())
    const now = Date.now()
    await engine.push(Array.from({ length: 60 }, (_, i) => ({ name: 'orders', labels: {}, ts: now - (60 - i) * 60_000, value: i })))

    const progress: number[] = []
    const out = join(chosenDir, 'board-q1.vigil')
    const result = await engine.exportArchiveTo(out, { from: now - 2 * 3_600_000, to: now + 1 }, (fraction) => progress.push(fraction))
    expect(result).toMatchObject({ path: out, samples: 60, signed: false })
    expect((await verifyArchive(out)).ok).toBe(true)
    expect(progress.length).toBeGreaterThan(1)
    expect(progress.at(-1)).toBe(1)
    // Nothing went to the data dir's exports folder.
    expect(existsSync(join(dataDir, 'exports')) ? readdirSync(join(dataDir, 'exports')) : []).toEqual([])

    await expect(engine.exportArchiveTo('relative/board.vigil', { from: now - 3_600_000, to: now })).rejects.toThrow(
      'export: the output file must be an absolute path, got "relative/board.vigil"'
    )
  })
})
