// `vigil export` on a real data dir: the archive, the progress output on a terminal and in a log,
// argument errors, and the message when a running Vigil holds the data dir.
import { spawn, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyArchive } from '../archive/verify-archive'
import { fakeKeychain } from '../keychain/fake-keychain'
import { CONFIG_TEXT, HOUR, populatedStore, T0 } from '../archive/test-support'
import { tempDir } from '../store/test-support'
import { CliError } from './cli-error'
import { parseExportArgs, runExportCommand, type CommandIO } from './export-command'

let tmp: ReturnType<typeof tempDir>
let dataDir: string

function io(tty = false): CommandIO & { out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  return {
    out,
    err,
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t), isTTY: tty, columns: 100 },
    now: () => T0 + 49 * HOUR,
    env: {},
    version: '9.9.9',
    keychain: fakeKeychain().open
  }
}

beforeAll(async () => {
  tmp = tempDir('export-cmd')
  dataDir = join(tmp.dir, 'data')
  const store = await populatedStore(dataDir)
  await store.close()
  writeFileSync(join(dataDir, 'vigil.yaml'), CONFIG_TEXT)
}, 60_000)

afterAll(() => tmp?.cleanup())

describe('vigil export', () => {
  it('writes a verified archive, with plain progress lines when stderr is not a terminal', async () => {
    const out = join(tmp.dir, 'a.vigil')
    const o = io()
    const code = await runExportCommand(['--data-dir', dataDir, '--from', new Date(T0).toISOString(), '--to', 'now-25h', '--out', out], o)
    expect(code).toBe(0)
    expect(o.out.join('')).toMatch(new RegExp(`^wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [\\d,]+ bytes, 15 members, 4,320 samples, 2026-01-10T00:00:00.000Z → 2026-01-11T00:00:00.000Z, unsigned\\n$`))
    expect(o.err.every((l) => l.startsWith('export: ') && l.endsWith('\n') && !l.includes('\r'))).toBe(true)
    expect(o.err.join('')).toContain('export: 100% done')
    const v = await verifyArchive(out)
    expect(v.ok).toBe(true)
    expect(v.manifest?.appVersion).toBe('9.9.9')
  })

  it('draws a bar on a terminal, and signs with --sign', async () => {
    const out = join(tmp.dir, 'b.vigil')
    const o = io(true)
    expect(await runExportCommand(['--data-dir', dataDir, '--from', String(T0), '--to', String(T0 + HOUR), '--series', 'mem', '--sign', '--out', out], o)).toBe(0)
    const err = o.err.join('')
    expect(err.startsWith('export: created a new archive signing key in the OS keychain (service "vigil", account "archive-signing-key:')).toBe(true)
    expect(err).toContain('\rexport [')
    expect(err).toMatch(/#{10,}\] 100% done/)
    expect(o.out.join('')).toMatch(/60 samples, .*series mem, signed, key SHA256:/)
    expect((await verifyArchive(out)).signed).toBe(true)
  })

  it('names a bad or missing argument', () => {
    const now = T0
    expect(() => parseExportArgs(['--to', 'now', '--out', 'x.vigil'], now)).toThrow(/--from is required/)
    expect(() => parseExportArgs(['--from', 'yesterday', '--to', 'now', '--out', 'x.vigil'], now)).toThrow('--from: "yesterday" is not a time')
    expect(() => parseExportArgs(['--from', 'now', '--to', 'now-1h', '--out', 'x.vigil'], now)).toThrow(/--to .* must be after --from/)
    expect(() => parseExportArgs(['--from', 'now-1h', '--to', 'now'], now)).toThrow(/--out FILE.vigil is required/)
    expect(() => parseExportArgs(['--from', 'now-1h', '--to', 'now', '--out', 'x', '--bogus'], now)).toThrow(CliError)
    expect(parseExportArgs(['--from', 'now-7d', '--to', 'now', '--out', 'x.vigil', '--data-dir', '/d'], now)).toMatchObject({ from: now - 7 * 86_400_000, to: now, dataDir: '/d', configPath: '/d/vigil.yaml', sign: false })
  })

  it('refuses a data dir without a store', async () => {
    await expect(runExportCommand(['--data-dir', join(tmp.dir, 'empty'), '--from', 'now-1h', '--to', 'now', '--out', join(tmp.dir, 'c.vigil')], io())).rejects.toThrow(/no metric store in .*empty/)
  })

  describe('while another process holds the data dir', () => {
    let holder: ChildProcess | null = null
    afterAll(() => {
      if (holder?.pid) process.kill(holder.pid)
    })

    it('says to export through the running Vigil', async () => {
      const file = join(dataDir, 'vigil.duckdb')
      holder = spawn(process.execPath, ['-e', `require('@duckdb/node-api').DuckDBInstance.create(${JSON.stringify(file)}).then(() => { console.log('ready'); setInterval(() => {}, 1000) })`], {
        stdio: ['ignore', 'pipe', 'inherit']
      })
      await new Promise<void>((resolve, reject) => {
        holder!.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve())
        holder!.on('exit', (code) => reject(new Error(`holder exited with ${code}`)))
      })
      const err = await runExportCommand(['--data-dir', dataDir, '--from', 'now-1h', '--to', 'now', '--out', join(tmp.dir, 'd.vigil')], io()).catch((e: Error) => e)
      expect(err).toBeInstanceOf(CliError)
      expect((err as Error).message).toBe(`the data dir is in use by a running Vigil (pid ${holder.pid}?); export through it: POST /api/export or the app's File → Export`)
    }, 30_000)
  })
})
