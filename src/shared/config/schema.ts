// The vigil.yaml schema. Types are inferred from it; the JSON Schema for editors is generated
// from it (src/main/config/json-schema.ts), so the three never disagree.
import { z } from 'zod'
import { duration } from './duration-schema'
import { kpiSchema, milestoneSchema, milestonesConfig, programmeSchema } from './kpi-schema'
import { BUILT_IN_VIEW_IDS, viewSchema, wallboardSchema } from './views-schema'
import { alertingKpiIssues, alertingSchema } from './alerting-schema'
import { analyticsSchema } from './analytics-schema'
import { reportsIssues, reportsSchema } from './reports-schema'
import { privacyIssues, privacySchema } from './privacy-schema'
import { memoryLimitSchema } from './storage-memory-schema'

export { duration }

const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected an id of letters, digits, "_", "-" or "." (max 64)')
const seriesName = z
  .string()
  .regex(/^[A-Za-z_:][A-Za-z0-9_:.]*$/, 'expected a series name of letters, digits, "_", ":" or "." not starting with a digit')
const labelName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a label name')
const labels = z.record(labelName, z.string())
const url = z.string().regex(/^https?:\/\/\S+$/, 'expected an http:// or https:// URL')

const common = {
  id,
  /** Poll interval. */
  interval: duration.prefault('15s'),
  /** Per-poll timeout; a poll running longer is aborted and counted as a failure. */
  timeout: duration.prefault('10s'),
  /** Labels added to every sample of this source. */
  labels: labels.default({}),
  enabled: z.boolean().default(true)
}

export const hostSource = z
  .object({ ...common, kind: z.literal('host') })
  .strict()

export const demoSource = z
  .object({
    ...common,
    kind: z.literal('demo'),
    seed: z.number().int().default(42),
    /** History generated on first start. */
    backfill: duration.prefault('90d'),
    /** Spacing of back-filled samples (live samples follow `interval`). */
    backfill_step: duration.prefault('5m')
  })
  .strict()

export const prometheusSource = z
  .object({
    ...common,
    kind: z.literal('prometheus'),
    url,
    headers: z.record(z.string(), z.string()).default({}),
    queries: z
      .array(
        z
          .object({
            query: z.string().min(1),
            /** Series name; defaults to the result's __name__ (or the source id + "_value"). */
            series: seriesName.optional(),
            unit: z.string().optional()
          })
          .strict()
      )
      .min(1),
    /** Range back-fill on first start (0 disables). */
    backfill: duration.prefault('1h'),
    backfill_step: duration.prefault('60s'),
    /** Largest response accepted, in bytes. */
    max_bytes: z.number().int().positive().default(32 * 1024 * 1024)
  })
  .strict()

const jsonMetric = z
  .object({
    series: seriesName,
    /** JSONPath to the value, relative to `items` when given (e.g. "$.data.revenue"). */
    path: z.string().min(1),
    /** JSONPath to an array; each element yields one sample. */
    items: z.string().optional(),
    /** Labels taken from JSONPaths (relative to each item), e.g. { region: "$.region" }. */
    label_paths: z.record(labelName, z.string()).default({}),
    labels: labels.default({}),
    /** JSONPath to the timestamp (epoch s/ms or ISO 8601); defaults to the poll time. */
    timestamp_path: z.string().optional(),
    unit: z.string().optional()
  })
  .strict()

export const httpJsonSource = z
  .object({
    ...common,
    kind: z.literal('http-json'),
    url,
    method: z.enum(['GET', 'POST']).default('GET'),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.string().optional(),
    metrics: z.array(jsonMetric).min(1),
    /** Largest response accepted, in bytes. */
    max_bytes: z.number().int().positive().default(10 * 1024 * 1024)
  })
  .strict()

const columnMapping = z.union([
  z.string(),
  z.object({ column: z.string(), series: seriesName.optional(), unit: z.string().optional() }).strict()
])

export const csvSource = z
  .object({
    ...common,
    kind: z.literal('csv'),
    /** A file or a glob ("exports/*.csv"); relative paths are relative to the config file. */
    path: z.string().min(1),
    timestamp_column: z.string().default('timestamp'),
    /** Value columns; each becomes a series (default name: the column name). Empty = all numeric columns. */
    columns: z.array(columnMapping).default([]),
    /** Columns whose values become labels. */
    label_columns: z.array(z.string()).default([]),
    /** Prefix for series names derived from column names. */
    series_prefix: z.string().default(''),
    delimiter: z.string().length(1).default(',')
  })
  .strict()

