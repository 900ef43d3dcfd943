// The one contract between main and renderer. Every request (name → argument schema and
// result type) and every push event is named here; the IPC handler, the preload bridge, the
// HTTP routes and both clients are derived from this map. Adding a call = one entry here plus
// its implementation in src/main/engine/api-impl.ts.
import { z } from 'zod'
import type {
  AppInfo,
  ConfigEvent,
  Health,
  LatestValue,
  NotificationEvent,
  Point,
  QueryResult,
  SamplesEvent,
  SeriesInfo,
  SourceHealth
} from './types'
import type { Annotation } from './annotations'
import type {
  AlertAckResult,
  AlertHistoryEntry,
  AlertNoiseMark,
  AlertQuality,
  AlertsEvent,
  AlertsView,
  NotificationLogItem,
  Silence,
  SilenceView
} from './alerts'
import type { KpiValue, MilestoneSummary } from './kpi'
import type { AnomalyView, ForecastView } from './analytics'
import type { BusinessForecastsView, Recommendation } from './analytics-business'
import type { ModelDrift, ModelQuality } from './analytics-models'
import type { ViewConfig } from './config/views-schema'
import { eventNames, ipcEventChannel, ipcRequestChannel, requestNames, type EventName, type RequestName } from './api-names'

export { eventNames, ipcEventChannel, ipcRequestChannel, requestNames, type EventName, type RequestName }

const labels = z.record(z.string(), z.string())
const seriesName = z.string().min(1).max(500)
const epochMs = z.number().finite()

/** Declares a request: its argument schema and (type-only) result. */
function request<A extends z.ZodType, R>(args: A): { args: A; result: R } {
  return { args, result: undefined as unknown as R }
}

/** Declares a push event payload (type-only). */
function event<P>(): { payload: P } {
  return { payload: undefined as unknown as P }
}

const empty = z.object({}).strict()

const listSeriesArgs = z.object({ match: z.string().max(500).optional() }).strict()

const queryRangeArgs = z
  .object({
    series: seriesName,
    labels: labels.optional(),
    from: epochMs,
    to: epochMs,
    /** Bucket width in seconds; when omitted the engine picks one giving ~500 points. */
    step: z.number().positive().max(366 * 86400).optional(),
    agg: z.enum(['avg', 'min', 'max', 'sum', 'last', 'count']).optional()
  })
  .strict()
  .refine((q) => q.to > q.from, { message: '"to" must be after "from"', path: ['to'] })

const latestArgs = z.object({ series: seriesName, labels: labels.optional() }).strict()

const range = {
  from: epochMs,
  to: epochMs,
  /** Bucket width in seconds; when omitted the engine picks one giving ~500 points. */
  step: z.number().positive().max(366 * 86400).optional()
}
/** Refinement shared by every range request. */
const toAfterFrom = (q: { from: number; to: number }): boolean => q.to > q.from
const toAfterFromError = { message: '"to" must be after "from"', path: ['to'] }

const queryGroupedArgs = z
  .object({
    series: seriesName,
    labels: labels.optional(),
    /** One result line per value of this label. */
    by: z.string().min(1).max(200),
    ...range,
    agg: z.enum(['avg', 'min', 'max', 'sum', 'last', 'count']).optional()
  })
  .strict()
  .refine(toAfterFrom, toAfterFromError)

const getKpisArgs = z
  .object({ ids: z.array(z.string().max(64)).max(500).optional(), ...range })
  .strict()
  .refine(toAfterFrom, toAfterFromError)

const annotationKind = z.enum(['deployment', 'incident', 'alert', 'note'])

const listAnnotationsArgs = z
  .object({ from: epochMs, to: epochMs, kinds: z.array(annotationKind).optional(), limit: z.number().int().min(1).max(5000).optional() })
  .strict()
  .refine(toAfterFrom, toAfterFromError)

const addAnnotationArgs = z
  .object({
    kind: annotationKind,
    ts: epochMs,
    endTs: epochMs.nullable().optional(),
    title: z.string().min(1).max(200),
    text: z.string().max(5000).nullable().optional(),
    series: z.array(seriesName).max(50).optional(),
    labels: labels.optional()
  })
  .strict()
  .refine((a) => a.endTs == null || a.endTs >= a.ts, { message: '"endTs" must not be before "ts"', path: ['endTs'] })

