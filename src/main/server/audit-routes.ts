// GET /api/whoami (the caller's role, so the UI can hide what it may not do) and GET /api/audit
// (recent audit entries, admin only: roles.ts).
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { WhoAmI } from '@shared/api'
import type { AuditLog } from '../audit/audit-log'
import { recentAuditEntries } from '../audit/recent-entries'
import { sendApiError } from './api-errors'
import { actorOf } from './auth'
import { checkKnownParams, QueryParamError, single } from './query-params'
import { roleAllows } from './roles'

type Query = Record<string, string | string[] | undefined>

export const DEFAULT_AUDIT_LIMIT = 100
export const MAX_AUDIT_LIMIT = 1000

/** Registers GET /whoami and GET /audit (under the /api prefix). */
export async function registerAuditRoutes(app: FastifyInstance, opts: { audit: AuditLog | null }): Promise<void> {
  app.get('/whoami', async (request, reply) => {
    checkKnownParams(request.query as Query, [])
    const { role, via } = actorOf(request)
    const body: WhoAmI = { role, via, canOperate: roleAllows(role, 'operator'), canAdminister: roleAllows(role, 'admin') }
    return sendJson(reply, body)
  })

  // Newest first; `before=<seq>` pages back.
  app.get('/audit', async (request, reply) => {
    const query = request.query as Query
    checkKnownParams(query, ['limit', 'before'])
    if (opts.audit === null) return sendApiError(reply, 404, 'not_found', 'this Vigil keeps no audit log (archive review mode changes nothing)')
    const limit = wholeParam(query, 'limit') ?? DEFAULT_AUDIT_LIMIT
    if (limit < 1 || limit > MAX_AUDIT_LIMIT) throw new QueryParamError(`query parameter "limit": expected 1-${MAX_AUDIT_LIMIT}, got ${limit}`)
    const before = wholeParam(query, 'before')
    const entries = await recentAuditEntries(opts.audit.path, limit, before)
    return sendJson(reply, { head: opts.audit.head(), entries })
  })
}

function wholeParam(query: Query, key: string): number | undefined {
  const text = single(query, key)
  if (text === undefined || text === '') return undefined
  if (!/^\d{1,15}$/.test(text.trim())) throw new QueryParamError(`query parameter "${key}": ${JSON.stringify(text)} is not a whole number`)
  return Number(text)
}

function sendJson(reply: FastifyReply, value: unknown): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value))
}
