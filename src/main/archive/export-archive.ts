// `exportArchive`: writes a `.vigil` file for a time range. The store writes each table's rows as
// Parquet into a work folder beside the output; the KPI trends, config and definitions join them;
// the manifest (sizes, SHA-256, rows, optional signature) goes first in the tar; everything is
// written to `<out>.tmp` and renamed into place only when complete.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import type { VigilApi, ViewsResult } from '@shared/api'
import type { VigilConfig } from '@shared/config/schema'
import type { MetricStore } from '../store/metric-store'
import { writeKpiValuesParquet, type KpiValueRow } from '../store/archive-export'
import { pickStep } from '../engine/pick-step'
import { canonicalJson } from './canonical-json'
import {
  ANALYTICS_MEMBER,
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  CONFIG_MEMBER,
  KPI_VALUES_MEMBER,
  KPIS_MEMBER,
  MANIFEST_MEMBER,
  TABLE_MEMBERS,
  VIEWS_MEMBER,
  type ArchivedAnalytics,
  type ArchivedTable,
  type ArchiveManifest,
  type ArchiveMemberEntry
} from './format'
import { assertNoSecret, secretValues } from './secret-guard'
import { signManifest, type SigningKeySource } from './signing'
import { TarWriter } from './tar-writer'

/** Most KPI trend points per KPI in the KPI values member. */
const KPI_POINTS = 1000

export interface ExportProgress {
  /** What is being done, for a progress line ("table samples", "writing data/samples.parquet"). */
  stage: string
  /** Overall progress, 0 to 1. */
  fraction: number
}

export interface ExportArchiveOptions {
  /** The store to read (the engine's open one, or one opened for the export). */
  store: Pick<MetricStore, 'exportArchiveTables'>
  /** The views and KPI answers, as the engine gives them for this config. */
  api: Pick<VigilApi, 'getViews' | 'getKpis'>
  /** The config in use and its text as written (secrets as references). */
  config: VigilConfig
  configText: string
  appVersion: string
  /** [from, to), epoch ms. */
  from: number
  to: number
  seriesGlob?: string
  /** Output file (conventionally *.vigil). */
  out: string
  /** Signs the manifest with this key when given. */
  sign?: SigningKeySource | null
  /** Secret values to keep out (default: those of the config's references and every VIGIL_SECRET_* variable). */
  secrets?: readonly string[]
  now?: () => number
  onProgress?: (p: ExportProgress) => void
  /**
   * Computes the analytics member from the exported tables (review mode's own computation, run
   * once here so opening is quick); absent: the archive has no analytics member.
   */
  analytics?: (input: ArchiveAnalyticsInput) => Promise<ArchivedAnalytics>
}

/** What the analytics hook gets: the exported Parquet files, the archived config text and views, and the manifest's range and tiers. */
export interface ArchiveAnalyticsInput {
  tables: Partial<Record<ArchivedTable, string>>
  configText: string
  views: ViewsResult
  range: { from: number; to: number }
  tiers: { '1m': number | null; '1h': number | null }
}

export interface ExportResult {
  path: string
  manifest: ArchiveManifest
  /** Size of the archive file. */
  bytes: number
}

interface PendingMember {
  path: string
  file: string
  rows?: number
}