const testNotificationArgs = z.object({ severity: z.enum(['critical', 'warning', 'info']).default('info') }).strict()

/** An alert id (16 hex digits) or an alert group key. */
const alertRef = z.string().min(1).max(1024)
/** Who did it: a name or handle. */
const person = z.string().trim().min(1).max(200)
const MAX_ACK_MS = 30 * 86_400_000

const acknowledgeAlertArgs = z
  .object({
    id: alertRef,
    by: person,
    comment: z.string().max(2000).nullable().optional(),
    /** The acknowledgement lapses after this long (notifications resume); default: the route's ack_timeout, else until resolved. */
    expiresInMs: z.number().int().positive().max(MAX_ACK_MS).nullable().optional()
  })
  .strict()

const silenceMatcher = z
  .object({ name: z.string().min(1).max(200), op: z.enum(['=', '!=', '=~', '!~']).default('='), value: z.string().max(1000) })
  .strict()

const addSilenceArgs = z
  .object({
    matchers: z.array(silenceMatcher).min(1).max(50),
    /** Default: now. */
    startsAt: epochMs.optional(),
    endsAt: epochMs,
    createdBy: person,
    comment: z.string().max(2000)
  })
  .strict()
  .refine((s) => s.startsAt === undefined || s.endsAt > s.startsAt, { message: '"endsAt" must be after "startsAt"', path: ['endsAt'] })

const expireSilenceArgs = z.object({ id: z.string().min(1).max(200) }).strict()

const getAlertHistoryArgs = z
  .object({ from: epochMs, to: epochMs, limit: z.number().int().min(1).max(10_000).optional(), alertId: alertRef.optional() })
  .strict()
  .refine(toAfterFrom, toAfterFromError)

const listNotificationsArgs = z.object({ limit: z.number().int().min(1).max(5000).optional(), receiver: z.string().min(1).max(200).optional() }).strict()

const markAlertNoiseArgs = z
  .object({
    id: alertRef,
    noise: z.boolean(),
    by: person,
    /** The firing episode (its start, epoch ms); default: the current one, else the latest. */
    episode: epochMs.optional()
  })
  .strict()

const getAlertQualityArgs = z.object({ from: epochMs, to: epochMs }).strict().refine(toAfterFrom, toAfterFromError)

const DAY_MS = 86_400_000

const getForecastArgs = z
  .object({
    series: seriesName.optional(),
    labels: labels.optional(),
    kpi: z.string().min(1).max(200).optional(),
    /** How far ahead (ms); at most 400 days. */
    horizonMs: z.number().int().positive().max(400 * DAY_MS),
    /** History the model is fitted on (ms); default 14 days. */
    historyMs: z.number().int().positive().max(800 * DAY_MS).optional(),
    /** Grid step (ms); default: picked from the history so there are about 300–700 points. */
    stepMs: z.number().int().min(1000).optional(),
    /** Report when the forecast meets this, e.g. "> 90". */
    condition: z.string().max(40).optional()
  })
  .strict()
  .refine((a) => (a.series === undefined) !== (a.kpi === undefined), { message: 'give "series" or "kpi" (exactly one)', path: ['series'] })

const getAnomaliesArgs = z
  .object({
    series: seriesName,
    labels: labels.optional(),
    from: epochMs,
    to: epochMs,
    /** Grid step (ms); default: the chart's (about 500 points over the range). */
    stepMs: z.number().int().min(1000).optional(),
    /** Score from which a step counts as anomalous (default 0.9). */
    minScore: z.number().gt(0).max(1).optional()
  })
  .strict()
  .refine(toAfterFrom, toAfterFromError)

const modelName = z.string().min(1).max(200)
const windowMs = z.number().int().positive().max(400 * DAY_MS)
const getModelQualityArgs = z
  .object({
    model: modelName,
    /** The judged window, ending now (default: analytics.models.window, 1 day). */
    windowMs: windowMs.optional(),
    /** The reference: this long before the judged window (default: analytics.models.reference_window, 7 days). */
    referenceMs: windowMs.optional()
  })
  .strict()
