// A real HTTP server on 127.0.0.1:0 for source tests; records requests and answers via a handler.
import { createServer, type IncomingHttpHeaders } from 'node:http'

export interface RecordedRequest {
  method: string
  /** Path and query, e.g. /api/v1/query?query=up */
  url: string
  headers: IncomingHttpHeaders
  body: string
}

export type Reply =
  | {
      status?: number
      headers?: Record<string, string>
      /** Sent with a Content-Length header. */
      body?: string | Buffer
      /** Sent with chunked encoding (no Content-Length), one write each. */
      chunks?: Array<string | Buffer>
    }
  /** Never answers (until the server closes). */
  | 'hang'

export interface TestHttpServer {
  url: string
  requests: RecordedRequest[]
  close(): Promise<void>
}

/** Starts a server whose every request is answered by `handler` (JSON helpers: see jsonReply). */
export async function startHttpServer(handler: (req: RecordedRequest) => Reply | Promise<Reply>): Promise<TestHttpServer> {
  const requests: RecordedRequest[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8')
      }
      requests.push(recorded)
      Promise.resolve(handler(recorded))
        .then((reply) => {
          if (reply === 'hang') return
          if (reply.chunks) {
            res.writeHead(reply.status ?? 200, reply.headers ?? {})
            for (const c of reply.chunks) res.write(c)
            res.end()
          } else {
            const body = reply.body ?? ''
            res.writeHead(reply.status ?? 200, { 'content-length': String(Buffer.byteLength(body)), ...reply.headers })
            res.end(body)
          }
        })
        .catch((err: unknown) => {
          res.writeHead(599)
          res.end(String(err))
        })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (typeof address !== 'object' || address === null) throw new Error('test server has no address')
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** A 200 (or given status) JSON reply. */
export function jsonReply(value: unknown, status = 200): Reply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) }
}