export const sqlSource = z
  .object({
    ...common,
    kind: z.literal('sql'),
    driver: z.literal('postgres').default('postgres'),
    /** Connection string, e.g. "postgres://vigil:${secret:pg}@127.0.0.1/warehouse". */
    connection: z.string().min(1),
    /** A read-only query; runs in a READ ONLY transaction. `$1` is bound to the last timestamp seen (epoch ms as timestamptz) when `incremental` is true. */
    query: z.string().min(1),
    timestamp_column: z.string().default('ts'),
    columns: z.array(columnMapping).default([]),
    label_columns: z.array(z.string()).default([]),
    series_prefix: z.string().default(''),
    incremental: z.boolean().default(false)
  })
  .strict()

export const pushSource = z
  .object({
    id,
    kind: z.literal('push'),
    labels: labels.default({}),
    enabled: z.boolean().default(true),
    /** Largest /api/write body accepted, in bytes. */
    max_body_bytes: z.number().int().positive().default(32 * 1024 * 1024)
  })
  .strict()

/** Where each field of a prediction record is found: CSV column names, or keys of each JSON record. */
const predictionFields = z
  .object({
    timestamp: z.string().min(1).default('timestamp'),
    model: z.string().min(1).default('model'),
    prediction: z.string().min(1).default('prediction'),
    score: z.string().min(1).default('score'),
    label: z.string().min(1).default('label'),
    latency_ms: z.string().min(1).default('latency_ms'),
    id: z.string().min(1).default('id'),
    /** JSON only: an object of feature values (features named by `features` / `feature_prefix` are also taken from the record itself). */
    features: z.string().min(1).default('features')
  })
  .strict()

/**
 * Model outputs for model quality and drift: a CSV file (or glob) read incrementally, or a URL
 * polled for a JSON array of records. A record with an id and a label but no prediction is a late
 * label for the stored record with that id.
 */
export const predictionsSource = z
  .object({
    ...common,
    kind: z.literal('predictions'),
    format: z.enum(['csv', 'http-json']),
    /** Every record belongs to this model (else each names its own in the `model` field). */
    model: z.string().min(1).max(200).optional(),
    fields: predictionFields.prefault({}),
    /** Feature columns / keys (in addition to those starting with `feature_prefix`). */
    features: z.array(z.string().min(1)).default([]),
    /** Columns / keys starting with this are features (the prefix is dropped from the name); '' turns this off. */
    feature_prefix: z.string().default('f_'),
    /** Features whose values are categories (kept as text); the others must be numbers. */
    categorical: z.array(z.string().min(1)).default([]),
    /** Records with no prediction but a score are predicted class 1 when score ≥ this. */
    threshold: z.number().min(0).max(1).default(0.5),
    /** csv: a file or a glob; relative paths are relative to the config file. */
    path: z.string().min(1).optional(),
    delimiter: z.string().length(1).default(','),
    /** http-json: the URL returning the records. */
    url: url.optional(),
    method: z.enum(['GET', 'POST']).default('GET'),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.string().optional(),
    /** http-json: JSONPath to the array of records (default: the response itself). */
    items: z.string().min(1).default('$'),
    /** Largest response accepted, in bytes. */
    max_bytes: z.number().int().positive().default(10 * 1024 * 1024)
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.format === 'csv' && s.path === undefined) ctx.addIssue({ code: 'custom', path: ['path'], message: 'format csv needs a path (a file or a glob)' })
    if (s.format === 'http-json' && s.url === undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'format http-json needs a url' })
  })

export const sourceSchema = z.discriminatedUnion('kind', [
  hostSource,
  demoSource,
  prometheusSource,
  httpJsonSource,
  csvSource,
  sqlSource,
  pushSource,
  predictionsSource
])

export const storageSchema = z
  .object({
    /** How long each tier is kept. */
    retention: z
      .object({
        raw: duration.prefault('15d'),
        '1m': duration.prefault('90d'),
        '1h': duration.prefault('3y')
      })
      .strict()
      .prefault({}),
    /** How often roll-ups and retention run. */
    maintenance_interval: duration.prefault('1m'),
    /** Samples are buffered at most this long before being appended (a write is acknowledged only once durable). */
    flush_interval: duration.prefault('250ms'),
    /** DuckDB's memory cap (its cache of the database file and query state); applies at the next start. */
    memory_limit: memoryLimitSchema,
    /** How often the database is checkpointed, closed and opened again, giving back memory DuckDB keeps per finished query; 0 = never. */
    reopen_interval: duration.prefault('6h')
  })
  .strict()

