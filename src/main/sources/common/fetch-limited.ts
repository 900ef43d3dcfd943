// HTTP requests for sources: bounded body size, a total deadline (not just an idle timeout, so
// a server dripping a byte a second cannot hold a poll), cancellable by the poll's signal, and
// error messages that name the URL as configured (secrets unexpanded) and never a header value.
import { formatDuration } from '@shared/duration'
import { abortReason } from './source-error'
import type { RequestDeadline } from './request-deadline'
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
  /** When the whole exchange (connect, headers, body) must be done (see request-deadline.ts); none = only `signal`. */
  deadline?: RequestDeadline
}

export interface LimitedResponse {
  status: number
  statusText: string
  contentType: string | null
  body: Buffer
}

/** Performs one request and reads the whole body, refusing bodies over `maxBytes` and requests past `deadline`; throws clear Errors. */
export async function fetchLimited(req: LimitedRequest): Promise<LimitedResponse> {
  const where = safeDisplayUrl(req.displayUrl)
  if (!URL.canParse(req.url)) throw new Error(`${where} is not a valid URL once secrets are expanded`)
  const headers = buildHeaders(req.headers ?? {})
  const deadline = new Deadline(req.deadline)
  const signal = deadline.combine(req.signal)
  const scoped: LimitedRequest = { ...req, signal }
  try {
    const res = await fetchFollowingSameOrigin(scoped, headers, where, deadline)
    const declared = Number(res.headers.get('content-length') ?? NaN)
    if (Number.isFinite(declared) && declared > req.maxBytes) {
      await res.body?.cancel().catch(() => undefined)
      throw new Error(`response from ${where} is ${declared} bytes, over the limit of ${req.maxBytes} bytes (max_bytes)`)
    }
    deadline.phase = 'body'
    const body = await readBody(res, scoped, where, deadline)
    return { status: res.status, statusText: res.statusText, contentType: res.headers.get('content-type'), body }
  } finally {
    deadline.clear()
  }
}

/** The request's own total deadline, and which part of the exchange it interrupted. */
class Deadline {
  phase: 'response' | 'body' = 'response'
  received = 0
  private readonly controller = new AbortController()
  private timer: ReturnType<typeof setTimeout> | null = null
  private readonly budgetMs: number | null

  constructor(private readonly spec: RequestDeadline | undefined) {
    this.budgetMs = spec === undefined ? null : Math.max(0, spec.at - Date.now())
  }

  /** A signal aborted by `outer` or by this deadline. */
  combine(outer: AbortSignal): AbortSignal {
    if (this.budgetMs === null) return outer
    const ms = this.budgetMs
    this.timer = setTimeout(() => this.controller.abort(new Error('request deadline passed')), ms)
    return AbortSignal.any([outer, this.controller.signal])
  }

  /** True when this deadline (not the poll's signal) stopped the request. */
  get expired(): boolean {
    return this.controller.signal.aborted
  }

  /** What the expiry means, in words: no answer at all, or a body that did not finish. */
  describe(where: string): string {
    const after = `timed out after ${formatDuration(this.spec?.timeoutMs ?? 0)}`
    if (this.phase === 'response') return `no response from ${where}: ${after} (server hung or unreachable)`
    return `the response from ${where} did not finish: ${after} with ${this.received} bytes received (server too slow or stalled)`
  }

  clear(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }
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
async function fetchFollowingSameOrigin(req: LimitedRequest, headers: Headers, where: string, deadline: Deadline): Promise<Response> {
  let url = req.url
  for (let hop = 0; ; hop++) {
    let res: Response
    try {
      res = await fetch(url, { method: req.method ?? 'GET', headers, body: req.body, signal: req.signal, redirect: 'manual' })
    } catch (err) {
      throw requestFailure(err, req.signal, where, deadline)
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

async function readBody(res: Response, req: LimitedRequest, where: string, deadline: Deadline): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0)
  const reader = res.body.getReader()
  const chunks: Buffer[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      deadline.received = total
      if (total > req.maxBytes) {
        await reader.cancel().catch(() => undefined)
        throw new BodyTooLarge(`response from ${where} is over the limit of ${req.maxBytes} bytes (max_bytes)`)
      }
      chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength))
    }
  } catch (err) {
    if (err instanceof BodyTooLarge) throw err
    throw requestFailure(err, req.signal, where, deadline)
  }
  return Buffer.concat(chunks, total)
}

function requestFailure(err: unknown, signal: AbortSignal, where: string, deadline: Deadline): Error {
  if (deadline.expired) return new Error(deadline.describe(where))
  if (signal.aborted) return new Error(`request to ${where} aborted: ${abortReason(signal)}`)
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined
  const detail = cause?.message || cause?.code || (err instanceof Error ? err.message : String(err))
  if (deadline.phase === 'body') return new Error(`the connection to ${where} broke after ${deadline.received} bytes of the response: ${detail}`)
  return new Error(`cannot reach ${where}: ${detail}`)
}
