// The two Prometheus HTTP API calls a source needs (/api/v1/query and /api/v1/query_range),
// with Prometheus's own error JSON ({status: "error", errorType, error}) turned into messages.
import { fetchLimited, httpStatusError, type LimitedResponse } from '../common/fetch-limited'
import { decodeUtf8 } from '../common/decode-utf8'
import { parseJson } from '../common/parse-json'
import type { RequestDeadline } from '../common/request-deadline'

export interface PromEndpoint {
  /** Base URL with secrets expanded, e.g. http://127.0.0.1:9090. */
  url: string
  /** Base URL as configured, for messages. */
  displayUrl: string
  headers: Record<string, string>
  maxBytes: number
  signal: AbortSignal
  /** When the request must be complete (see request-deadline.ts). */
  deadline?: RequestDeadline
}

export interface PromData {
  resultType: string
  result: unknown
}

export interface PromAnswer {
  data: PromData
  /** Prometheus's warnings (e.g. partial data), passed on to the run. */
  warnings: string[]
}

/** Calls a Prometheus API endpoint with GET and returns its `data`; throws with Prometheus's error type and message. */
export async function callPrometheus(
  endpoint: PromEndpoint,
  path: '/api/v1/query' | '/api/v1/query_range',
  params: Record<string, string>
): Promise<PromAnswer> {
  const url = `${endpoint.url.replace(/\/+$/, '')}${path}?${new URLSearchParams(params)}`
  const displayUrl = `${endpoint.displayUrl.replace(/\/+$/, '')}${path}`
  const res = await fetchLimited({ url, displayUrl, headers: endpoint.headers, maxBytes: endpoint.maxBytes, signal: endpoint.signal, deadline: endpoint.deadline })
  const body = decodeBody(res, displayUrl)
  if (isRecord(body) && body.status === 'error') {
    const type = typeof body.errorType === 'string' ? `${body.errorType}: ` : ''
    throw new Error(`Prometheus answered HTTP ${res.status}, ${type}${String(body.error ?? 'no error message')}`)
  }
  if (res.status < 200 || res.status > 299) throw httpStatusError(res, displayUrl)
  if (!isRecord(body) || body.status !== 'success' || !isRecord(body.data) || typeof body.data.resultType !== 'string') {
    throw new Error(`unexpected response from ${displayUrl}: expected {"status":"success","data":{"resultType":...}}`)
  }
  const warnings = Array.isArray(body.warnings) ? body.warnings.map(String) : []
  return { data: { resultType: body.data.resultType, result: body.data.result }, warnings }
}

function decodeBody(res: LimitedResponse, displayUrl: string): unknown {
  try {
    const what = `the response from ${displayUrl}`
    return parseJson(decodeUtf8(res.body, what), what)
  } catch (err) {
    // A proxy's HTML error page is better reported by its status than by a JSON syntax error.
    if (res.status < 200 || res.status > 299) throw httpStatusError(res, displayUrl)
    throw err
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
