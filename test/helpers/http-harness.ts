// Starts the real HTTP server on 127.0.0.1:0 over a given engine, with small fetch / SSE clients.
import { request as httpRequest, type IncomingMessage } from 'node:http'
import type { Engine } from '../../src/main/engine/types'
import { startHttpServer, type HttpServer, type HttpServerOptions } from '../../src/main/server/http-server'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEngine } from '../../src/main/engine/start-engine'
import { createFakeEngine } from './fake-engine'

export const TOKEN = 'test-token-0123456789'
export const AUTH = { authorization: `Bearer ${TOKEN}` } as const

export interface TestEngine {
  engine: Engine
  cleanup(): Promise<void>
}

/** Builds an engine for the transport suite. */
export type EngineFactory = () => Promise<TestEngine>

/** The real engine on a temp data dir (DuckDB file) with only a push source, so tests see just their own writes. */
async function realEngine(): Promise<TestEngine> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-http-'))
  const configPath = join(dataDir, 'vigil.yaml')
  writeFileSync(configPath, 'version: 1\nstorage: { flush_interval: 20ms }\nsources:\n  - { id: push, kind: push }\n')
  const engine = await startEngine({ dataDir, configPath, version: '9.9.9-test', log: () => undefined })
  return {
    engine,
    cleanup: async () => {
      await engine.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

export const engineFactories: [string, EngineFactory][] = [
  ['fake engine', async () => ({ engine: createFakeEngine(), cleanup: async () => {} })],
  ['real engine', realEngine]
]

export interface TestServer extends HttpServer {
  get(path: string, headers?: Record<string, string>): Promise<Response>
  post(path: string, body?: string, headers?: Record<string, string>): Promise<Response>
}

/** Starts the server with the test token; defaults: no static dir, quiet. */
export async function startTestServer(
  engine: Engine,
  extra: Partial<Omit<HttpServerOptions, 'engine'>> = {}
): Promise<TestServer> {
  const server = await startHttpServer({ engine, host: '127.0.0.1', port: 0, token: TOKEN, staticDir: null, version: '9.9.9-test', ...extra })
  return {
    ...server,
    get: (path, headers = {}) => fetch(server.url + path, { headers, redirect: 'manual' }),
    post: (path, body, headers = {}) => fetch(server.url + path, { method: 'POST', body, headers, redirect: 'manual' })
  }
}

/** Raw HTTP request (for headers fetch will not send, chunked bodies, exact byte counts). */
export function rawRequest(
  url: string,
  opts: { method?: string; path: string; headers?: Record<string, string | number>; body?: string | Buffer; chunks?: (string | Buffer)[] }
): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url + opts.path, { method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      res.on('error', reject)
    })
    req.on('error', reject)
    if (opts.chunks) {
      for (const c of opts.chunks) req.write(c)
      req.end()
    } else {
      req.end(opts.body)
    }
  })
}

export interface SseClient {
  status: number
  headers: IncomingMessage['headers']
  /** Everything received so far. */
  text(): string
  /** Resolves once the received text satisfies the predicate; rejects after timeoutMs. */
  waitFor(predicate: (text: string) => boolean, timeoutMs?: number): Promise<string>
  /** Resolves when the server ends the stream. */
  ended: Promise<void>
  close(): void
  res: IncomingMessage
}

/** Opens GET /api/events and resolves once the response headers arrived. */
export function openSse(url: string, headers: Record<string, string> = AUTH): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url + '/api/events', { headers: { accept: 'text/event-stream', ...headers }, agent: false }, (res) => {
      let text = ''
      const waiters = new Set<() => void>()
      res.setEncoding('utf8')
      res.on('data', (d: string) => {
        text += d
        for (const w of waiters) w()
      })
      const ended = new Promise<void>((done) => {
        res.on('close', () => done())
        res.on('end', () => done())
      })
      res.on('error', () => {})
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        text: () => text,
        waitFor: (predicate, timeoutMs = 10_000) =>
          new Promise((ok, fail) => {
            const check = (): void => {
              if (predicate(text)) {
                waiters.delete(check)
                clearTimeout(timer)
                ok(text)
              }
            }
            const timer = setTimeout(() => {
              waiters.delete(check)
              fail(new Error(`SSE: condition not met within ${timeoutMs} ms; received:\n${text}`))
            }, timeoutMs)
            waiters.add(check)
            check()
          }),
        ended,
        close: () => req.destroy(),
        res
      })
    })
    req.on('error', reject)
    req.end()
  })
}

/** Polls a condition (bounded) — for effects with no event to await, e.g. an unsubscribe after a socket closes. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
