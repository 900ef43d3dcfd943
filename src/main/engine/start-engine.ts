// The composition root: config → store → ingest queue → sources → API and events. Both shells
// (Electron and `vigil serve`) start the engine through this one function.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import type { SourceConfigOf, VigilConfig } from '@shared/config/schema'
import type { IngestSample, SourceHealth } from '@shared/types'
import { ConfigError } from '../config/config-error'
import { watchConfig } from '../config/config-watcher'
import { configJsonSchema } from '../config/json-schema'
import { ensureDefaultConfig } from '../config/load-config'
import { parseConfigText } from '../config/parse-config'
import { secretVersionTag } from '../config/secrets'
import { defaultSecretStore, type SecretStore } from '../config/secrets-store'
import { IngestQueue } from '../ingest/ingest-queue'
import { Minimiser } from '../ingest/minimise'
import { createSource } from '../sources/registry'
import { PushHealth } from '../sources/push/push-health'
import { scheduleEntry, type PolledSourceConfig } from '../sources/schedule-entry'
import { SourceScheduler, type ScheduledSource } from '../sources/scheduler'
import { mergeLabels } from '../sources/source-runner'
import type { Source, SourceDeps } from '../sources/source'
import { openStore } from '../store/duckdb-store'
import type { AppendResult, MetricStore } from '../store/metric-store'
import type { PredictionInput, PredictionLabel, PredictionLabelResult } from '../store/predictions'
import { summarySamples } from '../sources/predictions'
import { createKpiApi } from '../kpi/kpi-api'
import { AlertService } from '../alerts/alert-service'
import { createAlertsApi } from '../alerts/alerts-api'
import type { BackoffPolicy } from '../alerts/delivery/backoff'
import { createAnnotationsApi, recordAnnotation } from '../views/annotations-api'
import { createViewsApi } from '../views/views-api'
import { createApi } from './api-impl'
import { createNotificationsApi } from './notifications-api'
import { NotFoundError, ReadOnlyError } from './errors'
import { EventBus } from './event-bus'
import type { ArchiveFileRequest, LateLabel, LiveEngineHandle, PredictionPushResult } from './types'
import { AnalyticsService } from '../analytics/analytics-service'
import type { BusinessSnapshot } from '../analytics/business-service'
import { exportFromEngine, type EngineExportRequest } from '../archive/export-from-engine'
import type { ReportRenderer } from '../reports/report-renderer'
import type { Timers } from '../reports/report-runner'
import { ScheduledReports } from './scheduled-reports'
import type { AuditRecorder } from '../audit/audit-log'
import { createEngineAudit, type EngineAudit } from '../audit/engine-audit'
import { TABLE_MEMBERS } from '../archive/format'
import type { ArchiveExportResult } from '@shared/api'
import { createDetector } from '../analytics/anomaly'
import { forecastSeries } from '../analytics/forecast'
import { classificationMetrics } from '../analytics/model-quality/classification-metrics'
import { datasetDrift } from '../analytics/model-quality/drift'
import { createModelQualityService } from '../analytics/model-quality/service'

export interface StartEngineOptions {
  dataDir: string
  /** Config file; default <dataDir>/vigil.yaml, written from the embedded default on first run. */
  configPath?: string
  version: string
  readOnly?: boolean
  /** Engine clock (epoch ms); tests inject one. */
  now?: () => number
  /** Timers of source polls and alert loops, in the engine clock's milliseconds (`serve --speed` passes accelerated ones). */
  timers?: Timers
  /** Where non-fatal engine problems are reported (default console.error). */
  log?: (message: string) => void
  /** Alerting tuning (tests): routing tick interval, delivery retry policy, Vigil's URL for links in notifications. */
  alerting?: { tickIntervalMs?: number; backoff?: BackoffPolicy; externalUrl?: string }
  /** Timers of the scheduled-report runner (tests fire them by hand). */
  reportTimers?: Timers
  /** Where config loads/reloads and scheduled report runs are recorded (the shell owns and closes it). */
  audit?: AuditRecorder
  /** Where ${secret:NAME} values come from (default: the OS keychain, then VIGIL_SECRET_* variables). */
  secrets?: SecretStore
}

/** Largest batch the ingest queue hands the store at once. */
const MAX_INGEST_BATCH = 50_000

