// Review mode's composition root: a verified `.vigil` archive → a read-only store over its Parquet
// members → the live engine's API (same views, KPIs, alert history, analytics), with no sources,
// no alert evaluation, no notifications and no maintenance; every write is refused.
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import type { ForecastView } from '@shared/analytics'
import type { ArgsOf, ViewsResult } from '@shared/api'
import type { ViewConfig } from '@shared/config/views-schema'
import type { ArchiveInfo } from '@shared/types'
import { readArchiveIndex, type ArchiveIndex } from '../archive/archive-reader'
import { ANALYTICS_MEMBER, CONFIG_MEMBER, MANIFEST_MEMBER, TABLE_MEMBERS, VIEWS_MEMBER, type ArchivedAnalytics, type ArchiveManifest, type ArchivedTable } from '../archive/format'
import type { ArchiveAnalyticsInput } from '../archive/export-archive'
import type { BusinessSnapshot } from '../analytics/business-service'
import type { VigilConfig } from '@shared/config/schema'
import { readRange } from '../archive/read-range'
import { verifyArchive } from '../archive/verify-archive'
import { ConfigError } from '../config/config-error'
import { parseConfigText } from '../config/parse-config'
import { openArchiveStore } from '../store/archive-store'
import type { DuckDBStore } from '../store/duckdb-store'
import { viewsOf } from '../views/views-api'
import { cacheMembers } from './archive-cache'
import { encodeLatest, forecastKey, parseReviewAnswers, viewForecastCalls, type ReviewAnswers } from './review-answers'
import { ReadOnlyError } from './errors'
import { LiveEngine } from './start-engine'
import type { Engine } from './types'

/** What verifying an archive reports (src/main/archive/verify-archive.ts). */
export interface ArchiveVerification {
  ok: boolean
  manifest: ArchiveManifest | null
  problems: string[]
  /** The manifest carries a signature that verified. */
  signed: boolean
  keyFingerprint: string | null
}

export interface StartArchiveEngineOptions {
  /** The `.vigil` file to review. */
  archivePath: string
  version: string
  /** Checks structure, checksums and signature (default: the archive module's verifyArchive). */
  verify?: (path: string) => Promise<ArchiveVerification>
  /** Folder for extracted Parquet members, one subfolder per archive (default <tmp>/vigil-archive-cache). */
  cacheDir?: string
  /** Where non-fatal engine problems are reported (default console.error). */
  log?: (message: string) => void
  /** DuckDB threads for the review store. */
  threads?: number
}

/** The engine of review mode. */
export interface ArchiveEngineHandle extends Engine {
  readonly archive: ArchiveInfo
}

/** An archive that cannot be opened; the message lists every reason. */
export class ArchiveOpenError extends Error {
  override name = 'ArchiveOpenError'
}

/** Largest config or views member read into memory. */
const MAX_CONFIG_BYTES = 8 * 1024 * 1024

/** Default folder for extracted members. */
export function defaultArchiveCacheDir(): string {
  return join(tmpdir(), 'vigil-archive-cache')
}

