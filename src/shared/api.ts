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
import type { KpiValue, MilestoneSummary } from './kpi'
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
  sendTestNotification: request<typeof testNotificationArgs, NotificationEvent>(testNotificationArgs)
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
  notification: event<NotificationEvent>()
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
  error: { code: 'bad_request' | 'not_found' | 'unauthorized' | 'read_only' | 'internal'; message: string }
}