/** Starts the engine; throws ConfigError for an invalid config and a clear Error if the store cannot open. */
export async function startEngine(opts: StartEngineOptions): Promise<LiveEngineHandle> {
  const now = opts.now ?? Date.now
  const log = opts.log ?? ((m: string) => console.error(`vigil: ${m}`))
  const dataDir = resolve(opts.dataDir)
  await mkdir(dataDir, { recursive: true })
  const configPath = resolve(opts.configPath ?? join(dataDir, 'vigil.yaml'))
  if (!opts.configPath) await ensureDefaultConfig(configPath)
  // Editors pick the schema up from the file the default config's modeline names.
  await writeFile(join(dataDir, 'vigil.schema.json'), JSON.stringify(configJsonSchema(), null, 2)).catch(() => undefined)

  const configText = await readFile(configPath, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new ConfigError(configPath, [{ path: '', message: `cannot read config: ${err.code === 'ENOENT' ? 'file not found' : err.message}` }])
  })
  let config = parseConfigText(configText, configPath)
  const store = await openStore({ path: join(dataDir, 'vigil.duckdb'), retention: config.storage.retention, memoryLimit: config.storage.memory_limit })
  const engine = new LiveEngine({ ...opts, now, log, dataDir, configPath, configText }, config, store)
  await engine.startAlerting()
  if (!opts.readOnly) await engine.audit.started(configText)
  return engine
}

const HOUR_MS = 3_600_000

export interface LiveEngineOptions extends StartEngineOptions {
  now: () => number
  log: (message: string) => void
  dataDir: string
  configPath: string
  configText: string
  /** Business forecasts and recommendations computed beforehand (review mode: the archive's analytics member). */
  businessSnapshot?: BusinessSnapshot
}

/** A running engine on a live data dir (or, read-only, on an archive's store: see start-archive-engine.ts). */
export class LiveEngine implements LiveEngineHandle {
  readonly bus = new EventBus()
  readonly api
  readonly readOnly: boolean
  maxPushBodyBytes = 32 * 1024 * 1024
  private configError: string | null = null
  private readonly queue: IngestQueue
  /** The `privacy:` rules every sample and prediction passes before the store (replaced on reload). */
  private minimiser: Minimiser
  private readonly scheduler: SourceScheduler
  private pushSources = new Map<string, { config: SourceConfigOf<'push'>; health: PushHealth }>()
  private stopWatching: () => void = () => undefined
  private maintenanceTimer: NodeJS.Timeout | null = null
  private maintenanceRunning = false
  /** When the store was last (re)opened, in the engine clock: storage.reopen_interval counts from here. */
  private storeOpenedAt: number
  /** storage: as the engine started (its settings apply at the next start, see reload). */
  private readonly startStorage: VigilConfig['storage']
  private stopping: Promise<void> | null = null
  /** Rule evaluation, routing and delivery; null on a read-only engine or before it started. */
  private alerting: AlertService | null = null
  private readonly kpiApi: ReturnType<typeof createKpiApi>
  /** Forecasts, anomaly detection and the analytics alert-rule hooks. */
  private readonly analytics: AnalyticsService
  /** The `reports:` schedule; runs once a shell lends a renderer (never on a read-only engine). */
  private readonly reports: ScheduledReports
  /** ${secret:NAME} values: the OS keychain, then the environment. */
  readonly secrets: SecretStore
  /** How often each secret was changed through secretsChanged (part of the sources' fingerprints). */
  private readonly secretVersions = new Map<string, number>()
  /** Records config loads/reloads and scheduled report runs (no-op without opts.audit). */
  readonly audit: EngineAudit

