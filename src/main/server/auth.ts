// Token auth for the API, and the "open the UI with ?token=" cookie flow.
//
// Every /api/* route needs `Authorization: Bearer <token>` or the `vigil_token` cookie. The UI's
// static files are served without the token: they are the same for everyone and hold no data;
// every piece of data they show comes through the API.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import { sendApiError } from './api-errors'

export const TOKEN_COOKIE = 'vigil_token'

/** Compares a presented token with the expected one in constant time (hashing first hides the length). */
export function createTokenCheck(token: string): (candidate: string) => boolean {
  if (token.length === 0) throw new Error('the HTTP server needs a non-empty access token')
  const expected = createHash('sha256').update(token).digest()
  return (candidate) => timingSafeEqual(createHash('sha256').update(candidate).digest(), expected)
}

interface PresentedToken {
  token: string
  via: 'bearer' | 'cookie'
}

/** The token a request carries: the Authorization header if present, else the cookie. */
export function presentedToken(request: FastifyRequest): PresentedToken | null {
  const header = request.headers.authorization
  if (header !== undefined) {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)
    return { token: m ? m[1] : '', via: 'bearer' }
  }
  const cookie = readCookie(request.headers.cookie, TOKEN_COOKIE)
  return cookie === null ? null : { token: cookie, via: 'cookie' }
}

/** Value of one cookie from a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue
    try {
      return decodeURIComponent(part.slice(eq + 1).trim())
    } catch {
      return null
    }
  }
  return null
}

const UNAUTHORIZED =
  'missing or invalid access token: send "Authorization: Bearer <token>", or open the UI once with ?token=<token>'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** onRequest hook for the API scope: 401 without a valid token; 403 for cross-site writes riding on the cookie. */
export function apiAuthHook(matches: (candidate: string) => boolean): onRequestAsyncHookHandler {
  return async (request, reply) => {
    reply.header('cache-control', 'no-store')
    const presented = presentedToken(request)
    if (presented === null || !matches(presented.token)) {
      reply.header('www-authenticate', 'Bearer realm="vigil"')
      return sendApiError(reply, 401, 'unauthorized', UNAUTHORIZED)
    }
    // SameSite=Strict still sends the cookie from another port of the same host (same site,
    // different origin), so a state-changing request authenticated only by the cookie must come
    // from our own origin.
    if (presented.via === 'cookie' && !SAFE_METHODS.has(request.method) && isCrossOrigin(request)) {
      return sendApiError(reply, 403, 'unauthorized', 'cross-origin request refused: send the token in the Authorization header')
    }
  }
}

function isCrossOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site']
  if (site !== undefined) return site !== 'same-origin' && site !== 'none'
  const origin = request.headers.origin
  if (origin === undefined) return false
  const host = request.headers.host
  return origin !== `http://${host}` && origin !== `https://${host}`
}

/** Set-Cookie value carrying the token for the browser UI. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`
}

/**
 * onRequest hook for non-API pages: `GET /any/path?token=T` with the right token sets the cookie
 * and redirects to the same path without the token (so it leaves the address bar and history);
 * a wrong token gets a 401 page. Requests without ?token= pass through.
 */
export function tokenLinkHook(matches: (candidate: string) => boolean): onRequestAsyncHookHandler {
  return async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return
    if (request.routeOptions.url?.startsWith('/api')) return
    if (!request.url.includes('token=')) return
    const url = new URL(request.url, 'http://vigil.invalid')
    const token = url.searchParams.get('token')
    if (token === null) return
    if (!matches(token)) return sendInvalidTokenPage(reply)
    url.searchParams.delete('token')
    // Only our own path: collapsing leading slashes keeps "//evil.example" from becoming an off-site redirect.
    const location = '/' + url.pathname.replace(/^[/\\]+/, '') + url.search
    return reply.header('set-cookie', tokenCookie(token)).redirect(location, 302)
  }
}

function sendInvalidTokenPage(reply: FastifyReply): FastifyReply {
  return reply
    .code(401)
    .type('text/html; charset=utf-8')
    .send(
      '<!doctype html><meta charset="utf-8"><title>Vigil: invalid token</title>' +
        '<h1>Invalid access token</h1><p>The link\'s token does not match this Vigil server. ' +
        'Use the URL that <code>vigil serve</code> printed at start-up.</p>'
    )
}
