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
  QueryResult,
  SamplesEvent,
  SeriesInfo,
  SourceHealth
} from './types'
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

export const requests = {
  getAppInfo: request<typeof empty, AppInfo>(empty),
  getHealth: request<typeof empty, Health>(empty),
  listSeries: request<typeof listSeriesArgs, SeriesInfo[]>(listSeriesArgs),
  queryRange: request<typeof queryRangeArgs, QueryResult>(queryRangeArgs),
  latest: request<typeof latestArgs, LatestValue[]>(latestArgs)
}

export const events = {
  /** Samples became durable in the store. */
  samples: event<SamplesEvent>(),
  /** A source changed state (ok / error / pending) or finished a poll. */
  sourceState: event<SourceHealth>(),
  /** The config file was reloaded (ok) or rejected (error; the engine keeps the last good one). */
  config: event<ConfigEvent>()
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
