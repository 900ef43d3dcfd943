// Archive benchmark: 30 days of demo data at 15 s resolution (generated like the views benchmark:
// the demo source's back-fill through the real engine, then the roll-ups), exported to a `.vigil`
// file and verified. Reports export and verify time, file size, and bytes per sample (target ≤ 2).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { exportArchive } from '../src/main/archive/export-archive'
import { verifyArchive } from '../src/main/archive/verify-archive'
import { DEFAULT_CONFIG_YAML } from '../src/main/config/default-config'
import { parseConfigText } from '../src/main/config/parse-config'
import { startEngine } from '../src/main/engine/start-engine'
import { createKpiApi } from '../src/main/kpi/kpi-api'
import { openStore } from '../src/main/store/duckdb-store'
import { viewsOf } from '../src/main/views/views-api'

const DAY = 86_400_000

export interface ArchiveBenchResult {
  days: number
  series: number
  /** Raw samples in the archive. */
  samples: number
  generateSeconds: number
  exportSeconds: number
  verifySeconds: number
  archiveBytes: number
  samplesParquetBytes: number
  /** Whole archive bytes / raw samples (target ≤ 2). */
  bytesPerSample: number
  /** The samples member alone / raw samples. */
  samplesMemberBytesPerSample: number
  members: { path: string; bytes: number; rows?: number }[]
}

/** Generates `days` of demo data in `dir`, then exports and verifies all of it. */
export async function benchArchive(opts: { dir: string; days?: number; log?: (line: string) => void }): Promise<ArchiveBenchResult> {
  const days = opts.days ?? 30
  const log = opts.log ?? (() => undefined)
  const dataDir = join(opts.dir, 'data')
  mkdirSync(dataDir, { recursive: true })
  const configPath = join(dataDir, 'vigil.yaml')
  let configText = DEFAULT_CONFIG_YAML.replace(/backfill: 90d\n(\s+)backfill_step: 5m/, `backfill: ${days}d\n$1backfill_step: 15s`)
  if (!configText.includes('backfill_step: 15s')) throw new Error('archive bench: could not set the demo back-fill in the default config')
  // Keep all 30 days raw (the default keeps 15): the archive then holds every sample once, raw.
  configText = configText.replace(/(\n {4}raw: )15d/, '$1400d')
  if (!configText.includes('raw: 400d')) throw new Error('archive bench: could not set the raw retention in the default config')
  writeFileSync(configPath, configText)

  log(`generating ${days} days of demo data at 15 s…`)
  let t = performance.now()
  const engine = await startEngine({ dataDir, configPath, version: 'bench', log: () => undefined })
  for (;;) {
    const demo = (await engine.api.getHealth({})).sources.find((s) => s.id === 'demo')
    if (demo && demo.state !== 'pending') break
    await new Promise((r) => setTimeout(r, 250))
  }
  await engine.stop()
  const store = await openStore({ path: join(dataDir, 'vigil.duckdb'), retention: { raw: 400 * DAY, '1m': 400 * DAY, '1h': 1000 * DAY } })
  try {
    await store.runMaintenance(Date.now())
    const generateSeconds = (performance.now() - t) / 1000
    const config = parseConfigText(configText, configPath)
    const to = Date.now()
    const from = to - days * DAY
    const kpi = createKpiApi({ store, config: () => config, now: () => to })
    log('exporting…')
    t = performance.now()
    const out = join(opts.dir, 'bench.vigil')
    const result = await exportArchive({
      store,
      api: { getViews: async () => viewsOf(config), getKpis: kpi.getKpis },
      config,
      configText,
      appVersion: 'bench',
      from,
      to,
      out
    })
    const exportSeconds = (performance.now() - t) / 1000
    log('verifying…')
    t = performance.now()
    const verified = await verifyArchive(out)
    const verifySeconds = (performance.now() - t) / 1000
    if (!verified.ok) throw new Error(`archive bench: the exported archive does not verify: ${verified.problems.join('; ')}`)
    const samplesMember = result.manifest.members.find((m) => m.path === 'data/samples.parquet')!
    const seriesMember = result.manifest.members.find((m) => m.path === 'data/series.parquet')!
    const samples = samplesMember.rows ?? 0
    return {
      days,
      series: seriesMember.rows ?? 0,
      samples,
      generateSeconds,
      exportSeconds,
      verifySeconds,
      archiveBytes: result.bytes,
      samplesParquetBytes: samplesMember.bytes,
      bytesPerSample: result.bytes / Math.max(1, samples),
      samplesMemberBytesPerSample: samplesMember.bytes / Math.max(1, samples),
      members: result.manifest.members.map(({ path, bytes, rows }) => ({ path, bytes, rows }))
    }
  } finally {
    await store.close()
  }
}

/** The report lines `vigil bench archive` prints. */
export function archiveBenchReport(r: ArchiveBenchResult): string[] {
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')
  const verdict = r.bytesPerSample <= 2 ? 'meets' : 'MISSES'
  return [
    `  data: ${r.days} days × ${r.series} demo series at 15 s = ${fmt(r.samples)} raw samples (generated in ${r.generateSeconds.toFixed(1)} s)`,
    `  export                     ${r.exportSeconds.toFixed(2).padStart(8)} s  (${fmt(r.samples / r.exportSeconds)} samples/s)`,
    `  verify                     ${r.verifySeconds.toFixed(2).padStart(8)} s`,
    `  archive size               ${fmt(r.archiveBytes).padStart(12)} bytes`,
    `  bytes per sample           ${r.bytesPerSample.toFixed(3).padStart(8)}    (${verdict} the ≤ 2 target; whole archive incl. roll-ups / raw samples)`,
    `  samples member per sample  ${r.samplesMemberBytesPerSample.toFixed(3).padStart(8)}`,
    ...r.members.map((m) => `    ${m.path.padEnd(28)} ${fmt(m.bytes).padStart(12)} bytes${m.rows !== undefined ? `  ${fmt(m.rows).padStart(11)} rows` : ''}`)
  ]
}
