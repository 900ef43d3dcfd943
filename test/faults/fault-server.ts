// A raw TCP "HTTP" server on 127.0.0.1:0 whose answer is a script of faults: it can hang after
// accepting, drip bytes, reset the connection mid-body or send any bytes at all. node:http
// cannot misbehave like this, which is why the answers are written by hand.
import { createServer, type Socket } from 'node:net'

export interface FaultServer {
  url: string
  /** Requests received (request line and headers, as text). */
  requests: string[]
  close(): Promise<void>
}

/** What to do with one request: write raw bytes, or do something nasty. */
export type FaultScript = (socket: Socket, request: string, timers: SocketTimers) => void

/** Intervals owned by the server, cleared on close. */
export interface SocketTimers {
  every(ms: number, fn: () => void): void
}

/** Starts a server answering every request with `script`. */
export async function startFaultServer(script: FaultScript): Promise<FaultServer> {
  const sockets = new Set<Socket>()
  const intervals = new Set<ReturnType<typeof setInterval>>()
  const requests: string[] = []
  const timers: SocketTimers = {
    every(ms, fn) {
      intervals.add(setInterval(fn, ms))
    }
  }
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    let head = ''
    let answered = false
    socket.on('data', (chunk: Buffer) => {
      if (answered) return
      head += chunk.toString('latin1')
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) return
      answered = true
      requests.push(head.slice(0, end))
      script(socket, head.slice(0, end), timers)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (typeof address !== 'object' || address === null) throw new Error('fault server has no address')
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of intervals) clearInterval(t)
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  }
}

/** Response head with the given status, headers and (when given) Content-Length. */
export function head(status: number, headers: Record<string, string | number> = {}): string {
  const lines = [`HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Fault'}`, 'connection: close']
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`)
  return `${lines.join('\r\n')}\r\n\r\n`
}

/** A complete response. */
export function respond(status: number, body: string | Buffer, contentType = 'application/json'): FaultScript {
  return (socket) => {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
    socket.write(head(status, { 'content-type': contentType, 'content-length': bytes.length }))
    socket.end(bytes)
  }
}

/** The standard faults every HTTP-polling source is tested against. */
export const faults = {
  /** Accepts the connection, reads the request, never answers. */
  hang: (): FaultScript => () => undefined,
  /** Sends the head, then one byte of a never-ending body every `ms`. */
  drip:
    (ms: number): FaultScript =>
    (socket, _req, timers) => {
      socket.write(head(200, { 'content-type': 'application/json', 'content-length': 5000 }))
      socket.write('[')
      timers.every(ms, () => {
        if (!socket.destroyed) socket.write(' ')
      })
    },
  /** Sends the head and part of the body, then resets the connection (TCP RST). */
  resetMidBody: (): FaultScript => (socket) => {
    socket.write(head(200, { 'content-type': 'application/json', 'content-length': 5000 }))
    socket.write('{"value": [1, 2, 3, ', () => setTimeout(() => socket.resetAndDestroy(), 20))
  },
  /** A chunked body (no Content-Length) of `bytes` bytes: the limit must be enforced while reading. */
  chunkedBody:
    (bytes: number): FaultScript =>
    (socket) => {
      socket.write(head(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }))
      const chunk = Buffer.alloc(64 * 1024, 0x20)
      let left = bytes
      const writeSome = (): void => {
        while (left > 0 && !socket.destroyed) {
          const n = Math.min(left, chunk.length)
          left -= n
          const ok = socket.write(`${n.toString(16)}\r\n`) && socket.write(chunk.subarray(0, n)) && socket.write('\r\n')
          if (!ok) {
            socket.once('drain', writeSome)
            return
          }
        }
        if (!socket.destroyed) socket.end('0\r\n\r\n')
      }
      writeSome()
    }
}
