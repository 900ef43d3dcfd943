// The audit log on real files: appends chain and survive reopening; every kind of tampering is
// named at the right entry; a torn last line (a crash mid-write) is reported as truncated, then
// recovered by the next open without blaming earlier entries; concurrent appends stay one chain.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { entryHash, entryLine, type AuditEntry, type AuditEvent } from './audit-entry'
import { appendAuditOnce } from './append-once'
import { AuditLog, AuditLogError } from './audit-log'
import { exportAudit } from './export-audit'
import { recentAuditEntries } from './recent-entries'
import { verifyAuditFile } from './verify-audit'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-audit-'))
  dirs.push(dir)
  return join(dir, 'audit.log')
}

const T0 = Date.UTC(2026, 0, 1)

function event(i: number): AuditEvent {
  return { actor: { role: 'operator', via: 'bearer' }, action: 'silence.create', target: `s${i}`, details: { comment: `window ${i}`, nested: { b: 2, a: [1, 'x'] } } }
}

async function writeLog(path: string, n: number): Promise<void> {
  let t = T0
  const log = await AuditLog.open(path, { now: () => (t += 60_000) })
  for (let i = 1; i <= n; i++) await log.append(event(i))
  await log.close()
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').slice(0, -1)
}

function writeLines(path: string, ls: string[]): void {
  writeFileSync(path, ls.map((l) => l + '\n').join(''))
}

