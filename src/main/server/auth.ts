// Token auth for the API, roles, and the "open the UI with ?token=" cookie flow.
//
// Every /api/* route needs `Authorization: Bearer <token>` or the `vigil_token` cookie. The token
// says the role (viewer, operator or admin: roles.ts); a valid token whose role is too low for the
// route gets 403 naming the role needed and the role presented. The UI's static files are served
// without the token: they are the same for everyone and hold no data; every piece of data they
// show comes through the API.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import { sendApiError, pathOf } from './api-errors'
import type { LoginAudit } from './login-audit'
import { requiredRole, roleAllows, ROLES, type Role } from './roles'

export const TOKEN_COOKIE = 'vigil_token'

/** One token per role; a role without a token cannot be used. */
export type RoleTokens = Partial<Record<Role, string>>

/** Maps a presented token to its role (null: no role has it), comparing in constant time. */
export type RoleCheck = (candidate: string) => Role | null

/** Compares a presented token with each role's token in constant time (hashing first hides the length). */
export function createRoleCheck(tokens: RoleTokens): RoleCheck {
  const expected = ROLES.flatMap((role) => {
    const token = tokens[role]
    if (token === undefined) return []
    if (token.length === 0) throw new Error(`the HTTP server needs a non-empty ${role} token`)
    return [{ role, digest: sha256(token) }]
  })
  if (expected.length === 0) throw new Error('the HTTP server needs at least one access token')
  const digests = new Set(expected.map((e) => e.digest.toString('hex')))
  if (digests.size !== expected.length) throw new Error('each role needs its own token: two roles were given the same token')
  return (candidate) => {
    const digest = sha256(candidate)
    let found: Role | null = null
    // Every role is compared, so the time taken does not say which one matched.
    for (const e of expected) if (timingSafeEqual(digest, e.digest) && found === null) found = e.role
    return found
  }
}

/** Compares a presented token with the expected one in constant time (one token: admin). */
export function createTokenCheck(token: string): (candidate: string) => boolean {
  const check = createRoleCheck({ admin: token })
  return (candidate) => check(candidate) !== null
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

/** Who made an authenticated API request. */
export interface RequestActor {
  role: Role
  via: 'bearer' | 'cookie'
}

const actors = new WeakMap<FastifyRequest, RequestActor>()

/** The role and transport of an API request that passed apiAuthHook. */
export function actorOf(request: FastifyRequest): RequestActor {
  const actor = actors.get(request)
  if (!actor) throw new Error(`${request.method} ${pathOf(request)}: no authenticated actor (the auth hook did not run)`)
  return actor
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

/**
 * onRequest hook for the API scope: 401 without a valid token; 403 when the token's role is below
 * the route's (roles.ts) and for cross-site writes riding on the cookie. Cookie-authenticated
 * answers renew the cookie, so a wallboard that keeps polling never loses it (browsers cap cookie
 * lifetimes at about 400 days).
 */
export function apiAuthHook(check: RoleCheck, logins: LoginAudit | null = null): onRequestAsyncHookHandler {
  return async (request, reply) => {
    reply.header('cache-control', 'no-store')
    const presented = presentedToken(request)
    const role = presented === null ? null : check(presented.token)
    if (presented === null || role === null) {
      if (presented !== null) await logins?.failed(request.ip, presented.via)
      reply.header('www-authenticate', 'Bearer realm="vigil"')
      return sendApiError(reply, 401, 'unauthorized', UNAUTHORIZED)
    }
    // SameSite=Strict still sends the cookie from another port of the same host (same site,
    // different origin), so a state-changing request authenticated only by the cookie must come
    // from our own origin.
    if (presented.via === 'cookie' && !SAFE_METHODS.has(request.method) && isCrossOrigin(request)) {
      return sendApiError(reply, 403, 'unauthorized', 'cross-origin request refused: send the token in the Authorization header')
    }
    const need = requiredRole(request.method, request.routeOptions.url ?? '')
    if (need === null) {
      // Unreachable while http-server.ts checks every route at registration; refuse rather than guess.
      return sendApiError(reply, 403, 'unauthorized', `${request.method} ${pathOf(request)} has no access rule; it is refused for every role`)
    }
    if (!roleAllows(role, need)) {
      return sendApiError(reply, 403, 'unauthorized', `${request.method} ${pathOf(request)} needs the ${need} role (or higher); this token has the ${role} role`)
    }
    actors.set(request, { role, via: presented.via })
    if (presented.via === 'cookie') reply.header('set-cookie', tokenCookie(presented.token))
    await logins?.succeeded(role, presented.via, request.ip)
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

/** The cookie's lifetime: browsers cap it at about 400 days, and every API answer renews it. */
const COOKIE_MAX_AGE_S = 400 * 86_400

/** Set-Cookie value carrying the token for the browser UI (persistent: a wallboard survives browser restarts). */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${COOKIE_MAX_AGE_S}`
}

/**
 * onRequest hook for non-API pages: `GET /any/path?token=T` with the right token sets the cookie
 * and redirects to the same path without the token (so it leaves the address bar and history);
 * a wrong token gets a 401 page. Requests without ?token= pass through.
 */
export function tokenLinkHook(check: RoleCheck, logins: LoginAudit | null = null): onRequestAsyncHookHandler {
  return async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return
    if (request.routeOptions.url?.startsWith('/api')) return
    if (!request.url.includes('token=')) return
    const url = new URL(request.url, 'http://vigil.invalid')
    const token = url.searchParams.get('token')
    if (token === null) return
    const role = check(token)
    if (role === null) {
      await logins?.failed(request.ip, 'cookie')
      return sendInvalidTokenPage(reply)
    }
    await logins?.linkLogin(role, request.ip)
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
