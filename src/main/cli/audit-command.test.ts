import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AuditLog } from '../audit/audit-log'
import { runAuditCommand } from './audit-command'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function dataDirWith(n: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-audit-cli-'))
  dirs.push(dir)
  let t = Date.UTC(2026, 4, 1)
  const log = await AuditLog.openInDataDir(dir, { now: () => (t += 3_600_000) })
  for (let i = 0; i < n; i++) await log.append({ actor: { role: 'admin', via: 'cli' }, action: 'export.archive', target: `/x/${i}.vigil`, details: { i } })
  await log.close()
  return dir
}

function io() {
  const out: string[] = []
  const err: string[] = []
  return { out, err, io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env: {}, now: () => Date.UTC(2026, 5, 1) } }
}

describe('vigil audit', () => {
  it('verify: exit 0 with a summary, exit 2 naming the first bad entry', async () => {
    const dir = await dataDirWith(4)
    const ok = io()
    expect(await runAuditCommand(['verify', '--data-dir', dir], ok.io)).toBe(0)
    expect(ok.out.join('')).toMatch(/audit\.log: 4 entries from 2026-05-01T01:00:00\.000Z to 2026-05-01T04:00:00\.000Z, hash chain intact; head seq 4 hash [0-9a-f]{64}\n$/)
    const path = join(dir, 'audit.log')
    const ls = readFileSync(path, 'utf8').split('\n')
    writeFileSync(path, [ls[0], ls[2], ls[3], ''].join('\n'))
    const bad = io()
    expect(await runAuditCommand(['verify', '--data-dir', dir], bad.io)).toBe(2)
    expect(bad.err.join('')).toContain('audit.log: line 2 (seq 3): deleted: entry 2 is missing')
  })

  it('export: a time range as .jsonl or .csv; clear errors for a bad --out or a missing log', async () => {
    const dir = await dataDirWith(5)
    const out = join(dir, 'range.jsonl')
    const run = io()
    expect(await runAuditCommand(['export', '--data-dir', dir, '--from', '2026-05-01T02:00:00Z', '--to', '2026-05-01T04:00:00Z', '--out', out], run.io)).toBe(0)
    expect(readFileSync(out, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([2, 3])
    expect(run.out.join('')).toBe(`wrote ${out} (2 entries, jsonl)\n`)
    const csv = join(dir, 'all.csv')
    expect(await runAuditCommand(['export', '--data-dir', dir, '--out', csv], io().io)).toBe(0)
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(6)
    await expect(runAuditCommand(['export', '--data-dir', dir, '--out', join(dir, 'x.txt')], io().io)).rejects.toThrow('--out: expected a file ending in .jsonl or .csv')
    await expect(runAuditCommand(['export', '--data-dir', dir, '--from', 'yesterday', '--out', csv], io().io)).rejects.toThrow(/--from: "yesterday" is not a time/)
    await expect(runAuditCommand(['verify', '--data-dir', join(dir, 'nope')], io().io)).rejects.toThrow(/no audit log in .*nope/)
    await expect(runAuditCommand(['frobnicate'], io().io)).rejects.toThrow(/unknown audit command "frobnicate"/)
  })
})