  constructor(
    private readonly opts: LiveEngineOptions,
    private config: VigilConfig,
    private readonly store: MetricStore
  ) {
    this.readOnly = opts.readOnly ?? false
    this.secrets = opts.secrets ?? defaultSecretStore()
    this.audit = createEngineAudit(opts.audit ?? null, opts.configPath, opts.log)
    const currentConfig = (): VigilConfig => this.config
    this.kpiApi = createKpiApi({ store, config: currentConfig, now: opts.now })
    this.analytics = new AnalyticsService({
      store,
      kpiTrend: (id, from, to, stepS) => this.kpiTrend(id, from, to, stepS),
      forecaster: forecastSeries,
      createDetector: (state) => createDetector(undefined, state),
      config: () => this.config.analytics,
      kpi: (id) => this.kpiAt(id, opts.now()),
      milestoneDue: async (id) => (await this.kpiApi.getMilestones({})).milestones.find((m) => m.id === id)?.planned ?? null,
      models: {
        service: createModelQualityService({ store: store.predictions, classificationMetrics, datasetDrift, now: opts.now }),
        listModels: () => store.predictions.listModels()
      },
      now: opts.now,
      log: opts.log,
      ...(opts.businessSnapshot ? { businessSnapshot: opts.businessSnapshot } : {})
    })
    this.api = createApi(
      {
        store,
        version: opts.version,
        mode: 'live',
        dataDir: opts.dataDir,
        configPath: () => opts.configPath,
        configError: () => this.configError,
        sourceHealth: () => this.sourceHealth(),
        now: opts.now
      },
      {
        ...this.kpiApi,
        ...createViewsApi({ config: currentConfig }),
        ...createAnnotationsApi({ store, bus: this.bus, now: opts.now, readOnly: this.readOnly }),
        ...createNotificationsApi({ bus: this.bus, now: opts.now }),
        ...createAlertsApi({ service: () => this.alerting, store, config: currentConfig, now: opts.now, readOnly: this.readOnly }),
        ...this.analytics.api,
        exportArchive: (args) => this.exportArchive(args)
      }
    )
    this.minimiser = this.buildMinimiser(config)
    this.queue = new IngestQueue({
      store,
      minimise: (source, samples) => this.minimiser.samples(source, samples),
      flushIntervalMs: config.storage.flush_interval,
      maxBatch: MAX_INGEST_BATCH,
      onDurable: (source, samples, result) => this.announce(source, samples, result)
    })
    this.scheduler = new SourceScheduler({
      sources: this.readOnly ? [] : this.scheduledSources(config),
      write: (id, samples) => this.queue.write(id, samples),
      state: (id) => ({
        get: (key) => store.getState(id, key),
        set: (key, value) => store.setState(id, key, value)
      }),
      clock: { now: opts.now },
      ...(opts.timers ? { timers: opts.timers } : {}),
      onHealth: (h) => this.bus.emit('sourceState', h),
      annotate: async (_id, input) => {
        await recordAnnotation({ store, bus: this.bus }, input)
      },
      writePredictions: (id, records) => store.predictions.append(this.minimiser.predictions(id, records)),
      labelPredictions: (id, model, labels) => this.labelPredictions(id, model, labels)
    })
    this.reports = new ScheduledReports({
      baseDir: dirname(opts.configPath),
      expandSecrets: this.secrets.expand,
      now: opts.now,
      log: opts.log,
      version: opts.version,
      ...(opts.reportTimers ? { timers: opts.reportTimers } : {}),
      onRun: (result) => void this.audit.reportRan(result)
    })
    this.applyPushSources(config)
    this.scheduler.start()
    this.storeOpenedAt = opts.now()
    this.startStorage = config.storage
    this.scheduleMaintenance(config.storage.maintenance_interval)
    if (!this.readOnly) {
      this.stopWatching = watchConfig({
        path: opts.configPath,
        initialText: opts.configText,
        onChange: async (cfg, text) => {
          const before = this.config
          await this.reload(cfg)
          await this.audit.applied(before, cfg, text)
        },
        onError: (err) => {
          void this.audit.rejected(err.message)
          this.configError = err.message
          opts.log(`config not applied (still running on the last good one):\n${err.message}`)
          this.bus.emit('config', { ok: false, error: err.message, configPath: opts.configPath })
        }
      })
    }
  }

  /** Writes pushed samples through the named (or first) push source; resolves once durable. */
  async push(samples: IngestSample[], sourceId?: string): Promise<AppendResult> {
    const entry = this.pushEntry(sourceId)
    const labels = entry.config.labels
    const labelled = Object.keys(labels).length > 0 ? samples.map((s) => mergeLabels(labels, s)) : samples
    try {
      const result = await this.queue.write(entry.config.id, labelled)
      this.bus.emit('sourceState', entry.health.recordWrite(result, this.opts.now()))
      return result
    } catch (err) {
      this.bus.emit('sourceState', entry.health.recordFailure(`write failed: ${(err as Error).message}`))
      throw err
    }
  }

