import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startEngine } from '../engine/start-engine'
import { startAuditedDesktopEngine } from './desktop-engine'
import { verifyAuditFile } from './verify-audit'

describe('the desktop engine', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('records changes made through the window and File → Export as the desktop admin, and closes the log on stop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-desktop-audit-'))
    dirs.push(dir)
    const configPath = join(dir, 'vigil.yaml')
    writeFileSync(configPath, 'version: 1\nstorage: { flush_interval: 20ms }\nsources:\n  - { id: push, kind: push }\n')
    const engine = await startAuditedDesktopEngine(startEngine, { dataDir: dir, configPath, version: '0.0.0-test', log: () => undefined })
    const now = Date.now()
    await engine.push([{ name: 'desk_metric', labels: {}, ts: now - 1000, value: 1 }])
    const note = await engine.api.addAnnotation({ kind: 'note', ts: now, title: 'go-live of the triage model' })
    const exported = await engine.exportArchiveTo(join(dir, 'desk.vigil'), { from: now - 60_000, to: now + 1000 })
    await engine.stop()

    const entries = readFileSync(join(dir, 'audit.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; target: string | null; actor: { role: string; via: string } })
    const desktop = entries.filter((e) => e.actor.via === 'desktop')
    expect(desktop.map((e) => [e.action, e.target, e.actor.role])).toEqual([
      ['annotation.add', note.id, 'admin'],
      ['export.archive', exported.path, 'admin']
    ])
    // The engine's own entry (config loaded at start) is there too, and the chain verifies.
    expect(entries.some((e) => e.action === 'config.reload' && e.actor.via === 'engine')).toBe(true)
    expect((await verifyAuditFile(join(dir, 'audit.log'))).problem).toBeNull()
  })
})