/** Verifies and opens an archive for review; throws ArchiveOpenError (never a crash) when it is corrupt, truncated or tampered. */
export async function startArchiveEngine(opts: StartArchiveEngineOptions): Promise<ArchiveEngineHandle> {
  const path = resolve(opts.archivePath)
  const name = basename(path)
  const refuse = (problems: string[]): never => {
    throw new ArchiveOpenError(`archive ${name} cannot be opened:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
  const verification = await (opts.verify ?? verifyArchive)(path).catch((err: Error) => refuse([err.message]))
  if (!verification.ok || !verification.manifest) refuse(verification.problems.length > 0 ? verification.problems : ['it did not verify'])
  let index: ArchiveIndex
  try {
    index = await readArchiveIndex(path)
  } catch (err) {
    return refuse([(err as Error).message])
  }
  const manifest = index.manifest
  const range = manifest.range

  // The manifest's hash names the cache folder: another archive (or a re-export) gets its own.
  const manifestAt = index.members.get(MANIFEST_MEMBER)!
  const manifestHash = createHash('sha256').update(await readRange(path, manifestAt.offset, manifestAt.size)).digest('hex')
  const listed = new Set(manifest.members.map((m) => m.path))
  const tables = (Object.entries(TABLE_MEMBERS) as [ArchivedTable, string][]).filter(([, member]) => listed.has(member))
  let files: Map<string, string>
  try {
    files = await cacheMembers(
      path,
      index,
      join(opts.cacheDir ?? defaultArchiveCacheDir(), manifestHash),
      tables.map(([, member]) => ({ name: member, fileName: basename(member) }))
    )
  } catch (err) {
    return refuse([(err as Error).message])
  }

  const configText = await readSmallMember(path, index, CONFIG_MEMBER).catch((err: Error) => refuse([err.message]))
  if (configText === null) refuse([`missing member ${CONFIG_MEMBER}`])
  const configName = `${name}:${CONFIG_MEMBER}`
  let config
  try {
    config = parseConfigText(configText!, configName)
  } catch (err) {
    if (err instanceof ConfigError) refuse([`its config is not valid for this Vigil:\n${err.message}`])
    throw err
  }
  const viewsText = await readSmallMember(path, index, VIEWS_MEMBER).catch((err: Error) => refuse([err.message]))
  const views = viewsText === null ? viewsOf(config) : parseViews(viewsText)

  const log = opts.log ?? ((m: string) => console.error(`vigil: ${m}`))
  const answers = await readAnswersMember(path, index, opts.version).catch((err: Error) => {
    // Only a shortcut: without it the same answers are computed on first use.
    log(`archive ${name}: ${ANALYTICS_MEMBER} not used (${err.message}); its answers are computed from the archive instead`)
    return null
  })
  const storeOptions = {
    name,
    tables: Object.fromEntries(tables.map(([table, member]) => [table, files.get(member)!])),
    tiers: (manifest as ArchiveManifest & { tiers?: { '1m': number | null; '1h': number | null } }).tiers,
    threads: opts.threads
  }
  const store = await openArchiveStore({ ...storeOptions, latest: answers?.latest ?? undefined })
    .catch((err: Error) => {
      if (!answers?.latest) throw err
      // Latest values that do not fit the catalog: scan for them instead.
      log(`archive ${name}: the latest values of ${ANALYTICS_MEMBER} not used (${err.message})`)
      return openArchiveStore(storeOptions)
    })
    .catch((err: Error) => refuse([err.message]))

  const archive: ArchiveInfo = {
    name,
    from: range.from,
    to: range.to,
    verified: true,
    signed: verification.signed,
    ...(verification.signed && verification.keyFingerprint ? { keyFingerprint: verification.keyFingerprint } : {})
  }
  // The engine's clock stands at the archive's end: "now" in KPIs, model windows and alert views.
  const now = (): number => range.to
  const live = reviewEngine({ store, config, configName, configText: configText!, version: opts.version, now, log, snapshot: answers?.snapshot ?? null })
  return new ArchiveEngine(live, archive, views, opts.version, now, answers?.forecasts ?? new Map())
}

interface ReviewEngineParts {
  store: DuckDBStore
  config: VigilConfig
  configName: string
  configText: string
  version: string
  now: () => number
  log: (message: string) => void
  snapshot?: BusinessSnapshot | null
}

/** The live engine, read-only, over a review store: no sources, alerting, notifications or maintenance. */
function reviewEngine(p: ReviewEngineParts): LiveEngine {
  return new LiveEngine(
    {
      dataDir: '',
      configPath: p.configName,
      configText: p.configText,
      version: p.version,
      readOnly: true,
      now: p.now,
      log: p.log,
      ...(p.snapshot ? { businessSnapshot: p.snapshot } : {})
    },
    p.config,
    p.store
  )
}

/** The analytics member's answers, when this Vigil computed them (another version may compute differently); null when absent. */
async function readAnswersMember(path: string, index: ArchiveIndex, version: string): Promise<ReviewAnswers | null> {
  const text = await readSmallMember(path, index, ANALYTICS_MEMBER)
  return text === null ? null : parseReviewAnswers(text, version)
}

/**
 * Review mode's business forecasts and recommendations over freshly exported tables, as opening the
 * archive would compute them (same store code, config and clock): the archive's analytics member.
 */
export async function computeArchiveAnalytics(input: ArchiveAnalyticsInput & { configName: string; version: string }): Promise<ArchivedAnalytics> {
  const config = parseConfigText(input.configText, input.configName)
  const store = await openArchiveStore({ name: input.configName, tables: input.tables, tiers: input.tiers })
  const engine = reviewEngine({ store, config, configName: input.configName, configText: input.configText, version: input.version, now: () => input.range.to, log: () => undefined })
  try {
    const forecasts = await engine.api.getBusinessForecasts({})
    const recommendations = await engine.api.getRecommendations({})
    const latest = encodeLatest(await store.latestValues())
    const panelForecasts: NonNullable<ArchivedAnalytics['panelForecasts']> = []
    for (const args of viewForecastCalls(input.views)) {
      // A forecast that cannot be made (an unknown KPI, too little history) fails the same way when asked in review mode.
      const forecast = await engine.api.getForecast(args).catch(() => null)
      if (forecast) panelForecasts.push({ args, forecast })
    }
    return { appVersion: input.version, generatedAt: input.range.to, forecasts, recommendations, latest, panelForecasts }
  } finally {
    await engine.stop()
  }
}

/** Reads a config-sized member as text (checked against the manifest's checksum); null when the archive has none. */
async function readSmallMember(path: string, index: ArchiveIndex, member: string): Promise<string | null> {
  const at = index.members.get(member)
  const entry = index.manifest.members.find((m) => m.path === member)
  if (!at || !entry) return null
  if (at.size > MAX_CONFIG_BYTES) throw new Error(`${member} is ${at.size} bytes, over the ${MAX_CONFIG_BYTES}-byte limit`)
  const bytes = await readRange(path, at.offset, at.size)
  if (createHash('sha256').update(bytes).digest('hex') !== entry.sha256) throw new Error(`checksum mismatch for ${member}`)
  return bytes.toString('utf8')
}

/**
 * The archived views, as getViews answered at export (already validated then, so not parsed
 * through the config schema again: its defaults and transforms have run). Checked for shape; a
 * panel type this Vigil does not know shows as such in the renderer.
 */
function parseViews(text: string): ViewsResult {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new ArchiveOpenError(`${VIEWS_MEMBER} is not valid JSON: ${(err as Error).message}`)
  }
  const r = raw as Partial<ViewsResult> | null
  if (!r || !Array.isArray(r.views) || typeof r.wallboard !== 'object' || r.wallboard === null || !Array.isArray(r.wallboard.playlist)) {
    throw new ArchiveOpenError(`${VIEWS_MEMBER} must hold { views: [...], wallboard: { playlist, intervalMs, staleAfterMs } }`)
  }
  r.views.forEach((v: unknown, i) => {
    const view = v as Partial<ViewConfig> | null
    const problem =
      !view || typeof view !== 'object'
        ? 'is not an object'
        : typeof view.id !== 'string' || !/^[a-z][a-z0-9-]{0,31}$/.test(view.id)
          ? 'has no valid id'
          : typeof view.title !== 'string'
            ? 'has no title'
            : !Array.isArray(view.panels) || view.panels.some((p: unknown) => typeof p !== 'object' || p === null || typeof (p as { type?: unknown }).type !== 'string')
              ? 'has no list of panels with a type each'
              : null
    if (problem) throw new ArchiveOpenError(`${VIEWS_MEMBER}: views[${i}] ${problem}`)
  })
  const views = r.views as ViewConfig[]
  const { playlist, intervalMs, staleAfterMs } = r.wallboard
  return {
    views,
    wallboard: {
      playlist: playlist.filter((id): id is string => typeof id === 'string' && views.some((v) => v.id === id)),
      intervalMs: typeof intervalMs === 'number' && intervalMs > 0 ? intervalMs : 30_000,
      staleAfterMs: typeof staleAfterMs === 'number' && staleAfterMs > 0 ? staleAfterMs : 120_000
    }
  }
}

/** The live engine, read-only, answering with the archive's identity, views and no sources. */
class ArchiveEngine implements ArchiveEngineHandle {
  readonly readOnly = true
  readonly api
  readonly bus
  // Bodies are refused before they are read (readOnly); the server still needs a limit to register its routes.
  readonly maxPushBodyBytes = 1024 * 1024

  constructor(
    private readonly live: LiveEngine,
    readonly archive: ArchiveInfo,
    views: ViewsResult,
    version: string,
    now: () => number,
    forecasts: ReadonlyMap<string, ForecastView>
  ) {
    this.bus = live.bus
    this.api = {
      ...live.api,
      // The views' panel forecasts were made at export by this same code over the same data and clock.
      async getForecast(args: ArgsOf<'getForecast'>) {
        return forecasts.get(forecastKey(args)) ?? live.api.getForecast(args)
      },
      async getAppInfo() {
        return { version, mode: 'archive' as const, configPath: null, configError: null, dataDir: null, now: now(), archive }
      },
      async getHealth() {
        return { status: 'ok' as const, version, sources: [] }
      },
      async getViews() {
        return views
      }
    }
  }

  async push(): Promise<never> {
    throw new ReadOnlyError(`this Vigil is reviewing archive ${this.archive.name} (read-only): writes are refused`)
  }

  async pushPredictions(): Promise<never> {
    throw new ReadOnlyError(`this Vigil is reviewing archive ${this.archive.name} (read-only): writes are refused`)
  }

  /** Closes the review store (the extracted members stay cached for the next open). */
  stop(): Promise<void> {
    return this.live.stop()
  }
}