  /** Stores pushed prediction records and late labels through the named (or first) push source; resolves once durable. */
  async pushPredictions(records: PredictionInput[], labels: LateLabel[] = [], sourceId?: string): Promise<PredictionPushResult> {
    const entry = this.pushEntry(sourceId)
    try {
      const stored = records.length > 0 ? await this.store.predictions.append(this.minimiser.predictions(entry.config.id, records)) : { accepted: 0, rejected: [], duplicates: [], labelled: 0 }
      const result: PredictionPushResult = { accepted: stored.accepted, duplicates: stored.duplicates.length, labelled: stored.labelled, unmatched: [], rejected: stored.rejected }
      const byModel = new Map<string, LateLabel[]>()
      for (const l of labels) byModel.set(l.model, [...(byModel.get(l.model) ?? []), l])
      for (const [model, list] of byModel) {
        const r = await this.labelPredictions(entry.config.id, model, list.map(({ id, label }) => ({ id, label })))
        result.labelled += r.updated
        const unmatched = new Set(r.unmatched)
        result.unmatched.push(...list.filter((l) => unmatched.has(l.id)))
      }
      const skipped = new Set([...stored.rejected.map((r) => r.index), ...stored.duplicates])
      const summary = summarySamples(records.filter((_, i) => !skipped.has(i)))
      if (summary.length > 0) {
        const pushLabels = entry.config.labels
        const labelled = Object.keys(pushLabels).length > 0 ? summary.map((s) => mergeLabels(pushLabels, s)) : summary
        this.bus.emit('sourceState', entry.health.recordWrite(await this.queue.write(entry.config.id, labelled), this.opts.now()))
      }
      return result
    } catch (err) {
      this.bus.emit('sourceState', entry.health.recordFailure(`prediction write failed: ${(err as Error).message}`))
      throw err
    }
  }

  /** Writes an archive through this engine's open store (DuckDB admits one process per file); `name` is a file name in <dataDir>/exports/. */
  private exportArchive(args: { from: number; to: number; seriesGlob?: string; sign?: boolean; name?: string }): Promise<ArchiveExportResult> {
    return this.writeArchive({ from: args.from, to: args.to, ...(args.seriesGlob ? { seriesGlob: args.seriesGlob } : {}), ...(args.sign ? { sign: true } : {}), ...(args.name ? { out: args.name } : {}) })
  }

  /** Writes an archive to an absolute path (the desktop app's save dialog); never a relative one, which would land in the exports folder. */
  exportArchiveTo(out: string, range: ArchiveFileRequest, onProgress?: (fraction: number, stage: string) => void): Promise<ArchiveExportResult> {
    if (!isAbsolute(out)) return Promise.reject(new Error(`export: the output file must be an absolute path, got ${JSON.stringify(out)}`))
    const { from, to, seriesGlob, sign } = range
    return this.writeArchive({ from, to, ...(seriesGlob ? { seriesGlob } : {}), ...(sign ? { sign: true } : {}), out }, onProgress)
  }

  private async writeArchive(req: EngineExportRequest, onProgress?: (fraction: number, stage: string) => void): Promise<ArchiveExportResult> {
    if (this.readOnly) throw new ReadOnlyError('this engine is read-only (archive review mode): export the original data dir instead')
    const result = await exportFromEngine(
      {
        store: this.store,
        api: this.api,
        config: () => this.config,
        configPath: this.opts.configPath,
        dataDir: this.opts.dataDir,
        appVersion: this.opts.version,
        now: this.opts.now,
        log: this.opts.log,
        // Loaded on use: review mode's composition root imports this module.
        analytics: async (input) =>
          (await import('./start-archive-engine')).computeArchiveAnalytics({ ...input, configName: basename(this.opts.configPath), version: this.opts.version })
      },
      req,
      onProgress ? (p) => onProgress(p.fraction, p.stage) : undefined
    )
    const m = result.manifest
    return {
      path: result.path,
      bytes: result.bytes,
      from: m.range.from,
      to: m.range.to,
      members: m.members.length,
      samples: m.members.find((x) => x.path === TABLE_MEMBERS.samples)?.rows ?? 0,
      signed: m.signature !== null
    }
  }

  /** Runs the config's scheduled reports through `renderer` (null: none); not on a read-only engine. */
  async setReportRenderer(renderer: ReportRenderer | null): Promise<void> {
    if (this.readOnly || this.stopping) return
    await this.reports.setRenderer(renderer, this.config)
  }

  setExternalUrl(url: string): void {
    this.opts.alerting = { ...this.opts.alerting, externalUrl: url }
    this.alerting?.setExternalUrl(url)
  }

