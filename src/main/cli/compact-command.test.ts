import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from '../store/duckdb-store'
import { LONG_RETENTION, tempDir } from '../store/test-support'
import { CliError } from './cli-error'
import { runCompactCommand } from './compact-command'

/** A child process with the DuckDB file open, like a running Vigil. */
async function holdDatabase(path: string): Promise<ChildProcess> {
  const script = `const { DuckDBInstance } = require('@duckdb/node-api'); DuckDBInstance.create(${JSON.stringify(path)}).then((i) => i.connect()).then(() => console.log('holding')); setInterval(() => {}, 1000)`
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('holding') && resolve())
    child.once('exit', (code) => reject(new Error(`the holder exited with ${code}`)))
  })
  return child
}

describe('vigil compact', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => {
    for (const c of cleanups.splice(0)) c()
  })

  it('refuses while another process holds the database, then compacts it and keeps its data', async () => {
    const tmp = tempDir('compact-cli')
    cleanups.push(tmp.cleanup)
    const path = join(tmp.dir, 'vigil.duckdb')
    const store = await openStore({ path, retention: LONG_RETENTION })
    await store.append('test', Array.from({ length: 500 }, (_, i) => ({ name: 'kept', labels: { k: 'v' }, ts: 1_700_000_000_000 + i * 1000, value: i })))
    await store.close()
    const lines: string[] = []
    // Another process holds the file (as a running Vigil would): DuckDB's lock refuses it.
    const holder = await holdDatabase(path)
    try {
      const inUse = await runCompactCommand(['--data-dir', tmp.dir], {}, (l) => lines.push(l)).catch((err: unknown) => err)
      expect(inUse).toBeInstanceOf(CliError)
      expect((inUse as CliError).message).toContain(`compact "${path}": the database is in use (stop Vigil first)`)
    } finally {
      holder.kill('SIGKILL')
      await new Promise((r) => holder.once('exit', r))
    }

    expect(await runCompactCommand(['--data-dir', tmp.dir], {}, (l) => lines.push(l))).toBe(0)
    expect(lines.at(-1)).toMatch(new RegExp(`^compacted ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: [\\d.]+ MB → [\\d.]+ MB$`))
    const reopened = await openStore({ path, retention: LONG_RETENTION })
    try {
      const r = await reopened.queryRange({ series: 'kept', from: 1_700_000_000_000, to: 1_700_000_000_000 + 500_000, step: 1, agg: 'last' })
      expect(r.points).toHaveLength(500)
    } finally {
      await reopened.close()
    }
  })

  it('names a missing database', async () => {
    const tmp = tempDir('compact-cli-missing')
    cleanups.push(tmp.cleanup)
    await expect(runCompactCommand(['--data-dir', tmp.dir], {}, () => undefined)).rejects.toThrow(`no database at "${join(tmp.dir, 'vigil.duckdb')}"`)
  })
})
