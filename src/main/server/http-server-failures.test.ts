// Transport behaviour that needs a controllable engine: store rejections, read-only mode, engine
// failures, body limits and slow or vanishing event-stream clients.
import { Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { eventNames } from '@shared/api'
import { createFakeEngine, type FakeEngine, type FakeEngineOptions } from '../../../test/helpers/fake-engine'
import { AUTH, eventually, openSse, rawRequest, startTestServer, type TestServer } from '../../../test/helpers/http-harness'
import { redactToken, type HttpServerOptions } from './http-server'

let server: TestServer | null = null
let engine: FakeEngine

async function start(engineOpts: FakeEngineOptions = {}, serverOpts: Partial<HttpServerOptions> = {}): Promise<TestServer> {
  engine = createFakeEngine(engineOpts)
  server = await startTestServer(engine, serverOpts)
  return server
}

afterEach(async () => {
  await server?.close()
  server = null
})

describe('write failures', () => {
  it('reports samples the store rejected as errors on their lines, keeping the rest', async () => {
    const s = await start({ reject: (sample) => (sample.value < 0 ? 'negative values are not allowed here' : null) })
    const res = await s.post('/api/write?precision=ms', ['ok value=1 1000', 'neg a=-1,b=2 1000', 'ok value=3 2000'].join('\n'), AUTH)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: { code: 'bad_request', message: 'line 2: series "neg_a": negative values are not allowed here' },
      errors: [{ line: 2, message: 'series "neg_a": negative values are not allowed here' }],
      errorCount: 1,
      accepted: 3
    })
    expect(engine.samplesOf('neg_b').map((x) => x.value)).toEqual([2])
  })

  it('lists at most 100 errors but counts them all', async () => {
    const s = await start()
    const body = Array.from({ length: 250 }, (_, i) => (i % 2 === 0 ? `bad${i}` : `good value=${i} 1000`)).join('\n')
    const res = await s.post('/api/write?precision=ms', body, AUTH)
    const json = (await res.json()) as { errors: unknown[]; errorCount: number; accepted: number; error: { message: string } }
    expect(json.errors).toHaveLength(100)
    expect(json.errorCount).toBe(125)
    expect(json.accepted).toBe(125)
    expect(json.error.message).toMatch(/^line 1: .*\(and 124 more errors\)$/)
  })

  it('refuses writes with 403 read_only in archive mode, before reading the body', async () => {
    const s = await start({ readOnly: true })
    const res = await s.post('/api/write', 'x value=1', AUTH)
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('read_only')
    expect(engine.samplesOf('x')).toEqual([])
    // Reads still work.
    expect((await s.get('/api/health', AUTH)).status).toBe(200)
  })

  it('refuses POST /api/annotations with 403 read_only in archive mode; listing still works', async () => {
    const s = await start({ readOnly: true })
    const res = await s.post('/api/annotations', JSON.stringify({ kind: 'note', title: 'not now' }), AUTH)
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('read_only')
    expect(engine.annotations).toEqual([])
    expect((await s.get('/api/annotations', AUTH)).status).toBe(200)
  })

  it('answers 413 with the limit when a write body is too large (declared or chunked), and keeps serving', async () => {
    const s = await start({ maxPushBodyBytes: 1024 })
    const line = 'big value=1 1000\n'
    const body = line.repeat(Math.ceil(2048 / line.length))
    const declared = await rawRequest(s.url, { method: 'POST', path: '/api/write?precision=ms', headers: { ...AUTH, 'content-length': Buffer.byteLength(body) }, body })
    expect(declared.status).toBe(413)
    expect(JSON.parse(declared.body).error.message).toBe('request body is larger than the 1 KiB limit for POST /api/write; send smaller requests')
    const chunked = await rawRequest(s.url, { method: 'POST', path: '/api/write?precision=ms', headers: AUTH, chunks: [body.slice(0, 900), body.slice(900)] })
    expect(chunked.status).toBe(413)
    expect(engine.samplesOf('big')).toEqual([])
    const small = await s.post('/api/write?precision=ms', line.repeat(10), AUTH)
    expect(small.status).toBe(204)
    expect(engine.samplesOf('big')).toHaveLength(10)
  })

  it('answers 413 for an oversized RPC body', async () => {
    const s = await start()
    const res = await s.post('/api/rpc/listSeries', JSON.stringify({ match: 'x'.repeat(2 * 1024 * 1024) }), AUTH)
    expect(res.status).toBe(413)
  })

  it('answers 500 with the message (no stack) when the engine fails to store', async () => {
    const s = await start()
    engine.failPushWith = 'disk full'
    const res = await s.post('/api/write', 'x value=1', AUTH)
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ error: { code: 'internal', message: 'disk full' } })
  })
})

