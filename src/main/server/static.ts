// The built renderer (out/renderer) as static files, with the single-page-app fallback.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fastifyStatic from '@fastify/static'
import { sendApiError, pathOf } from './api-errors'

/**
 * Called on the root instance (not through register) so the not-found handler is the app's own.
 * Serves `staticDir` (when it holds index.html) and answers every other non-API GET with
 * index.html, so client-side routes survive a reload. Without a built UI, pages explain how to
 * build it. Static files need no token: they are identical for every user and hold no data.
 */
export async function registerStatic(app: FastifyInstance, opts: { staticDir: string | null; version: string }): Promise<void> {
  const dir = opts.staticDir !== null && existsSync(join(opts.staticDir, 'index.html')) ? opts.staticDir : null
  if (dir !== null) {
    await app.register(fastifyStatic, { root: dir, wildcard: true, index: ['index.html'] })
  }

  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request)
    if (path === '/api' || path.startsWith('/api/')) {
      return sendApiError(reply, 404, 'not_found', `no API route ${request.method} ${path}`)
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return reply.code(404).type('text/plain; charset=utf-8').send(`Not found: ${request.method} ${path}\n`)
    }
    if (dir === null) return sendNotBuilt(reply, path, opts.version)
    // A missing asset (a name with an extension) is a real 404; anything else is a client route.
    if (looksLikeFile(path)) return reply.code(404).type('text/plain; charset=utf-8').send(`Not found: ${path}\n`)
    return sendIndex(request, reply)
  })
}

function looksLikeFile(path: string): boolean {
  const last = path.slice(path.lastIndexOf('/') + 1)
  return last.includes('.')
}

function sendIndex(_request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-cache').sendFile('index.html')
}

function sendNotBuilt(reply: FastifyReply, path: string, version: string): FastifyReply {
  return reply
    .code(path === '/' ? 200 : 404)
    .type('text/plain; charset=utf-8')
    .send(
      `Vigil ${version}: the web UI is not built, so there is nothing to show at ${path}.\n` +
        'Run `npm run build` (it writes out/renderer), then restart `vigil serve`.\n' +
        'The API under /api/ works without it.\n'
    )
}