  /** Starts rule evaluation, routing and delivery (not on a read-only engine); a failure is logged and the engine runs without alerting. */
  async startAlerting(): Promise<void> {
    if (this.readOnly || this.alerting) return
    // Anomaly rules resume from their stored detectors.
    await this.analytics.start()
    const tuning = this.opts.alerting ?? {}
    try {
      const service = new AlertService({
        config: this.config.alerting,
        store: this.store,
        kpi: (id, now) => this.kpiAt(id, now),
        bus: this.bus,
        annotate: (input) => recordAnnotation({ store: this.store, bus: this.bus }, input),
        now: this.opts.now,
        log: this.opts.log,
        expandSecrets: this.secrets.expand,
        externalUrl: tuning.externalUrl,
        hooks: this.analytics.hooks,
        ruleData: this.analytics.ruleData(),
        tickIntervalMs: tuning.tickIntervalMs,
        backoff: tuning.backoff,
        ...(this.opts.timers ? { timers: this.opts.timers } : {})
      })
      await service.start()
      this.alerting = service
    } catch (err) {
      this.opts.log(`alerting could not start (rules are not evaluated, nothing is notified): ${(err as Error).message}`)
    }
  }

  /** Stops alerting, sources and maintenance, flushes pending samples, closes the store. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopWatching()
      if (this.maintenanceTimer) clearInterval(this.maintenanceTimer)
      // Before the store closes: a report being printed still reads through the API.
      await this.reports.stop()
      // Alerting first: it stops evaluating, records what is pending and lets running sends finish.
      await this.alerting?.stop()
      await this.analytics.stop()
      await this.scheduler.stop()
      await this.queue.drain()
      await this.store.close()
    })()
    return this.stopping
  }

  /** A KPI's values in stepS-second buckets over [from, to) (forecasts); null when the config has no such KPI. */
  private async kpiTrend(id: string, from: number, to: number, stepS: number) {
    if (!this.config.kpis.some((k) => k.id === id)) return null
    const [value] = await this.kpiApi.getKpis({ ids: [id], from, to, step: stepS })
    return value ?? null
  }

  /** A KPI's value as of `now` for kpi alert rules; null when the config has no such KPI. */
  private async kpiAt(id: string, now: number) {
    if (!this.config.kpis.some((k) => k.id === id)) return null
    const [value] = await this.kpiApi.getKpis({ ids: [id], from: now - HOUR_MS, to: now })
    return value ?? null
  }

  /** The named (or first) push source; refuses on a read-only engine or when none is configured. */
  private pushEntry(sourceId: string | undefined): { config: SourceConfigOf<'push'>; health: PushHealth } {
    if (this.readOnly) throw new ReadOnlyError('this engine is read-only (archive review mode): writes are refused')
    const entry = sourceId ? this.pushSources.get(sourceId) : this.pushSources.values().next().value
    if (!entry) {
      throw new NotFoundError(
        sourceId
          ? `no push source "${sourceId}" is configured`
          : 'no push source is configured: add "- { id: push, kind: push }" under sources in vigil.yaml'
      )
    }
    return entry
  }

  private sourceHealth(): SourceHealth[] {
    const polled = this.scheduler.health()
    const pushed = [...this.pushSources.values()].map((p) => p.health.health())
    // Report in config order.
    const order = new Map(this.config.sources.map((s, i) => [s.id, i]))
    return [...polled, ...pushed].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
  }

  private announce(source: string, samples: IngestSample[], result: AppendResult): void {
    if (result.accepted === 0) return
    const rejected = new Set(result.rejected.map((r) => r.index))
    const names = new Set<string>()
    let maxTs = -Infinity
    for (let i = 0; i < samples.length; i++) {
      if (rejected.has(i)) continue
      names.add(samples[i].name)
      if (samples[i].ts > maxTs) maxTs = samples[i].ts
    }
    this.bus.emit('samples', { source, series: [...names], count: result.accepted, maxTs })
  }

  private scheduledSources(config: VigilConfig): ScheduledSource[] {
    const deps: SourceDeps = {
      configDir: dirname(this.opts.configPath),
      expandSecrets: this.secrets.expand
    }
    return config.sources
      .filter((s): s is PolledSourceConfig => s.kind !== 'push' && s.enabled)
      .map((s) => {
        const entry = scheduleEntry(s, buildSource(s, deps))
        return { ...entry, fingerprint: `${entry.fingerprint}${secretVersionTag(s, this.secretVersions)}` }
      })
  }