export const configSchema = z
  .object({
    version: z.literal(1).default(1),
    storage: storageSchema.prefault({}),
    sources: z.array(sourceSchema).default([]),
    programme: programmeSchema.prefault({}),
    kpis: z.array(kpiSchema).default([]),
    milestones: z.array(milestoneSchema).default([]),
    milestone_rules: milestonesConfig.prefault({}),
    /** Views added to (or, with the same id, replacing) the built-in executive, operational and technical views. */
    views: z.array(viewSchema).default([]),
    wallboard: wallboardSchema.prefault({}),
    alerting: alertingSchema.prefault({}),
    /** Business forecasts (ROI, adoption, savings, capacity) and model-quality windows. */
    analytics: analyticsSchema.prefault({}),
    /** Scheduled PDF reports (written to a folder and/or e-mailed through an e-mail receiver). */
    reports: reportsSchema,
    privacy: privacySchema.prefault({})
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const seen = new Map<string, number>()
    cfg.sources.forEach((s, i) => {
      const prev = seen.get(s.id)
      if (prev !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['sources', i, 'id'], message: `duplicate source id "${s.id}" (also sources[${prev}])` })
      }
      seen.set(s.id, i)
    })
    uniqueIds(cfg.kpis, 'kpis', 'KPI', ctx)
    uniqueIds(cfg.milestones, 'milestones', 'milestone', ctx)
    uniqueIds(cfg.views, 'views', 'view', ctx)
    const kpiIds = new Set(cfg.kpis.map((k) => k.id))
    for (const issue of alertingKpiIssues(cfg.alerting, kpiIds)) {
      ctx.addIssue({ code: 'custom', path: ['alerting', ...issue.path], message: issue.message })
    }
    cfg.views.forEach((view, v) =>
      view.panels.forEach((panel, p) => {
        const refs = 'kpi' in panel ? [panel.kpi] : 'kpis' in panel ? panel.kpis : []
        refs.forEach((ref) => {
          if (!kpiIds.has(ref)) {
            ctx.addIssue({ code: 'custom', path: ['views', v, 'panels', p], message: `unknown KPI "${ref}" (define it under kpis:)` })
          }
        })
      })
    )
    for (const issue of privacyIssues(cfg.privacy, new Set(cfg.sources.map((s) => s.id)))) {
      ctx.addIssue({ code: 'custom', path: ['privacy', ...issue.path], message: issue.message })
    }
    for (const issue of reportsIssues(cfg.reports, cfg.alerting.receivers)) {
      ctx.addIssue({ code: 'custom', path: ['reports', ...issue.path], message: issue.message })
    }
    const viewIds = new Set<string>([...BUILT_IN_VIEW_IDS, ...cfg.views.map((v) => v.id)])
    cfg.wallboard.playlist?.forEach((id, i) => {
      if (!viewIds.has(id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['wallboard', 'playlist', i],
          message: `unknown view "${id}" (known: ${[...viewIds].join(', ')})`
        })
      }
    })
  })

function uniqueIds(items: { id: string }[], key: string, what: string, ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>()
  items.forEach((item, i) => {
    const prev = seen.get(item.id)
    if (prev !== undefined) ctx.addIssue({ code: 'custom', path: [key, i, 'id'], message: `duplicate ${what} id "${item.id}" (also ${key}[${prev}])` })
    seen.set(item.id, i)
  })
}

export type VigilConfig = z.output<typeof configSchema>
export type VigilConfigInput = z.input<typeof configSchema>
export type SourceConfig = z.output<typeof sourceSchema>
export type SourceKind = SourceConfig['kind']
export type SourceConfigOf<K extends SourceKind> = Extract<SourceConfig, { kind: K }>
export type StorageConfig = z.output<typeof storageSchema>
export type { KpiConfig, MilestoneConfig, ProgrammeConfig } from './kpi-schema'
export type { PanelConfig, PanelOf, PanelType, SeriesRefConfig, ViewConfig, WallboardConfig } from './views-schema'
