// POST /api/rpc/<name> for every request of the contract, derived from the contract map.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { requestNames, requests, type RequestName, type VigilApi } from '@shared/api'
import type { Engine } from '../engine/types'
import { sendApiError } from './api-errors'
import { formatIssues } from './zod-issues'

/** The API a request acts through (the engine's, with the caller's changes recorded in the audit log). */
export type ApiFor = (request: FastifyRequest) => VigilApi

/** Registers one route per contract request; the JSON body is the argument object (empty body = {}). */
export async function registerRpcRoutes(app: FastifyInstance, opts: { engine: Engine; apiFor?: ApiFor }): Promise<void> {
  const apiFor = opts.apiFor ?? (() => opts.engine.api)
  // Any content type is read as JSON (curl -d and fetch with a string body send other types);
  // the cookie is SameSite=Strict and auth.ts refuses cross-origin cookie writes.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonArgs(body as string))
    } catch (err) {
      done(err as Error, undefined)
    }
  })

  for (const name of requestNames) {
    app.post(`/rpc/${name}`, async (request, reply) => {
      const parsed = requests[name].args.safeParse(request.body ?? {})
      if (!parsed.success) return sendApiError(reply, 400, 'bad_request', `${name}: ${formatIssues(parsed.error)}`)
      const result = await callApi(apiFor(request), name, parsed.data)
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(result ?? null))
    })
  }
}

/** A request body that is not usable JSON; the error handler answers 400 with its message. */
class JsonBodyError extends Error {
  override name = 'JsonBodyError'
  readonly statusCode = 400
}

/** Parses an RPC body: empty = {}; "__proto__" keys are refused (they would reach label maps). */
export function parseJsonArgs(text: string): unknown {
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') throw new JsonBodyError('JSON body: the key "__proto__" is not allowed')
      return value
    })
  } catch (err) {
    if (err instanceof JsonBodyError) throw err
    throw new JsonBodyError(`malformed JSON body: ${(err as Error).message}`)
  }
}

/** Calls one API method with already-validated arguments. */
function callApi(api: VigilApi, name: RequestName, args: unknown): Promise<unknown> {
  const method = api[name] as (args: unknown) => Promise<unknown>
  return method.call(api, args)
}

/** 404 text for an unknown /api/rpc/<name>, listing the known names. */
export function unknownRpcMessage(name: string): string {
  return `unknown RPC method "${name}" (known: ${requestNames.join(', ')})`
}
