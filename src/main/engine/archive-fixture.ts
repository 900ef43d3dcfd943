// Test fixture: a demo data dir (default config's KPIs, milestones and views; 3 days of demo
// back-fill at a fixed clock) exported with the real exporter, unsigned and signed, plus a
// read-only live engine on the same data for comparisons. Used by review-mode tests.
import { generateKeyPairSync } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { exportArchive, type ExportArchiveOptions } from '../archive/export-archive'
import { computeArchiveAnalytics } from './start-archive-engine'
import { parseConfigText } from '../config/parse-config'
import { openStore } from '../store/duckdb-store'
import { LiveEngine, startEngine } from './start-engine'

export const HOUR = 3_600_000
export const DAY = 24 * HOUR
/** The engine clock of the demo run (fixed, so the data set is the same every run). */
export const NOW = Date.UTC(2025, 0, 15, 12, 7)
export const FROM = NOW - 3 * DAY
/** One minute past the clock: the range covers every sample the demo wrote. */
export const TO = NOW + 60_000

/** The shipped default config (every KPI, milestone and view) with only the demo and push sources, a short back-fill. */
export function demoArchiveConfig(): string {
  const text = readFileSync(resolve(__dirname, '../../../resources/vigil.default.yaml'), 'utf8')
  const start = text.indexOf('\nsources:')
  const end = text.indexOf('\nprogramme:')
  if (start === -1 || end === -1) throw new Error('resources/vigil.default.yaml changed shape: the fixture cannot swap its sources')
  const sources = `
sources:
  - { id: demo, kind: demo, interval: 1h, seed: 42, backfill: 3d, backfill_step: 15m }
  - { id: push, kind: push }
`
  // The demo records its programme start in its source state, which archives do not carry (yet):
  // a fixed start keeps the start-relative KPI baselines comparable.
  const rest = text.slice(end).replace('start: { source: demo }', `start: ${new Date(NOW - 2 * DAY).toISOString()}`)
  if (rest === text.slice(end)) throw new Error('resources/vigil.default.yaml changed shape: the fixture cannot fix programme.start')
  return (text.slice(0, start) + sources + rest).replace(/flush_interval: \S+/, 'flush_interval: 20ms')
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await probe()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

export interface DemoArchives {
  /** Read-only live engine on the exported data dir, clock at the range's end (stop it when done). */
  live: LiveEngine
  archivePath: string
  signedPath: string
  /** Exports the same data and range again to `out`, with the given analytics hook (none: no member). */
  exportAgain(out: string, analytics?: ExportArchiveOptions['analytics']): Promise<void>
}

/** Builds the demo data dir in `dir` and exports `q1-review.vigil` (with the analytics member) and `signed.vigil` (without) over [FROM, TO). */
export async function buildDemoArchives(dir: string, version = '0.0.0-test'): Promise<DemoArchives> {
  const quiet = { version, log: () => undefined }
  const configText = demoArchiveConfig()
  const dataDir = join(dir, 'data')
  const configPath = join(dir, 'vigil.yaml')
  writeFileSync(configPath, configText)
  // The demo writes its back-fill; then the sources stop.
  const writer = await startEngine({ dataDir, configPath, now: () => NOW, ...quiet })
  try {
    await until('the demo back-fill', async () => (await writer.api.latest({ series: 'ai_roi_percent' }))[0]?.ts >= NOW - 15 * 60_000)
    await until('the demo predictions', async () => (await writer.api.listModels({})).length > 0)
  } finally {
    await writer.stop()
  }
  const config = parseConfigText(configText, configPath)
  const store = await openStore({ path: join(dataDir, 'vigil.duckdb'), retention: config.storage.retention, memoryLimit: config.storage.memory_limit })
  const live = new LiveEngine({ dataDir, configPath, configText, readOnly: true, now: () => TO, ...quiet }, config, store)
  const common = { store, api: live.api, config, configText, appVersion: version, from: FROM, to: TO, now: () => NOW }
  const archivePath = join(dir, 'q1-review.vigil')
  await exportArchive({ ...common, out: archivePath, analytics: (input) => computeArchiveAnalytics({ ...input, configName: 'vigil.yaml', version }) })
  const { privateKey } = generateKeyPairSync('ed25519')
  const signedPath = join(dir, 'signed.vigil')
  await exportArchive({ ...common, out: signedPath, sign: { where: 'test key', privateKey: async () => privateKey } })
  const exportAgain = async (out: string, analytics?: ExportArchiveOptions['analytics']): Promise<void> => {
    await exportArchive({ ...common, out, ...(analytics ? { analytics } : {}) })
  }
  return { live, archivePath, signedPath, exportAgain }
}
