// HTTP requests for sources: bounded body size, cancellable by the poll's signal, and error
// messages that name the URL as configured (secrets unexpanded) and never a header value.
import { abortReason } from './source-error'
import { truncate } from './describe-value'

export interface LimitedRequest {
  /** The URL to request (secrets expanded). */
  url: string
  /** The URL as the messages show it: the configured one, with ${secret:...} references unexpanded. */
  displayUrl: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  signal: AbortSignal
  /** Larger bodies are refused. */
  maxBytes: number
}

export interface LimitedResponse {
  status: number
  statusText: string
  contentType: string | null
  body: Buffer
}

/** Performs one request and reads the whole body, refusing bodies over `maxBytes`; throws clear Errors. */
export async function fetchLimited(req: LimitedRequest): Promise<LimitedResponse> {
  const where = safeDisplayUrl(req.displayUrl)
  if (!URL.canParse(req.url)) throw new Error(`${where} is not a valid URL once secrets are expanded`)
  const headers = buildHeaders(req.headers ?? {})
  const res = await fetchFollowingSameOrigin(req, headers, where)
  const declared = Number(res.headers.get('content-length') ?? NaN)
  if (Number.isFinite(declared) && declared > req.maxBytes) {
    await res.body?.cancel().catch(() => undefined)
    throw new Error(`response from ${where} is ${declared} bytes, over the limit of ${req.maxBytes} bytes`)
  }
  const body = await readBody(res, req, where)
  return { status: res.status, statusText: res.statusText, contentType: res.headers.get('content-type'), body }
}

/** `HTTP 500 Internal Server Error from <url>: <start of the body>`. */
export function httpStatusError(res: LimitedResponse, displayUrl: string): Error {
  const excerpt = truncate(res.body.subarray(0, 1000).toString('utf8').replace(/\s+/g, ' ').trim(), 200)
  const status = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`
  return new Error(`${status} from ${safeDisplayUrl(displayUrl)}${excerpt ? `: ${excerpt}` : ' (empty body)'}`)
}

/** The configured URL without any password written into it. */
export function safeDisplayUrl(url: string): string {
  return url.replace(/^(\w+:\/\/[^/@:]*):[^/@]*@/, '$1:***@')
}

class BodyTooLarge extends Error {}

const MAX_REDIRECTS = 5

/** Follows redirects only within the same origin, so configured credentials never go to another host. */
async function fetchFollowingSameOrigin(req: LimitedRequest, headers: Headers, where: string): Promise<Response> {
  let url = req.url
  for (let hop = 0; ; hop++) {
    let res: Response
    try {
      res = await fetch(url, { method: req.method ?? 'GET', headers, body: req.body, signal: req.signal, redirect: 'manual' })
    } catch (err) {
      throw requestFailure(err, req.signal, where)
    }
    const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null
    if (location === null) return res
    await res.body?.cancel().catch(() => undefined)
    const next = new URL(location, url)
    if (next.origin !== new URL(url).origin) {
      throw new Error(`${where} redirects to another origin (${next.origin}); not followed so credentials stay with the configured host — configure the final URL instead`)
    }
    if (hop >= MAX_REDIRECTS) throw new Error(`${where} redirected more than ${MAX_REDIRECTS} times`)
    url = next.toString()
  }
}

function buildHeaders(input: Record<string, string>): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(input)) {
    try {
      headers.set(name, value)
    } catch {
      // The runtime's own message quotes the value, which may be a secret.
      throw new Error(`header "${name}" has an invalid name or value (value not shown)`)
    }
  }
  return headers
}

async function readBody(res: Response, req: LimitedRequest, where: string): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0)
  const reader = res.body.getReader()
  const chunks: Buffer[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > req.maxBytes) {
        await reader.cancel().catch(() => undefined)
        throw new BodyTooLarge(`response from ${where} is over the limit of ${req.maxBytes} bytes`)
      }
      chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength))
    }
  } catch (err) {
    if (err instanceof BodyTooLarge) throw err
    throw requestFailure(err, req.signal, where)
  }
  return Buffer.concat(chunks, total)
}

function requestFailure(err: unknown, signal: AbortSignal, where: string): Error {
  if (signal.aborted) return new Error(`request to ${where} aborted: ${abortReason(signal)}`)
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined
  const detail = cause?.message || cause?.code || (err instanceof Error ? err.message : String(err))
  return new Error(`cannot reach ${where}: ${detail}`)
}