describe('audit log', () => {
  it('chains entries across reopenings, and verify reports the head', async () => {
    const path = tempFile()
    await writeLog(path, 3)
    const log = await AuditLog.open(path, { now: () => T0 + 3_600_000 })
    expect(log.head().seq).toBe(3)
    const fourth = await log.append(event(4))
    await log.close()
    expect(fourth).toMatchObject({ seq: 4, action: 'silence.create', target: 's4' })
    const entries = lines(path).map((l) => JSON.parse(l) as AuditEntry)
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4])
    expect(entries[0].prev).toBe('0'.repeat(64))
    for (let i = 1; i < 4; i++) expect(entries[i].prev).toBe(entries[i - 1].hash)
    const result = await verifyAuditFile(path)
    expect(result.problem).toBeNull()
    expect(result).toMatchObject({ entries: 4, head: { seq: 4, hash: fourth.hash }, firstTime: '2026-01-01T00:01:00.000Z' })
  })

  it('names an edited field', async () => {
    const path = tempFile()
    await writeLog(path, 5)
    const ls = lines(path)
    ls[2] = ls[2].replace('"target":"s3"', '"target":"s9"')
    writeLines(path, ls)
    expect((await verifyAuditFile(path)).problem).toMatchObject({ kind: 'edited', line: 3, seq: 3 })
  })

  it('names an entry that was edited and re-hashed at the entry after it', async () => {
    const path = tempFile()
    await writeLog(path, 5)
    const ls = lines(path)
    const e = JSON.parse(ls[1]) as AuditEntry
    const { hash: _old, ...rest } = { ...e, details: { comment: 'nothing to see' } }
    ls[1] = entryLine({ ...rest, hash: entryHash(rest) })
    writeLines(path, ls)
    const problem = (await verifyAuditFile(path)).problem
    expect(problem).toMatchObject({ kind: 'edited', line: 3, seq: 3 })
    expect(problem!.message).toContain('does not match the hash of entry 2')
  })

  it('names a deleted entry', async () => {
    const path = tempFile()
    await writeLog(path, 5)
    const ls = lines(path)
    ls.splice(2, 1)
    writeLines(path, ls)
    const problem = (await verifyAuditFile(path)).problem
    expect(problem).toMatchObject({ kind: 'deleted', line: 3, seq: 4 })
    expect(problem!.message).toContain('entry 3 is missing')
  })

  it('names swapped entries as reordered', async () => {
    const path = tempFile()
    await writeLog(path, 5)
    const ls = lines(path)
    ;[ls[1], ls[3]] = [ls[3], ls[1]]
    writeLines(path, ls)
    const problem = (await verifyAuditFile(path)).problem
    expect(problem).toMatchObject({ kind: 'reordered', line: 2, seq: 4 })
    expect(problem!.message).toContain('expected seq 2 here, but it is on line 4')
  })

  it('names a line that is not an entry as unreadable', async () => {
    const path = tempFile()
    await writeLog(path, 3)
    const ls = lines(path)
    ls[1] = '{"seq": 2, "oops"'
    writeLines(path, ls)
    expect((await verifyAuditFile(path)).problem).toMatchObject({ kind: 'unreadable', line: 2 })
  })

  it('reports a torn last line as truncated, then recovers it on open and keeps appending', async () => {
    const path = tempFile()
    await writeLog(path, 4)
    const full = readFileSync(path)
    // A crash in the middle of writing entry 4.
    truncateSync(path, full.length - 40)
    const torn = await verifyAuditFile(path)
    expect(torn.problem).toMatchObject({ kind: 'truncated', line: 4 })
    expect(torn.problem!.message).toContain('the 3 entries before it are intact')

    const log = await AuditLog.open(path, { now: () => T0 + 7_200_000 })
    const next = await log.append(event(5))
    await log.close()
    // seq 4 is the recovery note; the torn entry never counted.
    expect(next.seq).toBe(5)
    const recovery = JSON.parse(lines(path)[4]) as AuditEntry
    expect(recovery).toMatchObject({ seq: 4, action: 'audit.recovered', actor: { role: 'system', via: 'engine' }, details: { afterSeq: 3 } })
    const after = await verifyAuditFile(path)
    expect(after.problem).toBeNull()
    expect(after.recovered).toEqual([{ line: 4, bytes: expect.any(Number) }])
    expect(after.head.seq).toBe(5)
  })

  it('keeps a whole last entry whose newline was lost', async () => {
    const path = tempFile()
    await writeLog(path, 2)
    truncateSync(path, readFileSync(path).length - 1)
    const log = await AuditLog.open(path)
    expect(log.head().seq).toBe(2)
    await log.append(event(3))
    await log.close()
    expect((await verifyAuditFile(path)).problem).toBeNull()
    expect(lines(path)).toHaveLength(3)
  })

  it('refuses to open a log whose last entry was tampered with, naming the file', async () => {
    const path = tempFile()
    await writeLog(path, 2)
    appendFileSync(path, 'garbage\n')
    await expect(AuditLog.open(path)).rejects.toThrow(AuditLogError)
    await expect(AuditLog.open(path)).rejects.toThrow(/audit\.log: the last entry is unreadable/)
  })

  it('serialises concurrent appends into one gapless chain', async () => {
    const path = tempFile()
    const log = await AuditLog.open(path)
    const first = await Promise.all(Array.from({ length: 300 }, (_, i) => log.append(event(i))))
    // Appends made from callers resumed by earlier appends join the running drain or start a new one.
    const chained = await Promise.all(first.slice(0, 50).map((e) => log.append({ ...event(0), target: `after ${e.seq}` })))
    await log.close()
    expect(new Set(first.map((e) => e.seq)).size).toBe(300)
    expect([...first, ...chained].map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 350 }, (_, i) => i + 1))
    const result = await verifyAuditFile(path)
    expect(result.problem).toBeNull()
    expect(result.entries).toBe(350)
  })

  it('keeps one chain when two writers (serve and a CLI command) append to the same file', async () => {
    const path = tempFile()
    const serve = await AuditLog.open(path)
    const dir = join(path, '..')
    for (let round = 0; round < 5; round++) {
      await Promise.all([serve.append(event(round)), appendAuditOnce(dir, { ...event(round), actor: { role: 'admin', via: 'cli' } }), serve.append(event(round))])
    }
    await serve.close()
    const result = await verifyAuditFile(path)
    expect(result.problem).toBeNull()
    expect(result.entries).toBe(15)
  })

  it('lists recent entries newest first, paging back with beforeSeq', async () => {
    const path = tempFile()
    await writeLog(path, 30)
    expect((await recentAuditEntries(path, 5)).map((e) => e.seq)).toEqual([30, 29, 28, 27, 26])
    expect((await recentAuditEntries(path, 3, 10)).map((e) => e.seq)).toEqual([9, 8, 7])
    expect(await recentAuditEntries(path + '.missing', 5)).toEqual([])
  })

  it('exports a time range as the stored lines (jsonl) or as CSV', async () => {
    const path = tempFile()
    await writeLog(path, 5)
    const jsonl = path + '.jsonl'
    // Entries are at T0 + 1..5 minutes; [2 min, 4 min) holds seq 2 and 3.
    expect(await exportAudit(path, jsonl, { format: 'jsonl', from: T0 + 120_000, to: T0 + 240_000 })).toEqual({ entries: 2, skipped: 0 })
    expect(readFileSync(jsonl, 'utf8')).toBe(lines(path).slice(1, 3).join('\n') + '\n')
    const csv = path + '.csv'
    await exportAudit(path, csv, { format: 'csv' })
    const rows = readFileSync(csv, 'utf8').trim().split('\n')
    expect(rows[0]).toBe('seq,time,role,via,action,target,details,prev,hash')
    expect(rows).toHaveLength(6)
    expect(rows[1]).toMatch(/^1,2026-01-01T00:01:00\.000Z,operator,bearer,silence\.create,s1,"\{""comment"":""window 1""/)
  })
})
