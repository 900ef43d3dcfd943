// Plain routes for scripts and curl: health, the series catalog, range queries, and annotations
// (read them, or post one, e.g. a CI pipeline marking a deployment).
import type { FastifyInstance, FastifyReply } from 'fastify'
import { requests } from '@shared/api'
import type { Engine } from '../engine/types'
import { registerAlertRoutes } from './alert-routes'
import { sendApiError } from './api-errors'
import { aggParam, checkKnownParams, labelsParam, QueryParamError, single, stepParam, timeParam } from './query-params'
import { parseJsonArgs, type ApiFor } from './rpc-routes'
import { startProcessStats } from './process-stats'
import { duckdbMemory } from '../store/duckdb-memory'
import { formatIssues } from './zod-issues'

const HOUR_MS = 3_600_000
const QUERY_PARAMS = ['series', 'from', 'to', 'step', 'agg', 'labels'] as const
const ANNOTATION_PARAMS = ['from', 'to', 'kinds', 'limit'] as const

type Query = Record<string, string | string[] | undefined>

/** Registers GET /health, /series, /query, /annotations, POST /annotations and the alerting routes (under the /api prefix). */
export async function registerRestRoutes(app: FastifyInstance, opts: { engine: Engine; now: () => number; apiFor?: ApiFor }): Promise<void> {
  const { engine } = opts
  const apiFor = opts.apiFor ?? (() => engine.api)

  // Bodies of any content type are read as JSON (curl -d sends form encoding), as for /api/rpc.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonArgs(body as string))
    } catch (err) {
      done(err as Error, undefined)
    }
  })

  // The engine process's memory and event-loop delay ride along (scripts and soak runs read them).
  const processStats = startProcessStats()
  app.addHook('onClose', async () => processStats.stop())
  app.get('/health', async (request, reply) => {
    checkKnownParams(request.query as Query, [])
    // DuckDB's share of the RSS (buffer pool, table data), so a soak can tell its bounded cache from a leak.
    const duckdb = await duckdbMemory().catch(() => null)
    return sendJson(reply, { ...(await engine.api.getHealth({})), process: { ...processStats.snapshot(), duckdb } })
  })

  app.get('/series', async (request, reply) => {
    const query = request.query as Query
    checkKnownParams(query, ['match'])
    const args = { match: single(query, 'match') }
    const parsed = requests.listSeries.args.safeParse(args)
    if (!parsed.success) return sendApiError(reply, 400, 'bad_request', formatIssues(parsed.error, paramName))
    return sendJson(reply, await engine.api.listSeries(parsed.data))
  })

  app.get('/query', async (request, reply) => {
    const query = request.query as Query
    checkKnownParams(query, QUERY_PARAMS)
    const now = opts.now()
    const series = single(query, 'series')
    if (series === undefined || series === '') {
      return sendApiError(reply, 400, 'bad_request', 'query parameter "series" is required (e.g. /api/query?series=cpu_usage_percent)')
    }
    const to = timeParam(query, 'to', now) ?? now
    const from = timeParam(query, 'from', now) ?? to - HOUR_MS
    const args = { series, from, to, step: stepParam(query, 'step'), agg: aggParam(query, 'agg'), labels: labelsParam(query, 'labels') }
    const parsed = requests.queryRange.args.safeParse(args)
    if (!parsed.success) return sendApiError(reply, 400, 'bad_request', formatIssues(parsed.error, paramName))
    return sendJson(reply, await engine.api.queryRange(parsed.data))
  })

  // Annotations overlapping [from, to) (default: the 24 hours up to and including now), newest first.
  app.get('/annotations', async (request, reply) => {
    const query = request.query as Query
    checkKnownParams(query, ANNOTATION_PARAMS)
    const now = opts.now()
    // `to` is exclusive; by default one past now, so an annotation just posted (ts = now) is listed.
    const to = timeParam(query, 'to', now) ?? now + 1
    const from = timeParam(query, 'from', now) ?? to - 24 * HOUR_MS
    const kindsText = single(query, 'kinds')
    const kinds = kindsText === undefined || kindsText === '' ? undefined : kindsText.split(',').map((k) => k.trim())
    const args = { from, to, kinds, limit: intParam(query, 'limit') }
    const parsed = requests.listAnnotations.args.safeParse(args)
    if (!parsed.success) return sendApiError(reply, 400, 'bad_request', formatIssues(parsed.error, paramName))
    return sendJson(reply, await engine.api.listAnnotations(parsed.data))
  })

  // One annotation as a JSON object (the addAnnotation arguments; `ts` defaults to now) → 201 with it as stored.
  app.post('/annotations', async (request, reply) => {
    const body = request.body ?? {}
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendApiError(reply, 400, 'bad_request', 'POST /api/annotations: the body must be a JSON object such as {"kind":"deployment","title":"api v42 deployed"}')
    }
    const withTs = 'ts' in body ? body : { ...body, ts: opts.now() }
    const parsed = requests.addAnnotation.args.safeParse(withTs)
    if (!parsed.success) return sendApiError(reply, 400, 'bad_request', `POST /api/annotations: ${formatIssues(parsed.error, (p) => `field "${p}"`)}`)
    const stored = await apiFor(request).addAnnotation(parsed.data)
    return sendJson(reply.code(201), stored)
  })

  // A metric archive of [from, to) written by the running engine into <data-dir>/exports/ → 201 with where and what.
  app.post('/export', async (request, reply) => {
    const body = request.body ?? {}
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendApiError(reply, 400, 'bad_request', 'POST /api/export: the body must be a JSON object such as {"from":1764000000000,"to":1764600000000}')
    }
    const parsed = requests.exportArchive.args.safeParse(body)
    if (!parsed.success) return sendApiError(reply, 400, 'bad_request', `POST /api/export: ${formatIssues(parsed.error, (p) => `field "${p}"`)}`)
    return sendJson(reply.code(201), await apiFor(request).exportArchive(parsed.data))
  })

  // Alerts, acknowledgements, silences and the notification log (alert-routes.ts), with the same body parsing.
  await registerAlertRoutes(app, { ...opts, apiFor })
}

/** A whole number parameter, or undefined. */
function intParam(query: Query, key: string): number | undefined {
  const text = single(query, key)
  if (text === undefined || text === '') return undefined
  if (!/^\d+$/.test(text.trim())) throw new QueryParamError(`query parameter "${key}": ${JSON.stringify(text)} is not a whole number`)
  return Number(text)
}

function paramName(path: string): string {
  return `query parameter "${path.split('.')[0]}"`
}

function sendJson(reply: FastifyReply, value: unknown): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value))
}
