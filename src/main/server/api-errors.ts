// The one error shape both transports answer with (ApiErrorBody), and how exceptions map onto it.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { ApiErrorBody } from '@shared/api'

export type ApiErrorCode = ApiErrorBody['error']['code']

/** Sends `{error:{code,message}}` with the given status. */
export function sendApiError(reply: FastifyReply, status: number, code: ApiErrorCode, message: string): FastifyReply {
  const body: ApiErrorBody = { error: { code, message } }
  return reply.code(status).type('application/json; charset=utf-8').send(body)
}

// Engine errors are recognised by name (the engine's BadRequestError in engine/api-impl.ts and
// any NotFoundError / ReadOnlyError it may add), so the server does not import engine internals.
const ERRORS_BY_NAME: Record<string, { status: number; code: ApiErrorCode }> = {
  BadRequestError: { status: 400, code: 'bad_request' },
  NotFoundError: { status: 404, code: 'not_found' },
  ReadOnlyError: { status: 403, code: 'read_only' }
}

/** Human-readable size, e.g. 33554432 → "32 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`
  return `${bytes} bytes`
}

/** Fastify error handler: every failure becomes an ApiErrorBody; messages only, never stacks. */
export function handleError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err.statusCode === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const limit = request.routeOptions.bodyLimit
    const what = limit ? `the ${formatBytes(limit)} limit` : 'the limit'
    return sendApiError(reply, 413, 'bad_request', `request body is larger than ${what} for ${request.method} ${pathOf(request)}; send smaller requests`)
  }
  const known = ERRORS_BY_NAME[err.name]
  if (known) return sendApiError(reply, known.status, known.code, err.message)
  const status = typeof err.statusCode === 'number' ? err.statusCode : 500
  if (status >= 400 && status < 500) return sendApiError(reply, status, status === 404 ? 'not_found' : 'bad_request', err.message)
  request.log.error({ err }, 'request failed')
  return sendApiError(reply, 500, 'internal', err.message || 'internal error')
}

/** The request path without its query string. */
export function pathOf(request: FastifyRequest): string {
  const q = request.url.indexOf('?')
  return q === -1 ? request.url : request.url.slice(0, q)
}