const getModelDriftArgs = z
  .object({
    model: modelName,
    windowMs: windowMs.optional(),
    referenceMs: windowMs.optional(),
    /** Default: per feature, the documented default for its kind and the sample size. */
    method: z.enum(['auto', 'ks', 'chi2', 'psi', 'wasserstein', 'jensen_shannon']).optional(),
    threshold: z.number().finite().optional()
  })
  .strict()

const exportArchiveArgs = z
  .object({
    from: epochMs,
    to: epochMs,
    /** Only series whose name matches this glob ("cpu_*"); default all. */
    seriesGlob: z.string().min(1).max(500).optional(),
    /** Sign the manifest with the data dir's Ed25519 key. */
    sign: z.boolean().optional(),
    /** File name in <data-dir>/exports/ (no folders); default vigil-<from>-<to>.vigil. */
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}\.vigil$/, 'expected a file name ending in .vigil, without folders')
      .optional()
  })
  .strict()
  .refine(toAfterFrom, toAfterFromError)

const getRecommendationsArgs = z.object({ view: z.enum(['executive', 'operational', 'technical']).optional() }).strict()

export const requests = {
  getAppInfo: request<typeof empty, AppInfo>(empty),
  getHealth: request<typeof empty, Health>(empty),
  listSeries: request<typeof listSeriesArgs, SeriesInfo[]>(listSeriesArgs),
  queryRange: request<typeof queryRangeArgs, QueryResult>(queryRangeArgs),
  latest: request<typeof latestArgs, LatestValue[]>(latestArgs),
  /** One line per value of a label (e.g. latency per service). */
  queryGrouped: request<typeof queryGroupedArgs, GroupedQueryResult>(queryGroupedArgs),
  /** The views (built-in and configured) and the wallboard playlist. */
  getViews: request<typeof empty, ViewsResult>(empty),
  /** KPI values with status, baseline change and trend over [from, to). */
  getKpis: request<typeof getKpisArgs, KpiValue[]>(getKpisArgs),
  /** Implementation progress from the configured milestones. */
  getMilestones: request<typeof empty, MilestoneSummary>(empty),
  listAnnotations: request<typeof listAnnotationsArgs, Annotation[]>(listAnnotationsArgs),
  addAnnotation: request<typeof addAnnotationArgs, Annotation>(addAnnotationArgs),
  /** Emits a test `notification` event, so a user can check desktop notifications work. */
  sendTestNotification: request<typeof testNotificationArgs, NotificationEvent>(testNotificationArgs),
  /** Active (pending and firing) alerts with their routing status, the alert groups and every rule's health. */
  listAlerts: request<typeof empty, AlertsView>(empty),
  /** Alert history in [from, to), newest first: state changes, routing, deliveries, noise marks. */
  getAlertHistory: request<typeof getAlertHistoryArgs, AlertHistoryEntry[]>(getAlertHistoryArgs),
  /** Acknowledges an alert (every group holding it) or a group: stops escalation and reminders. */
  acknowledgeAlert: request<typeof acknowledgeAlertArgs, AlertAckResult>(acknowledgeAlertArgs),
  /** Silences (active, pending and recently expired), newest first. */
  listSilences: request<typeof empty, SilenceView[]>(empty),
  addSilence: request<typeof addSilenceArgs, Silence>(addSilenceArgs),
  /** Ends a silence now. */
  expireSilence: request<typeof expireSilenceArgs, SilenceView>(expireSilenceArgs),
  /** The notification log: one entry per notification and receiver with its delivery state, newest first. */
  listNotifications: request<typeof listNotificationsArgs, NotificationLogItem[]>(listNotificationsArgs),
  /** Marks one firing episode of an alert as noise (a false positive), or not. */
  markAlertNoise: request<typeof markAlertNoiseArgs, AlertNoiseMark>(markAlertNoiseArgs),
  /** False-positive rate per rule over [from, to) (goal for critical alerts: under 2 %). */
  getAlertQuality: request<typeof getAlertQualityArgs, AlertQuality>(getAlertQualityArgs),
  /** A series or KPI forecast with 80 % and 95 % bands (and when it meets `condition`). */
  getForecast: request<typeof getForecastArgs, ForecastView>(getForecastArgs),
  /** Anomalous periods of a series over [from, to), scored online (only the past counts). */
  getAnomalies: request<typeof getAnomaliesArgs, AnomalyView>(getAnomaliesArgs),
  /** ROI trajectory with payback, adoption curve, savings and capacity forecasts (the `analytics:` config). */
  getBusinessForecasts: request<typeof empty, BusinessForecastsView>(empty),
  /** Rule-based recommendations from the analytics, each citing its figures (optionally for one view). */
  getRecommendations: request<typeof getRecommendationsArgs, Recommendation[]>(getRecommendationsArgs),
  /** Models with recorded predictions: counts and time span. */
  listModels: request<typeof empty, ModelSummary[]>(empty),
  /** A model's metrics (accuracy … calibration, latency, throughput) in a window vs its reference window. */
  getModelQuality: request<typeof getModelQualityArgs, ModelQuality>(getModelQualityArgs),
  /** Per-feature and dataset drift of a model's inputs in a window vs its reference window. */
  getModelDrift: request<typeof getModelDriftArgs, ModelDrift>(getModelDriftArgs),
  /** Writes a .vigil archive of [from, to) into <data-dir>/exports/ through the running engine. */
  exportArchive: request<typeof exportArchiveArgs, ArchiveExportResult>(exportArchiveArgs)
}

