// The API over HTTP for `vigil serve`: derived from the contract's request and event names, so
// a new contract entry needs no change here. Requests: POST api/rpc/<name> with the JSON
// arguments; events: the shared EventSource on api/events. URLs are relative to the page.
import { requestNames, type RequestName } from '@shared/api-names'
import type { ApiErrorBody, VigilApi, VigilBridge } from '@shared/api'
import type { ConnectionState } from './connection'
import { createEventStream, type EventSourceFactory, type Scheduler } from './event-stream'

export interface HttpBridgeOptions {
  /** Prefix for the relative URLs ("" in the browser; an absolute origin in tests). */
  baseUrl?: string
  fetch?: typeof fetch
  createEventSource: EventSourceFactory
  scheduler?: Scheduler
}

/** Builds the HTTP bridge and the status of its event connection. */
export function createHttpBridge(options: HttpBridgeOptions): { bridge: VigilBridge; connection: ConnectionState } {
  const base = options.baseUrl ?? ''
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const stream = createEventStream({
    url: `${base}api/events`,
    createEventSource: options.createEventSource,
    scheduler: options.scheduler
  })
  const api = Object.fromEntries(
    requestNames.map((name) => [name, (args: unknown) => callRpc(doFetch, `${base}api/rpc/${name}`, name, args)])
  ) as unknown as VigilApi
  return { bridge: { ...api, on: stream.on }, connection: stream.connection }
}

async function callRpc(doFetch: typeof fetch, url: string, name: RequestName, args: unknown): Promise<unknown> {
  let res: Response
  try {
    res = await doFetch(url, {
      method: 'POST',
      body: JSON.stringify(args ?? {}),
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' }
    })
  } catch (err) {
    throw new Error(`${name}: cannot reach the Vigil server (${err instanceof Error ? err.message : String(err)})`)
  }
  const text = await res.text()
  if (!res.ok) throw new Error(errorMessage(name, res, text))
  try {
    return JSON.parse(text)
  } catch {
    throw new Error(`${name}: the server answered HTTP ${res.status} with a body that is not JSON`)
  }
}

/** The server's `{error:{message}}` when present, else a message naming the request and status. */
function errorMessage(name: RequestName, res: Response, text: string): string {
  try {
    const body = JSON.parse(text) as Partial<ApiErrorBody>
    const message = body?.error?.message
    if (typeof message === 'string' && message !== '') return message
  } catch {
    // not JSON: fall through to the generic message
  }
  return `${name}: the server answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`
}
