// The HTTP shell of `vigil serve`: the API contract over HTTP, SSE events, line-protocol writes
// and the built UI, behind role tokens (viewer, operator, admin: roles.ts), with logins and
// changes recorded in the audit log.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import type { Engine, LiveEngineHandle } from '../engine/types'
import { handleError, pathOf, sendApiError } from './api-errors'
import { auditedApi } from '../audit/audited-api'
import type { AuditLog } from '../audit/audit-log'
import { actorOf, apiAuthHook, createRoleCheck, tokenLinkHook, type RoleTokens } from './auth'
import { registerAuditRoutes } from './audit-routes'
import { LoginAudit } from './login-audit'
import { requiredRole, type Role } from './roles'
import { registerRestRoutes } from './rest-routes'
import { registerRpcRoutes, unknownRpcMessage } from './rpc-routes'
import { registerSecurityHeaders } from './security-headers'
import { registerSse } from './sse'
import { registerStatic } from './static'
import { registerWriteRoute } from './write-route'
import { registerPredictionsRoute } from './predictions-route'
import { registerSecretRoutes } from './secret-routes'

export interface HttpServerOptions {
  engine: Engine
  host: string
  /** 0 picks a free port. */
  port: number
  /** The admin token (the single-token setup; same as tokens.admin). */
  token?: string
  /** A token per role; a role without one cannot be used. At least one token overall. */
  tokens?: RoleTokens
  /** Where logins and changes are recorded (none: not recorded, e.g. archive review). */
  audit?: AuditLog | null
  /** The built renderer (out/renderer), or null when there is none. */
  staticDir: string | null
  version: string
  /** Fastify request logging (off by default). */
  logger?: boolean
  /** Clock for defaults (query ranges, writes without timestamps); Date.now by default. */
  now?: () => number
  /** SSE keep-alive interval; 15 s by default. */
  sseHeartbeatMs?: number
  /** SSE per-client buffer before a slow client is disconnected; 1 MiB by default. */
  sseMaxBufferedBytes?: number
}

export interface HttpServer {
  url: string
  port: number
  /** Ends event streams and stops accepting connections. Idempotent. */
  close(): Promise<void>
}

/** A registered /api route and the least role it admits. */
export interface ApiRoute {
  method: string
  url: string
  role: Role
}

const apiRoutes = new WeakMap<FastifyInstance, ApiRoute[]>()

/** Every /api route of an app built by buildHttpApp, as registered (tests check each against the role table). */
export function apiRoutesOf(app: FastifyInstance): readonly ApiRoute[] {
  return apiRoutes.get(app) ?? []
}

/** Builds the Fastify app without listening (for tests that use inject, and for startHttpServer). */
export async function buildHttpApp(opts: HttpServerOptions): Promise<FastifyInstance> {
  const tokens = roleTokensOf(opts)
  const check = createRoleCheck(tokens)
  const audit = opts.audit ?? null
  const logins = audit ? new LoginAudit(audit) : null
  const now = opts.now ?? Date.now
  const app = Fastify({ logger: opts.logger ? loggerOptions() : false, return503OnClosing: true })
  // Every API route must have a role (roles.ts); one without fails here, before the server listens.
  const routes: ApiRoute[] = []
  apiRoutes.set(app, routes)
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path
    if (!(url === '/api' || url.startsWith('/api/'))) return
    for (const method of [route.method].flat()) {
      const role = requiredRole(method, url)
      if (role === null) throw new Error(`route ${method} ${url} has no role in src/main/server/roles.ts`)
      routes.push({ method, url, role })
    }
  })
  const apiFor = (request: FastifyRequest) => {
    const { role, via } = actorOf(request)
    return auditedApi(opts.engine.api, audit, { role, via })
  }

  app.setErrorHandler(handleError)
  registerSecurityHeaders(app)
  app.addHook('onRequest', tokenLinkHook(check, logins))

  await app.register(
    async (api) => {
      api.addHook('onRequest', apiAuthHook(check, logins))
      await api.register(registerRpcRoutes, { engine: opts.engine, apiFor })
      await api.register(registerRestRoutes, { engine: opts.engine, now, apiFor })
      await api.register(registerAuditRoutes, { audit })
      await api.register(registerWriteRoute, { engine: opts.engine, now })
      await api.register(registerPredictionsRoute, { engine: opts.engine })
      await api.register(registerSse, { engine: opts.engine, heartbeatMs: opts.sseHeartbeatMs, maxBufferedBytes: opts.sseMaxBufferedBytes })
      // Secrets belong to a live engine (an archive has none); the role table keeps them admin-only.
      const live = liveEngineOf(opts.engine)
      if (live) {
        await api.register(registerSecretRoutes, {
          secrets: live.secrets,
          configPath: async () => (await live.api.getAppInfo({})).configPath,
          applied: (names) => live.secretsChanged(names),
          onChange: async (event, request) => {
            await audit?.append({ actor: actorOf(request), action: event.action === 'set' ? 'secret.set' : 'secret.delete', target: event.name, details: {} })
          }
        })
      }
      // Unknown API paths answer inside this scope, so they need the token like every other /api/* path.
      const notFound = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
        const path = pathOf(request)
        const rpc = /^\/api\/rpc\/([^/]+)$/.exec(path)
        return sendApiError(reply, 404, 'not_found', rpc ? unknownRpcMessage(safeDecode(rpc[1])) : `no API route ${request.method} ${path}`)
      }
      api.all('/', notFound)
      api.all('/*', notFound)
    },
    { prefix: '/api' }
  )

  await registerStatic(app, { staticDir: opts.staticDir, version: opts.version })
  return app
}

/** The engine as a live one (secrets, exports), or null for archive review. */
function liveEngineOf(engine: Engine): LiveEngineHandle | null {
  return !engine.readOnly && 'secretsChanged' in engine && 'secrets' in engine ? (engine as LiveEngineHandle) : null
}

/** The role tokens of the options: `tokens`, with `token` as the admin token. */
export function roleTokensOf(opts: Pick<HttpServerOptions, 'token' | 'tokens'>): RoleTokens {
  const tokens: RoleTokens = { ...opts.tokens }
  if (opts.token !== undefined) {
    if (tokens.admin !== undefined && tokens.admin !== opts.token) throw new Error('give the admin token once: "token" and "tokens.admin" differ')
    tokens.admin = opts.token
  }
  return tokens
}

/** Request logs without the secret: a token link's ?token= is redacted from logged URLs. */
function loggerOptions(): FastifyServerOptions['logger'] {
  return {
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, url: redactToken(req.url), remoteAddress: req.ip })
    }
  }
}

/** Replaces the value of a token query parameter with [redacted]. */
export function redactToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]')
}

/** Starts the HTTP server; resolves once it listens. */
export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const app = await buildHttpApp(opts)
  try {
    await app.listen({ host: opts.host, port: opts.port })
  } catch (err) {
    await app.close()
    const code = (err as NodeJS.ErrnoException).code
    const reason = code === 'EADDRINUSE' ? 'the address is already in use' : code === 'EACCES' ? 'permission denied' : (err as Error).message
    throw new Error(`cannot listen on ${opts.host}:${opts.port}: ${reason}`)
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : opts.port
  let closing: Promise<void> | null = null
  return {
    url: `http://${urlHost(opts.host)}:${port}`,
    port,
    close: () => (closing ??= app.close())
  }
}

/** Host part of the printed URL: wildcard binds are reached through loopback; IPv6 in brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
