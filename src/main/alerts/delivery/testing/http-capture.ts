// Test helper: a real HTTP server on 127.0.0.1 that records every request and answers from a
// script (status codes, a held-open response, a dropped connection), then a default status.
import { createServer } from 'node:http'
import type { IncomingHttpHeaders, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface CapturedRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: string
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown
  /** The status answered (null while held or when the connection was dropped). */
  status: number | null
}

export type Scripted =
  | { status: number; body?: string; headers?: Record<string, string> }
  /** Keep the response open until release() (or close()). */
  | 'hold'
  /** Drop the connection without an answer. */
  | 'drop'

export interface HttpCapture {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string
  port: number
  requests: CapturedRequest[]
  /** Queues answers for the next requests, in order. */
  script(...answers: Scripted[]): void
  /** Answers every held request with this status. */
  release(status?: number): void
  /** Resolves once `count` requests have arrived (fails after `limitMs`). */
  waitForRequests(count: number, limitMs?: number): Promise<void>
  close(): Promise<void>
}

/** Starts a capturing server (on `port`, default any free one). */
export async function startHttpCapture(opts: { defaultStatus?: number; port?: number } = {}): Promise<HttpCapture> {
  const requests: CapturedRequest[] = []
  const queue: Scripted[] = []
  const held: { res: ServerResponse; req: CapturedRequest }[] = []
  const waiters: (() => void)[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      let json: unknown
      try {
        json = JSON.parse(body)
      } catch {
        json = undefined
      }
      const captured: CapturedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json, status: null }
      requests.push(captured)
      for (const w of waiters.splice(0)) w()
      const answer = queue.shift() ?? { status: opts.defaultStatus ?? 200 }
      if (answer === 'hold') held.push({ res, req: captured })
      else if (answer === 'drop') req.socket.destroy()
      else {
        captured.status = answer.status
        res.writeHead(answer.status, answer.headers ?? {})
        res.end(answer.body ?? '')
      }
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    script: (...answers) => queue.push(...answers),
    release: (status = 200) => {
      for (const { res, req } of held.splice(0)) {
        req.status = status
        res.writeHead(status).end()
      }
    },
    waitForRequests: async (count, limitMs = 10_000) => {
      const deadline = Date.now() + limitMs
      while (requests.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} requests, got ${requests.length}`)
        await new Promise<void>((resolve) => {
          waiters.push(resolve)
          setTimeout(resolve, 50)
        })
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const { res } of held.splice(0)) res.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** A port nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
