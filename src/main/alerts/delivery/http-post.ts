// One JSON POST to a receiver with a timeout, classified the way the dispatcher needs it:
// 2xx delivered; 408, 429, 5xx and network errors retryable (honouring Retry-After); redirects
// and other 4xx permanent. Messages name the target as the receiver chooses to show it (never a
// secret) and are scrubbed of secret values.
import { DeliveryError } from './delivery-error'
import type { Redactor } from './redactor'

export interface JsonPost {
  /** The real URL (secrets expanded). */
  url: string
  body: unknown
  headers?: Record<string, string>
  /** Aborts the request (the dispatcher stopping). */
  signal: AbortSignal
  timeoutMs: number
  /** How messages name the target, e.g. `webhook "noc" (http://127.0.0.1:9999/hook)`. */
  what: string
  redactor: Redactor
}

export interface JsonPostResult {
  status: number
  /** The start of the response body (for receivers that answer 200 with an error text). */
  text: string
}

/** Longest response body read (the rest is discarded). */
const MAX_RESPONSE_BYTES = 64 * 1024

/** POSTs `body` as JSON; resolves on 2xx, throws a classified DeliveryError otherwise. */
export async function postJson(req: JsonPost): Promise<JsonPostResult> {
  const fail = (message: string, retryable: boolean, retryAfterMs: number | null = null): DeliveryError =>
    new DeliveryError(req.redactor.scrub(`${req.what}: ${message}`), retryable, retryAfterMs)
  let url: URL
  try {
    url = new URL(req.url)
  } catch {
    throw fail('the URL is not valid once secrets are expanded', false)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail(`only http and https URLs are supported, got ${url.protocol}`, false)
  const headers = new Headers({ 'content-type': 'application/json', 'user-agent': 'Vigil' })
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    try {
      headers.set(name, value)
    } catch {
      // The runtime's own message quotes the value, which may be a secret.
      throw fail(`header "${name}" has an invalid name or value (value not shown)`, false)
    }
  }
  const timeout = AbortSignal.timeout(req.timeoutMs)
  const signal = AbortSignal.any([req.signal, timeout])
  let res: Response
  let text: string
  try {
    res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(req.body), signal, redirect: 'manual' })
    text = await readText(res)
  } catch (err) {
    if (req.signal.aborted) throw fail('interrupted (Vigil is stopping)', true)
    if (timeout.aborted) throw fail(`no answer within ${req.timeoutMs} ms`, true)
    throw fail(`cannot reach it: ${networkDetail(err)}`, true)
  }
  if (res.status >= 200 && res.status < 300) return { status: res.status, text }
  const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 200)
  const statusText = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${excerpt ? `: ${excerpt}` : ''}`
  if (res.status >= 300 && res.status < 400) {
    throw fail(`${statusText} (redirects are not followed, so credentials stay with the configured host; configure the final URL)`, false)
  }
  if (res.status === 408 || res.status === 429 || res.status >= 500) {
    throw fail(statusText, true, retryAfter(res.headers.get('retry-after'), Date.now()))
  }
  throw fail(`${statusText} (rejected; not retried)`, false)
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfter(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null
  const text = header.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = Date.parse(text)
  return Number.isNaN(at) ? null : Math.max(0, at - now)
}

async function readText(res: Response): Promise<string> {
  if (!res.body) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    total += value.byteLength
    if (total >= MAX_RESPONSE_BYTES) {
      await reader.cancel().catch(() => undefined)
      break
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8')
}

function networkDetail(err: unknown): string {
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined
  return cause?.code || cause?.message || (err instanceof Error ? err.message : String(err))
}
