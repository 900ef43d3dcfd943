// The renderer's tsconfig has DOM types and no node types, so the server side is a stubbed
// global fetch answering with real Response objects (as the browser's fetch would).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { requestNames } from '@shared/api'
import { createHttpBridge } from './http-bridge'

interface Call {
  url: string
  init: RequestInit | undefined
}

/** Stubs the global fetch with `respond`; returns the recorded calls. */
function stubFetch(respond: (url: string, init: RequestInit | undefined) => Response | Promise<Response>): Call[] {
  const calls: Call[] = []
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    calls.push({ url, init })
    return respond(url, init)
  })
  return calls
}

const json = (status: number, body: unknown) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

const noEvents = () => {
  throw new Error('no EventSource in this test')
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('createHttpBridge', () => {
  it('has one function per contract request', () => {
    const { bridge } = createHttpBridge({ createEventSource: noEvents })
    for (const name of requestNames) expect(typeof bridge[name], name).toBe('function')
    expect(typeof bridge.on).toBe('function')
  })

  it('POSTs the JSON arguments to the page-relative api/rpc/<name> with same-origin credentials', async () => {
    const calls = stubFetch(() => json(200, [{ series: 'e2e_probe', labels: {}, ts: 1, value: 42.5 }]))
    const { bridge } = createHttpBridge({ createEventSource: noEvents })
    const result = await bridge.latest({ series: 'e2e_probe', labels: { a: 'b' } })
    expect(result).toEqual([{ series: 'e2e_probe', labels: {}, ts: 1, value: 42.5 }])
    expect(calls).toEqual([
      {
        url: 'api/rpc/latest',
        init: {
          method: 'POST',
          body: '{"series":"e2e_probe","labels":{"a":"b"}}',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' }
        }
      }
    ])
  })

  it('sends {} for argument-less requests and honours baseUrl', async () => {
    const calls = stubFetch(() => json(200, { status: 'ok', version: '1', sources: [] }))
    const { bridge } = createHttpBridge({ baseUrl: '/vigil/', createEventSource: noEvents })
    await expect(bridge.getHealth({})).resolves.toEqual({ status: 'ok', version: '1', sources: [] })
    expect(calls[0].url).toBe('/vigil/api/rpc/getHealth')
    expect(calls[0].init?.body).toBe('{}')
  })

  it("throws the server's error message", async () => {
    stubFetch(() => json(400, { error: { code: 'bad_request', message: '"to" must be after "from"' } }))
    const { bridge } = createHttpBridge({ createEventSource: noEvents })
    await expect(bridge.queryRange({ series: 's', from: 2, to: 1 })).rejects.toThrow('"to" must be after "from"')
  })

  it('names the request and status when the error body is not the API shape', async () => {
    stubFetch(() => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }))
    const { bridge } = createHttpBridge({ createEventSource: noEvents })
    await expect(bridge.getHealth({})).rejects.toThrow('getHealth: the server answered HTTP 502 Bad Gateway')
  })

  it('rejects a success answer that is not JSON', async () => {
    stubFetch(() => new Response('oops', { status: 200 }))
    const { bridge } = createHttpBridge({ createEventSource: noEvents })
    await expect(bridge.listSeries({})).rejects.toThrow('listSeries: the server answered HTTP 200 with a body that is not JSON')
  })

  it('says when the server cannot be reached', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')))
    const { bridge } = createHttpBridge({ createEventSource: noEvents })
    await expect(bridge.getAppInfo({})).rejects.toThrow('getAppInfo: cannot reach the Vigil server (Failed to fetch)')
  })

  it('subscribes events through one EventSource on api/events', () => {
    const urls: string[] = []
    const { bridge, connection } = createHttpBridge({
      createEventSource: (url) => {
        urls.push(url)
        return { readyState: 0, onopen: null, onerror: null, addEventListener: () => {}, close: () => {} }
      }
    })
    bridge.on('samples', () => {})
    bridge.on('sourceState', () => {})
    expect(urls).toEqual(['api/events'])
    expect(connection.get()).toBe('connecting')
  })
})