  private applyPushSources(config: VigilConfig): void {
    const next = new Map<string, { config: SourceConfigOf<'push'>; health: PushHealth }>()
    for (const s of config.sources) {
      if (s.kind !== 'push' || !s.enabled) continue
      next.set(s.id, { config: s, health: this.pushSources.get(s.id)?.health ?? new PushHealth(s.id) })
    }
    this.pushSources = next
    const first = next.values().next().value
    if (first) this.maxPushBodyBytes = first.config.max_body_bytes
  }

  /** Secrets were set or deleted (Secrets page, PUT/DELETE /api/secrets): the sources that use them restart now, polling with the new values. */
  async secretsChanged(names: readonly string[]): Promise<void> {
    if (this.readOnly || this.stopping) return
    for (const name of names) this.secretVersions.set(name, (this.secretVersions.get(name) ?? 0) + 1)
    await this.scheduler.update(this.scheduledSources(this.config))
  }

  private async reload(config: VigilConfig): Promise<void> {
    const storageChanged = JSON.stringify(config.storage) !== JSON.stringify(this.config.storage)
    this.config = config
    this.minimiser = this.buildMinimiser(config)
    this.applyPushSources(config)
    await this.scheduler.update(this.scheduledSources(config))
    await this.alerting?.setConfig(config.alerting)
    await this.reports.setConfig(config)
    this.configError = storageChanged ? 'storage settings changed: they apply at the next restart (sources were reloaded)' : null
    if (storageChanged) this.opts.log(this.configError!)
    this.bus.emit('config', { ok: true, error: this.configError, configPath: this.opts.configPath })
  }

  /** The minimiser of a config; a hash key that cannot be resolved is logged (sources that hash are then refused, never stored raw). */
  private buildMinimiser(config: VigilConfig): Minimiser {
    const minimiser = new Minimiser(config.privacy, { expandSecrets: this.secrets.expand })
    if (minimiser.problem) this.opts.log(`${minimiser.problem}: sources whose privacy rules hash values are refused until it is set`)
    return minimiser
  }

  /** Late labels of a source's predictions, ids hashed as its records' are; unmatched ids are reported as sent. */
  private async labelPredictions(source: string, model: string, labels: PredictionLabel[]): Promise<PredictionLabelResult> {
    const hashed = this.minimiser.lateLabels(source, labels)
    const result = await this.store.predictions.labelPredictions(model, hashed.labels)
    return hashed.originals.size === 0 ? result : { ...result, unmatched: result.unmatched.map((id) => hashed.originals.get(id) ?? id) }
  }

  private scheduleMaintenance(intervalMs: number): void {
    if (this.readOnly) return
    this.maintenanceTimer = setInterval(() => void this.maintain(), intervalMs)
    this.maintenanceTimer.unref()
  }

  private async maintain(): Promise<void> {
    if (this.maintenanceRunning || this.stopping) return
    this.maintenanceRunning = true
    try {
      await this.store.runMaintenance(this.opts.now())
    } catch (err) {
      this.opts.log(`store maintenance failed: ${(err as Error).message}`)
    }
    try {
      await this.reopenStoreIfDue()
    } finally {
      this.maintenanceRunning = false
    }
  }

  /**
   * Reopens the store once storage.reopen_interval (engine clock; the start-up config's) has passed:
   * DuckDB keeps a record of every temporary buffer a finished query used until its eviction queue
   * is purged, so a store that runs for weeks grows by tens of MB; a reopen gives that back. A
   * failure is logged and tried again an interval later.
   */
  private async reopenStoreIfDue(): Promise<void> {
    const every = this.startStorage.reopen_interval
    const now = this.opts.now()
    if (every <= 0 || !this.store.reopen || now - this.storeOpenedAt < every) return
    this.storeOpenedAt = now
    try {
      const ms = await this.store.reopen()
      if (ms !== null) this.opts.log(`store reopened (storage.reopen_interval) in ${Math.round(ms)} ms`)
    } catch (err) {
      this.opts.log(`store reopen (storage.reopen_interval) failed, the store stays as it is: ${(err as Error).message}`)
    }
  }
}

/** Creates a source; a factory that throws becomes a source whose every poll reports that error. */
function buildSource(config: PolledSourceConfig, deps: SourceDeps): Source {
  try {
    return createSource(config, deps)
  } catch (err) {
    const message = `${config.kind} source "${config.id}" could not be created: ${(err as Error).message}`
    return {
      id: config.id,
      kind: config.kind,
      poll: async () => {
        throw new Error(message)
      }
    }
  }
}
