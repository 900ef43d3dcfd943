// The HTTP shell of `vigil serve`: the API contract over HTTP, SSE events, line-protocol writes
// and the built UI, all behind one token.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import type { Engine } from '../engine/types'
import { handleError, pathOf, sendApiError } from './api-errors'
import { apiAuthHook, createTokenCheck, tokenLinkHook } from './auth'
import { registerRestRoutes } from './rest-routes'
import { registerRpcRoutes, unknownRpcMessage } from './rpc-routes'
import { registerSecurityHeaders } from './security-headers'
import { registerSse } from './sse'
import { registerStatic } from './static'
import { registerWriteRoute } from './write-route'
import { registerPredictionsRoute } from './predictions-route'

export interface HttpServerOptions {
  engine: Engine
  host: string
  /** 0 picks a free port. */
  port: number
  /** The access token every /api/* request must carry. */
  token: string
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

/** Builds the Fastify app without listening (for tests that use inject, and for startHttpServer). */
export async function buildHttpApp(opts: HttpServerOptions): Promise<FastifyInstance> {
  const matches = createTokenCheck(opts.token)
  const now = opts.now ?? Date.now
  const app = Fastify({ logger: opts.logger ? loggerOptions() : false, return503OnClosing: true })

  app.setErrorHandler(handleError)
  registerSecurityHeaders(app)
  app.addHook('onRequest', tokenLinkHook(matches))

  await app.register(
    async (api) => {
      api.addHook('onRequest', apiAuthHook(matches))
      await api.register(registerRpcRoutes, { engine: opts.engine })
      await api.register(registerRestRoutes, { engine: opts.engine, now })
      await api.register(registerWriteRoute, { engine: opts.engine, now })
      await api.register(registerPredictionsRoute, { engine: opts.engine })
      await api.register(registerSse, { engine: opts.engine, heartbeatMs: opts.sseHeartbeatMs, maxBufferedBytes: opts.sseMaxBufferedBytes })
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
