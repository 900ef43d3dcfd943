// Export through a running engine's parts: its open store (no second DuckDB open), the config
// file's text as written, its views and KPIs; the default file name under <dataDir>/exports.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfigText } from '../config/parse-config'
import { createKpiApi } from '../kpi/kpi-api'
import type { DuckDBStore } from '../store/duckdb-store'
import { tempDir } from '../store/test-support'
import { viewsOf } from '../views/views-api'
import { defaultArchiveName, exportFromEngine, type EngineExportParts } from './export-from-engine'
import { fileSigningKey } from './signing'
import { CONFIG_TEXT, HOUR, populatedStore, T0 } from './test-support'
import { verifyArchive } from './verify-archive'

let tmp: ReturnType<typeof tempDir>
let store: DuckDBStore
let parts: EngineExportParts

beforeAll(async () => {
  tmp = tempDir('engine-export')
  const dataDir = join(tmp.dir, 'data')
  store = await populatedStore(dataDir)
  const configPath = join(tmp.dir, 'conf', 'vigil.yaml')
  mkdirSync(join(tmp.dir, 'conf'))
  writeFileSync(configPath, CONFIG_TEXT)
  const config = parseConfigText(CONFIG_TEXT, configPath)
  const kpi = createKpiApi({ store, config: () => config, now: () => T0 + 49 * HOUR })
  parts = { store, api: { getViews: async () => viewsOf(config), getKpis: kpi.getKpis }, config: () => config, configPath, dataDir, appVersion: 'live', now: () => T0 + 49 * HOUR }
}, 60_000)

afterAll(async () => {
  await store?.close()
  tmp?.cleanup()
})

describe('exportFromEngine', () => {
  it('writes to <dataDir>/exports under a name from the range, from the open store, and keeps serving it', async () => {
    const stages: string[] = []
    const r = await exportFromEngine(parts, { from: T0, to: T0 + 24 * HOUR }, (p) => stages.push(p.stage))
    expect(r.path).toBe(join(tmp.dir, 'data', 'exports', 'vigil-20260110T0000Z-20260111T0000Z.vigil'))
    expect(stages.at(-1)).toBe('done')
    const v = await verifyArchive(r.path)
    expect(v.problems).toEqual([])
    expect(v.manifest?.appVersion).toBe('live')
    // The store stays open and usable for the engine.
    expect((await store.stats()).samples).toBe(3 * 48 * 60)
  })

  it('honours a relative name, an absolute path, the series filter and an injected signing key', async () => {
    const rel = await exportFromEngine(parts, { from: T0, to: T0 + HOUR, out: 'mine.vigil', seriesGlob: 'mem' })
    expect(rel.path).toBe(join(tmp.dir, 'data', 'exports', 'mine.vigil'))
    expect(rel.manifest.members.find((m) => m.path === 'data/samples.parquet')?.rows).toBe(60)
    const abs = join(tmp.dir, 'elsewhere.vigil')
    const signed = await exportFromEngine({ ...parts, signingKey: fileSigningKey(join(tmp.dir, 'keychain-stand-in')) }, { from: T0, to: T0 + HOUR, out: abs, sign: true })
    expect(signed.path).toBe(abs)
    expect((await verifyArchive(abs)).signed).toBe(true)
  })

  it('keeps a relative name inside the exports folder', async () => {
    await expect(exportFromEngine(parts, { from: T0, to: T0 + HOUR, out: '../escape.vigil' })).rejects.toThrow('export: the file name "../escape.vigil" must not contain a folder')
    await expect(exportFromEngine(parts, { from: T0, to: T0 + HOUR, out: 'sub/x.vigil' })).rejects.toThrow(/must not contain a folder/)
  })

  it('names the config file it cannot read', async () => {
    await expect(exportFromEngine({ ...parts, configPath: join(tmp.dir, 'gone.yaml') }, { from: T0, to: T0 + HOUR })).rejects.toThrow(`export: cannot read the config ${join(tmp.dir, 'gone.yaml')}`)
  })

  it('names archives by their UTC range to the minute', () => {
    expect(defaultArchiveName(Date.UTC(2026, 0, 10), Date.UTC(2026, 0, 11, 12, 30))).toBe('vigil-20260110T0000Z-20260111T1230Z.vigil')
  })
})