/** Writes the archive; on any failure nothing is left at `out` (nor at `out.tmp`). */
export async function exportArchive(o: ExportArchiveOptions): Promise<ExportResult> {
  const now = o.now ?? Date.now
  const progress = o.onProgress ?? (() => undefined)
  if (!Number.isSafeInteger(o.from) || !Number.isSafeInteger(o.to)) throw new Error(`export: from and to must be whole epoch milliseconds, got ${o.from} and ${o.to}`)
  if (o.to <= o.from) throw new Error(`export: "to" (${new Date(o.to).toISOString()}) must be after "from" (${new Date(o.from).toISOString()})`)
  const out = resolve(o.out)
  const tmp = `${out}.tmp`
  const secrets = o.secrets ?? secretValues(o.configText)
  const createdAt = now()

  // Small members first: a secret in the config refuses the export before any data is read.
  const views = await o.api.getViews({})
  const viewsText = `${JSON.stringify(views, null, 2)}\n`
  const kpisText = `${JSON.stringify(kpiDefinitions(o.config), null, 2)}\n`
  assertNoSecret(CONFIG_MEMBER, o.configText, secrets)
  assertNoSecret(VIEWS_MEMBER, viewsText, secrets)
  assertNoSecret(KPIS_MEMBER, kpisText, secrets)

  let work: string
  try {
    work = await mkdtemp(join(dirname(out), `.${basename(out)}.parts-`))
  } catch (err) {
    throw new Error(`export: cannot create a work folder beside ${out}: ${(err as Error).message}`)
  }
  let writer: TarWriter | null = null
  try {
    const tables = await o.store.exportArchiveTables({
      from: o.from,
      to: o.to,
      seriesGlob: o.seriesGlob,
      dir: work,
      forbidden: secrets,
      onTable: (t, i, n) => progress({ stage: `table ${t.table} (${t.rows} rows)`, fraction: (0.6 * (i + 1)) / n })
    })
    const sampleValues = tables.tables.find((t) => t.table === 'samples')?.values
    const pending: PendingMember[] = tables.tables.map((t) => ({ path: TABLE_MEMBERS[t.table], file: t.file, rows: t.rows }))

    const stepS = pickStep(o.from, o.to, KPI_POINTS)
    const kpiValues = await o.api.getKpis({ from: o.from, to: o.to, step: stepS })
    const kpiRows: KpiValueRow[] = kpiValues.flatMap((k) => k.trend.map(([ts, value]) => ({ kpi: k.id, ts, value })))
    const kpiFile = join(work, 'kpi_values.parquet')
    pending.push({ path: KPI_VALUES_MEMBER, file: kpiFile, rows: await writeKpiValuesParquet(kpiRows, kpiFile) })
    progress({ stage: 'KPI values', fraction: 0.65 })

    if (o.analytics) {
      const analytics = await o.analytics({
        tables: Object.fromEntries(tables.tables.map((t) => [t.table, t.file])),
        configText: o.configText,
        views,
        range: { from: o.from, to: o.to },
        tiers: tables.tiers
      })
      const text = `${JSON.stringify(analytics)}\n`
      assertNoSecret(ANALYTICS_MEMBER, text, secrets)
      const file = join(work, 'business.json')
      await writeFile(file, text)
      pending.push({ path: ANALYTICS_MEMBER, file })
      progress({ stage: 'analytics', fraction: 0.7 })
    }

    for (const [path, text, name] of [
      [CONFIG_MEMBER, o.configText, 'vigil.yaml'],
      [VIEWS_MEMBER, viewsText, 'views.json'],
      [KPIS_MEMBER, kpisText, 'kpis.json']
    ] as const) {
      const file = join(work, name)
      await writeFile(file, text)
      pending.push({ path, file })
    }

    // Sizes and checksums go in the manifest, which comes first: hash every member before writing.
    const members: ArchiveMemberEntry[] = []
    const sizes = await Promise.all(pending.map(async (m) => (await stat(m.file)).size))
    const totalBytes = sizes.reduce((a, b) => a + b, 0)
    let hashed = 0
    for (const [i, m] of pending.entries()) {
      const entry: ArchiveMemberEntry = { path: m.path, bytes: sizes[i], sha256: await hashFile(m.file) }
      if (m.rows !== undefined) entry.rows = m.rows
      members.push(entry)
      hashed += sizes[i]
      progress({ stage: `checksum ${m.path}`, fraction: 0.65 + (0.1 * hashed) / Math.max(1, totalBytes) })
    }

    const unsigned: Omit<ArchiveManifest, 'signature'> = {
      format: ARCHIVE_FORMAT,
      formatVersion: ARCHIVE_FORMAT_VERSION,
      appVersion: o.appVersion,
      createdAt,
      range: { from: o.from, to: o.to },
      seriesFilter: o.seriesGlob ? o.seriesGlob : null,
      sources: o.config.sources.map((s) => ({ id: s.id, kind: s.kind })),
      members,
      tiers: tables.tiers,
      kpiStepSeconds: stepS,
      ...(sampleValues ? { sampleValues } : {})
    }
    const signature = o.sign ? signManifest({ ...unsigned }, await o.sign.privateKey()) : null
    const manifest: ArchiveManifest = { ...unsigned, signature }
    const manifestText = `${JSON.stringify(JSON.parse(canonicalJson(manifest)), null, 2)}\n`

    const mtime = Math.floor(createdAt / 1000)
    writer = await TarWriter.create(tmp)
    await writer.addBuffer(MANIFEST_MEMBER, Buffer.from(manifestText, 'utf8'), mtime)
    let written = 0
    for (const [i, m] of pending.entries()) {
      const done = await writer.addFile(m.path, m.file, sizes[i], mtime, (n) => {
        written += n
        progress({ stage: `writing ${m.path}`, fraction: 0.75 + (0.25 * written) / Math.max(1, totalBytes) })
      })
      // The member changed between hashing and writing (nothing should touch the work folder).
      if (done.sha256 !== members[i].sha256) throw new Error(`export: ${m.path} changed while the archive was written`)
    }
    const bytes = await writer.finish()
    writer = null
    await rename(tmp, out)
    progress({ stage: 'done', fraction: 1 })
    return { path: out, manifest, bytes }
  } catch (err) {
    await writer?.close().catch(() => undefined)
    await rm(tmp, { force: true })
    throw err
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/** The KPI and milestone definitions of a config (the kpis.json member). */
export function kpiDefinitions(config: VigilConfig): Record<string, unknown> {
  return { programme: config.programme, kpis: config.kpis, milestones: config.milestones, milestone_rules: config.milestone_rules }
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
