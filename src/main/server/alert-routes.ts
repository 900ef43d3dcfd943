// Alerting routes for scripts and curl (under /api, behind the same token as every API route):
// active alerts, acknowledge, silences and the notification log. Each maps onto one contract
// request, validated with that request's schema.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { requests } from '@shared/api'
import type { Engine } from '../engine/types'
import { sendApiError } from './api-errors'
import { checkKnownParams, QueryParamError, single, timeParam } from './query-params'
import { formatIssues } from './zod-issues'
import type { ApiFor } from './rpc-routes'

type Query = Record<string, string | string[] | undefined>

const DAY_MS = 86_400_000

/** Registers GET /alerts, GET /alerts/history, POST /alerts/{id}/ack, GET|POST /silences, DELETE /silences/{id}, GET /notifications. */
export async function registerAlertRoutes(app: FastifyInstance, opts: { engine: Engine; now: () => number; apiFor?: ApiFor }): Promise<void> {
  const { engine } = opts
  const apiFor = opts.apiFor ?? (() => engine.api)

  app.get('/alerts', async (request, reply) => {
    checkKnownParams(request.query as Query, [])
    return sendJson(reply, await engine.api.listAlerts({}))
  })

  // History in [from, to) (default: the last 24 hours), newest first; `alert` narrows it to one alert.
  app.get('/alerts/history', async (request, reply) => {
    const query = request.query as Query
    checkKnownParams(query, ['from', 'to', 'limit', 'alert'])
    const now = opts.now()
    const to = timeParam(query, 'to', now) ?? now + 1
    const from = timeParam(query, 'from', now) ?? to - DAY_MS
    const args = { from, to, limit: intParam(query, 'limit'), alertId: single(query, 'alert') || undefined }
    const parsed = requests.getAlertHistory.args.safeParse(args)
    if (!parsed.success) return sendApiError(reply, 400, 'bad_request', formatIssues(parsed.error, paramName))
    return sendJson(reply, await engine.api.getAlertHistory(parsed.data))
  })

  // Body: {"by":"ann","comment":"looking","expiresInMs":3600000}; {id} is an alert id or a group key.
  app.post('/alerts/:id/ack', async (request, reply) => {
    const body = objectBody(request.body, 'POST /api/alerts/{id}/ack', '{"by":"ann","comment":"on it"}')
    if (typeof body === 'string') return sendApiError(reply, 400, 'bad_request', body)
    const { id } = request.params as { id: string }
    const parsed = requests.acknowledgeAlert.args.safeParse({ ...body, id })
    if (!parsed.success) return sendApiError(reply, 400, 'bad_request', `POST /api/alerts/{id}/ack: ${formatIssues(parsed.error, fieldName)}`)
    return sendJson(reply, await apiFor(request).acknowledgeAlert(parsed.data))
  })

  app.get('/silences', async (request, reply) => {
    checkKnownParams(request.query as Query, [])
    return sendJson(reply, await engine.api.listSilences({}))
  })

  // Body: the addSilence arguments → 201 with the silence.
  app.post('/silences', async (request, reply) => {
    const body = objectBody(request.body, 'POST /api/silences', '{"matchers":[{"name":"alertname","op":"=","value":"HighLatency"}],"endsAt":1767225600000,"createdBy":"ann","comment":"maintenance"}')
    if (typeof body === 'string') return sendApiError(reply, 400, 'bad_request', body)
    const parsed = requests.addSilence.args.safeParse(body)
    if (!parsed.success) return sendApiError(reply, 400, 'bad_request', `POST /api/silences: ${formatIssues(parsed.error, fieldName)}`)
    return sendJson(reply.code(201), await apiFor(request).addSilence(parsed.data))
  })

  app.delete('/silences/:id', async (request, reply) => {
    const { id } = request.params as { id: string }
    const parsed = requests.expireSilence.args.safeParse({ id })
    if (!parsed.success) return sendApiError(reply, 400, 'bad_request', `DELETE /api/silences/{id}: ${formatIssues(parsed.error, fieldName)}`)
    return sendJson(reply, await apiFor(request).expireSilence(parsed.data))
  })

  app.get('/notifications', async (request, reply) => {
    const query = request.query as Query
    checkKnownParams(query, ['limit', 'receiver'])
    const args = { limit: intParam(query, 'limit'), receiver: single(query, 'receiver') || undefined }
    const parsed = requests.listNotifications.args.safeParse(args)
    if (!parsed.success) return sendApiError(reply, 400, 'bad_request', formatIssues(parsed.error, paramName))
    return sendJson(reply, await engine.api.listNotifications(parsed.data))
  })
}

/** The body as a JSON object, or the message saying it is not one. */
function objectBody(body: unknown, route: string, example: string): Record<string, unknown> | string {
  const value = body ?? {}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${route}: the body must be a JSON object such as ${example}`
  return value as Record<string, unknown>
}

/** A whole number parameter, or undefined. */
function intParam(query: Query, key: string): number | undefined {
  const text = single(query, key)
  if (text === undefined || text === '') return undefined
  if (!/^\d+$/.test(text.trim())) throw new QueryParamError(`query parameter "${key}": ${JSON.stringify(text)} is not a whole number`)
  return Number(text)
}

function paramName(path: string): string {
  const first = path.split('.')[0]
  return `query parameter "${first === 'alertId' ? 'alert' : first}"`
}

function fieldName(path: string): string {
  return `field "${path}"`
}

function sendJson(reply: FastifyReply, value: unknown): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value))
}
