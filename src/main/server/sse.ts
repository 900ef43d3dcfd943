// GET /api/events: the contract's push events as Server-Sent Events.
//
// Each bus event becomes `event: <name>\ndata: <json>\n\n`. A comment line every heartbeat keeps
// proxies and idle timers from closing the stream. A client that cannot keep up is disconnected
// (EventSource reconnects and the UI refetches) instead of buffering without bound in the server.
import type { ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import { eventNames } from '@shared/api'
import type { Engine } from '../engine/types'
import { SECURITY_HEADERS } from './security-headers'

export interface SseOptions {
  engine: Engine
  /** Interval of the keep-alive comment; 15 s by default. */
  heartbeatMs?: number
  /** A stream with more than this many bytes waiting for the client is closed; 1 MiB by default. */
  maxBufferedBytes?: number
}

/** Registers GET /events (under /api); open streams are ended when the server closes. */
export async function registerSse(app: FastifyInstance, opts: SseOptions): Promise<void> {
  const heartbeatMs = opts.heartbeatMs ?? 15_000
  const maxBuffered = opts.maxBufferedBytes ?? 1024 * 1024
  const open = new Set<ServerResponse>()

  app.addHook('preClose', async () => {
    for (const res of open) res.end()
  })

  // No automatic HEAD route: a HEAD request would otherwise hold a subscription open with no body.
  app.get('/events', { exposeHeadRoute: false }, (request, reply) => {
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no'
    })
    open.add(res)

    let closed = false
    const write = (chunk: string): void => {
      if (closed) return
      if (res.writableLength > maxBuffered) {
        request.log.warn('SSE client is not keeping up; closing its stream')
        res.destroy()
        return
      }
      res.write(chunk)
    }

    const unsubscribe = eventNames.map((name) =>
      opts.engine.bus.on(name, (payload) => write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`))
    )
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs)
    heartbeat.unref()

    res.on('close', () => {
      closed = true
      clearInterval(heartbeat)
      for (const off of unsubscribe) off()
      open.delete(res)
    })

    // Tells the client how soon to reconnect and that the subscription is live.
    write('retry: 2000\n: connected\n\n')
  })
}
