// Plain GET routes for scripts and curl: health, the series catalog and range queries.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { requests } from '@shared/api'
import type { Engine } from '../engine/types'
import { sendApiError } from './api-errors'
import { aggParam, checkKnownParams, labelsParam, single, stepParam, timeParam } from './query-params'
import { formatIssues } from './zod-issues'

const HOUR_MS = 3_600_000
const QUERY_PARAMS = ['series', 'from', 'to', 'step', 'agg', 'labels'] as const

type Query = Record<string, string | string[] | undefined>

/** Registers GET /health, /series and /query (under the /api prefix). */
export async function registerRestRoutes(app: FastifyInstance, opts: { engine: Engine; now: () => number }): Promise<void> {
  const { engine } = opts

  app.get('/health', async (request, reply) => {
    checkKnownParams(request.query as Query, [])
    return sendJson(reply, await engine.api.getHealth({}))
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
}

function paramName(path: string): string {
  return `query parameter "${path.split('.')[0]}"`
}

function sendJson(reply: FastifyReply, value: unknown): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value))
}
