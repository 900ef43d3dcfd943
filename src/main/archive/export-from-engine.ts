// Exporting while the engine runs (POST /api/export, File → Export): uses the engine's open store,
// because DuckDB admits one process per database file and a second one could not open it.
import { mkdir, readFile } from 'node:fs/promises'
import { dirname, isAbsolute, resolve } from 'node:path'
import type { VigilApi } from '@shared/api'
import type { VigilConfig } from '@shared/config/schema'
import type { MetricStore } from '../store/metric-store'
import { exportArchive, type ExportArchiveOptions, type ExportProgress, type ExportResult } from './export-archive'
import { ARCHIVE_EXTENSION } from './format'
import { defaultSigningKey } from './keychain-signing-key'
import type { SigningKeySource } from './signing'

/** What the running engine lends an export. */
export interface EngineExportParts {
  store: Pick<MetricStore, 'exportArchiveTables'>
  api: Pick<VigilApi, 'getViews' | 'getKpis'>
  /** The config in use (last good one). */
  config(): VigilConfig
  /** The config file; its text is archived as written (secrets as references). */
  configPath: string
  dataDir: string
  appVersion: string
  now?: () => number
  /** Signing key source (default: the OS keychain, else the key file in the data dir; see keychain-signing-key.ts). */
  signingKey?: SigningKeySource
  /** Where the default key source tells where the key is kept (default: stderr, "vigil: …"). */
  log?: (message: string) => void
  /** Computes the archive's analytics member (see ExportArchiveOptions.analytics); absent: none. */
  analytics?: ExportArchiveOptions['analytics']
}

export interface EngineExportRequest {
  from: number
  to: number
  seriesGlob?: string
  sign?: boolean
  /**
   * Output file: a plain name (or the default) lands in `<dataDir>/exports/`; an absolute path is
   * written as given, so an HTTP route must accept names only (the app's save dialog gives paths).
   */
  out?: string
}

/** Writes an archive through the running engine; resolves with the file written and its manifest. */
export async function exportFromEngine(parts: EngineExportParts, req: EngineExportRequest, onProgress?: (p: ExportProgress) => void): Promise<ExportResult> {
  const exportsDir = resolve(parts.dataDir, 'exports')
  const out = req.out && isAbsolute(req.out) ? req.out : resolve(exportsDir, req.out ?? defaultArchiveName(req.from, req.to))
  // A relative name stays inside the exports folder (an HTTP caller must not write elsewhere).
  if (!isAbsolute(req.out ?? '') && dirname(out) !== exportsDir) throw new Error(`export: the file name ${JSON.stringify(req.out)} must not contain a folder`)
  await mkdir(exportsDir, { recursive: true })
  let configText: string
  try {
    configText = await readFile(parts.configPath, 'utf8')
  } catch (err) {
    throw new Error(`export: cannot read the config ${parts.configPath}: ${(err as Error).message}`)
  }
  return exportArchive({
    store: parts.store,
    api: parts.api,
    config: parts.config(),
    configText,
    appVersion: parts.appVersion,
    from: req.from,
    to: req.to,
    seriesGlob: req.seriesGlob,
    out,
    sign: req.sign ? (parts.signingKey ?? defaultSigningKey(parts.dataDir, parts.log)) : null,
    now: parts.now,
    onProgress,
    ...(parts.analytics ? { analytics: parts.analytics } : {})
  })
}

/** "vigil-20260110T0000Z-20260111T0000Z.vigil": the range in UTC, minute precision. */
export function defaultArchiveName(from: number, to: number): string {
  const stamp = (t: number): string => new Date(t).toISOString().slice(0, 16).replace(/[-:]/g, '') + 'Z'
  return `vigil-${stamp(from)}-${stamp(to)}${ARCHIVE_EXTENSION}`
}
