// `vigil verify` on real archives: exit 0 and a summary, or exit 2 with every problem.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportArchive } from '../archive/export-archive'
import { fileSigningKey } from '../archive/signing'
import { scanTar } from '../archive/tar-reader'
import { exportOptions, populatedStore, T0 } from '../archive/test-support'
import { tempDir } from '../store/test-support'
import { CliError } from './cli-error'
import { runVerifyCommand } from './verify-command'

let tmp: ReturnType<typeof tempDir>
let archive: string

function io(): { out: string[]; err: string[]; stdout: { write(t: string): void }; stderr: { write(t: string): void } } {
  const out: string[] = []
  const err: string[] = []
  return { out, err, stdout: { write: (t) => out.push(t) }, stderr: { write: (t) => err.push(t) } }
}

beforeAll(async () => {
  tmp = tempDir('verify-cmd')
  const store = await populatedStore(join(tmp.dir, 'data'))
  try {
    archive = (await exportArchive({ ...exportOptions(store, join(tmp.dir, 'a.vigil')), sign: fileSigningKey(join(tmp.dir, 'data')) })).path
  } finally {
    await store.close()
  }
}, 60_000)

afterAll(() => tmp?.cleanup())

describe('vigil verify', () => {
  it('exits 0 with range, members, rows and the signing key', async () => {
    const o = io()
    expect(await runVerifyCommand([archive], o)).toBe(0)
    const text = o.out.join('')
    expect(text).toContain(`${archive}: OK`)
    expect(text).toContain(`range:     ${new Date(T0).toISOString()} → ${new Date(T0 + 86_400_000).toISOString()}`)
    expect(text).toContain('members:   14 + manifest')
    expect(text).toContain('samples 4,320')
    expect(text).toMatch(/signature: signed \(Ed25519\), key SHA256:\S{43}\n/)
    expect(o.err).toEqual([])
  })

  it('exits 2 listing every problem', async () => {
    const bad = join(tmp.dir, 'bad.vigil')
    const bytes = readFileSync(archive)
    const entries = (await scanTar(archive)).entries
    for (const name of ['data/samples.parquet', 'config/vigil.yaml']) {
      const e = entries.find((x) => x.name === name)!
      bytes[e.offset + 5] ^= 0x20
    }
    writeFileSync(bad, bytes)
    const o = io()
    expect(await runVerifyCommand([bad], o)).toBe(2)
    expect(o.err.join('')).toBe(`${bad}: NOT OK, 2 problems:\n  - checksum mismatch for data/samples.parquet\n  - checksum mismatch for config/vigil.yaml\n`)
    expect(o.out).toEqual([])
  })

  it('reports a missing file and refuses bad usage', async () => {
    const o = io()
    expect(await runVerifyCommand([join(tmp.dir, 'none.vigil')], o)).toBe(2)
    expect(o.err.join('')).toContain('file not found')
    await expect(runVerifyCommand([], io())).rejects.toThrow(CliError)
    await expect(runVerifyCommand(['a', 'b'], io())).rejects.toThrow('usage: vigil verify FILE.vigil')
  })
})
