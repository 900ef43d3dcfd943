// `vigil export [--data-dir DIR] [--config FILE] --from T --to T [--series GLOB] [--sign] --out FILE.vigil`:
// writes a metric archive from a data dir no running Vigil holds (DuckDB admits one process per
// database file; while `serve` or the app runs, export through it instead).
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { parseTimePoint } from '@shared/duration'
import { parseConfigText } from '../config/parse-config'
import { ConfigError } from '../config/config-error'
import { exportArchive, type ExportResult } from '../archive/export-archive'
import type { KeychainOpener } from '../keychain/keychain-entry'
import { KeychainSigningKeySource } from '../archive/keychain-signing-key'
import { keyFingerprint } from '../archive/signing'
import { createKpiApi } from '../kpi/kpi-api'
import { lockedStoreMessage } from '../store/archive-export'
import { openStore } from '../store/duckdb-store'
import { viewsOf } from '../views/views-api'
import { appendAuditOnce } from '../audit/append-once'
import { computeArchiveAnalytics } from '../engine/start-archive-engine'
import { CliError } from './cli-error'
import { defaultDataDir } from './data-dir'
import { progressBar, type ProgressSink } from './progress-bar'

const USAGE = 'usage: vigil export [--data-dir DIR] [--config FILE] --from T --to T [--series GLOB] [--sign] --out FILE.vigil'

export interface ExportArgs {
  dataDir: string
  configPath: string
  from: number
  to: number
  series?: string
  sign: boolean
  out: string
}

export interface CommandIO {
  stdout: ProgressSink
  stderr: ProgressSink
  now: () => number
  env: NodeJS.ProcessEnv
  version: string
  /** The keychain for --sign (default: the OS keychain; tests inject a fake). */
  keychain?: KeychainOpener
}

const defaultIO = (version: string): CommandIO => ({ stdout: process.stdout, stderr: process.stderr, now: Date.now, env: process.env, version })

/** Parses a time argument like the REST API does: epoch ms, ISO 8601, now, now-7d. */
export function timeArg(flag: string, text: string | undefined, now: number): number {
  if (text === undefined) throw new CliError(`--${flag} is required (${USAGE})`)
  const value = parseTimePoint(text, now)
  if (value === null) throw new CliError(`--${flag}: ${JSON.stringify(text)} is not a time (expected epoch ms, ISO 8601 such as 2026-05-01T12:00:00Z, now, or now-7d)`)
  return value
}

/** Parses the export flags; throws CliError naming the flag. */
export function parseExportArgs(argv: string[], now: number, env: NodeJS.ProcessEnv = process.env): ExportArgs {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        series: { type: 'string' },
        sign: { type: 'boolean', default: false },
        out: { type: 'string' }
      },
      strict: true,
      allowPositionals: false
    }))
  } catch (err) {
    throw new CliError(`${(err as Error).message} (${USAGE})`)
  }
  const from = timeArg('from', values.from, now)
  const to = timeArg('to', values.to, now)
  if (to <= from) throw new CliError(`--to (${new Date(to).toISOString()}) must be after --from (${new Date(from).toISOString()})`)
  if (!values.out) throw new CliError(`--out FILE.vigil is required (${USAGE})`)
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir(env))
  return {
    dataDir,
    configPath: resolve(values.config ?? join(dataDir, 'vigil.yaml')),
    from,
    to,
    series: values.series || undefined,
    sign: values.sign ?? false,
    out: resolve(values.out)
  }
}

/** Runs `vigil export`; resolves with the exit code (0 written; errors are thrown as CliError / ConfigError). */
export async function runExportCommand(argv: string[], io: CommandIO = defaultIO('')): Promise<number> {
  const args = parseExportArgs(argv, io.now(), io.env)
  const dbFile = join(args.dataDir, 'vigil.duckdb')
  if (!existsSync(dbFile)) throw new CliError(`no metric store in ${args.dataDir} (${dbFile} does not exist); pass --data-dir`)
  let configText: string
  try {
    configText = await readFile(args.configPath, 'utf8')
  } catch (err) {
    throw new ConfigError(args.configPath, [{ path: '', message: `cannot read config: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message}` }])
  }
  const config = parseConfigText(configText, args.configPath)
  let store
  try {
    store = await openStore({ path: dbFile, retention: config.storage.retention, memoryLimit: config.storage.memory_limit })
  } catch (err) {
    throw new CliError(lockedStoreMessage(err) ?? (err as Error).message, 1)
  }
  let result: ExportResult
  let bar: ReturnType<typeof progressBar> | null = null
  try {
    // The key is fetched before the bar starts, so a notice about where it is kept gets its own line
    // and a keychain problem stops the export before any data is read.
    const signingKey = args.sign ? new KeychainSigningKeySource(args.dataDir, { keychain: io.keychain, notice: (line) => io.stderr.write(`export: ${line}\n`) }) : null
    await signingKey?.privateKey()
    const progress = (bar = progressBar(io.stderr, 'export'))
    const kpi = createKpiApi({ store, config: () => config, now: io.now })
    result = await exportArchive({
      store,
      api: { getViews: async () => viewsOf(config), getKpis: kpi.getKpis },
      config,
      configText,
      appVersion: io.version,
      // Review mode's business forecasts, computed once from the exported tables (opening is then quick).
      analytics: (input) => computeArchiveAnalytics({ ...input, configName: basename(args.configPath), version: io.version }),
      from: args.from,
      to: args.to,
      seriesGlob: args.series,
      out: args.out,
      sign: signingKey,
      now: io.now,
      onProgress: (p) => progress.update(p.fraction, p.stage)
    })
  } catch (err) {
    bar?.done()
    throw new CliError(`export failed: ${(err as Error).message}`, 1)
  } finally {
    await store.close()
  }
  bar?.done()
  const m = result.manifest
  await appendAuditOnce(args.dataDir, {
    actor: { role: 'admin', via: 'cli' },
    action: 'export.archive',
    target: result.path,
    details: { from: m.range.from, to: m.range.to, signed: m.signature !== undefined, ...(m.seriesFilter ? { series: m.seriesFilter } : {}) }
  })
  const samples = m.members.find((x) => x.path === 'data/samples.parquet')?.rows ?? 0
  const sig = m.signature ? `signed, key ${keyFingerprint(m.signature.publicKey)}` : 'unsigned'
  io.stdout.write(
    `wrote ${result.path}: ${result.bytes.toLocaleString('en-US')} bytes, ${m.members.length} members, ${samples.toLocaleString('en-US')} samples, ` +
      `${new Date(m.range.from).toISOString()} → ${new Date(m.range.to).toISOString()}${m.seriesFilter ? `, series ${m.seriesFilter}` : ''}, ${sig}\n`
  )
  return 0
}