describe('rpc failures', () => {
  it('maps engine errors: BadRequestError → 400, anything else → 500, never a stack', async () => {
    const s = await start()
    engine.api.getHealth = async () => {
      throw new Error('store closed')
    }
    engine.api.queryRange = async () => {
      const err = new Error('step 1s over 1y gives too many points')
      err.name = 'BadRequestError'
      throw err
    }
    const health = await s.post('/api/rpc/getHealth', '{}', AUTH)
    expect(health.status).toBe(500)
    const text = await health.text()
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'store closed' } })
    expect(text).not.toContain('at ')
    const rest = await s.get('/api/health', AUTH)
    expect(rest.status).toBe(500)
    const q = await s.post('/api/rpc/queryRange', JSON.stringify({ series: 'x', from: 0, to: 1 }), AUTH)
    expect(q.status).toBe(400)
    expect(await q.json()).toEqual({ error: { code: 'bad_request', message: 'step 1s over 1y gives too many points' } })
  })
})

describe('event stream lifecycle', () => {
  it('unsubscribes from the bus when the client goes away', async () => {
    const s = await start()
    const sse = await openSse(s.url)
    await sse.waitFor((t) => t.includes(': connected'))
    expect(engine.bus.subscriptions).toBe(eventNames.length)
    sse.close()
    await eventually(() => engine.bus.subscriptions === 0, 'SSE listeners removed after the client closed')
  })

  it('sends heartbeat comments', async () => {
    const s = await start({}, { sseHeartbeatMs: 20 })
    const sse = await openSse(s.url)
    try {
      await sse.waitFor((t) => t.includes(': heartbeat\n\n'))
    } finally {
      sse.close()
    }
  })

  it('disconnects a client that does not read instead of buffering without bound', async () => {
    const s = await start({}, { sseMaxBufferedBytes: 64 * 1024 })
    const { port } = new URL(s.url)
    const socket = new Socket()
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject)
      socket.connect(Number(port), '127.0.0.1', resolve)
    })
    socket.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${AUTH.authorization}\r\n\r\n`)
    await eventually(() => engine.bus.subscriptions === eventNames.length, 'stream subscribed')
    socket.pause() // never read: kernel buffers fill, then the server's
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    socket.on('error', () => {})
    const payload = { source: 'push', series: ['x'.repeat(8 * 1024)], count: 1, maxTs: 0 }
    // Bounded: at 8 KiB per event, 20 000 events (160 MiB) is far beyond any socket buffer.
    for (let i = 0; i < 20_000 && engine.bus.subscriptions > 0; i++) {
      engine.bus.emit('samples', payload)
      if (i % 100 === 0) await new Promise((r) => setImmediate(r))
    }
    await eventually(() => engine.bus.subscriptions === 0, 'slow SSE client dropped')
    socket.destroy()
    await closed
  })

  it('ends open streams when the server closes', async () => {
    const s = await start()
    const sse = await openSse(s.url)
    await sse.waitFor((t) => t.includes(': connected'))
    await s.close()
    server = null
    await sse.ended
    expect(engine.bus.subscriptions).toBe(0)
  })
})

describe('health', () => {
  it('reports the engine sources, including pushed sample counts', async () => {
    const s = await start({ version: '1.2.3' })
    await s.post('/api/write', 'a value=1\nb value=2', AUTH)
    const res = await s.get('/api/health', AUTH)
    const { process: stats, ...health } = (await res.json()) as Record<string, unknown> & { process: Record<string, unknown> }
    expect(health).toEqual({
      status: 'ok',
      version: '1.2.3',
      sources: [{ id: 'push', kind: 'push', state: 'ok', lastSuccessAt: null, lastError: null, samples: 2, nextRunAt: null }]
    })
    // The engine's own memory and event-loop delay (soak runs read them).
    expect(stats).toMatchObject({ pid: process.pid, rssBytes: expect.any(Number), eventLoopDelay: expect.objectContaining({ p99Ms: expect.any(Number) }) })
  })
})

describe('request logging', () => {
  it('redacts the token of a token link from logged URLs', () => {
    expect(redactToken('/views/x?a=1&token=s3cret&b=2')).toBe('/views/x?a=1&token=[redacted]&b=2')
    expect(redactToken('/?TOKEN=s3cret')).toBe('/?TOKEN=[redacted]')
    expect(redactToken('/api/health')).toBe('/api/health')
  })
})