export interface ArchiveExportResult {
  /** Where the archive was written. */
  path: string
  bytes: number
  from: number
  to: number
  members: number
  /** Samples archived. */
  samples: number
  signed: boolean
}

export interface ModelSummary {
  model: string
  /** Predictions stored. */
  count: number
  /** Of those, with a known label. */
  labelled: number
  firstTs: number
  lastTs: number
}

export interface GroupedQueryResult {
  series: string
  by: string
  groups: { value: string; points: Point[] }[]
  tier?: QueryResult['tier']
}

export interface ViewsResult {
  views: ViewConfig[]
  wallboard: { playlist: string[]; intervalMs: number; staleAfterMs: number }
}

export const events = {
  /** Samples became durable in the store. */
  samples: event<SamplesEvent>(),
  /** A source changed state (ok / error / pending) or finished a poll. */
  sourceState: event<SourceHealth>(),
  /** The config file was reloaded (ok) or rejected (error; the engine keeps the last good one). */
  config: event<ConfigEvent>(),
  /** An annotation was added (by a source, a user or the alert engine). */
  annotation: event<Annotation>(),
  /** A notice for the desktop (native notification) and the wallboard. */
  notification: event<NotificationEvent>(),
  /** The alerts changed (evaluation, routing, acknowledgement, silence, delivery, noise mark, config): refetch alert views. */
  alerts: event<AlertsEvent>()
}

export type Requests = typeof requests
export type ArgsOf<K extends RequestName> = z.input<Requests[K]['args']>
export type ResultOf<K extends RequestName> = Requests[K]['result']
export type Events = typeof events
export type PayloadOf<K extends EventName> = Events[K]['payload']

// The name lists in api-names.ts must match the maps above exactly (a compile error otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const namesMatch: [Same<keyof Requests, RequestName>, Same<keyof Events, EventName>] = [true, true]
void namesMatch

/** The API as seen by a caller: one async function per request. */
export type VigilApi = { [K in RequestName]: (args: ArgsOf<K>) => Promise<ResultOf<K>> }

/** What the renderer gets: the API plus event subscription (returns an unsubscribe function). */
export interface VigilBridge extends VigilApi {
  on<K extends EventName>(event: K, listener: (payload: PayloadOf<K>) => void): () => void
}


/** Error shape returned by both transports when a request fails. */
export interface ApiErrorBody {
  error: { code: 'bad_request' | 'not_found' | 'unauthorized' | 'read_only' | 'storage' | 'internal'; message: string }
}

/** GET /api/whoami (HTTP only; the desktop app's IPC caller is the local user, who may do everything). */
export interface WhoAmI {
  role: 'viewer' | 'operator' | 'admin'
  via: 'bearer' | 'cookie'
  /** operator or admin: may acknowledge, silence, annotate and push data. */
  canOperate: boolean
  /** admin: may export, read the audit log, manage secrets. */
  canAdminister: boolean
}
