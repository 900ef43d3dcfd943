// Headers every response carries: no MIME sniffing, no referrer leaks, a strict CSP for the UI.
import type { FastifyInstance } from 'fastify'

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'"

/** The security headers as a plain object (also used by hijacked responses such as SSE). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // Applied to every response, not only HTML: harmless for JSON and covers error pages too.
  'content-security-policy': CONTENT_SECURITY_POLICY
}

/** Adds SECURITY_HEADERS to every reply of this instance (and its children). */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(SECURITY_HEADERS)
    return payload
  })
}
