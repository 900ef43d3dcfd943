// End-to-end push ingest: line-protocol bodies POSTed to /api/write over keep-alive connections.
import { Agent, request } from 'node:http'

export interface HttpWriteBenchOptions {
  /** Base URL of a running server, e.g. http://127.0.0.1:4600. */
  url: string
  token: string
  /** Total samples to send (two per line). */
  samples: number
  linesPerRequest: number
  /** Requests in flight at once. */
  concurrency: number
}

export interface HttpWriteBenchResult {
  /** Samples acknowledged with 204, per second of wall time. */
  samplesPerSec: number
  samples: number
  requests: number
  seconds: number
  /** Requests that did not answer 204, with the first such answer. */
  failures: number
  firstFailure: string | null
}

const FIELDS_PER_LINE = 2

/** Builds every body first, then POSTs them with `concurrency` requests in flight; counts 204s. */
export async function benchHttpWrite(opts: HttpWriteBenchOptions): Promise<HttpWriteBenchResult> {
  const bodies = buildBodies(opts.samples, opts.linesPerRequest)
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency })
  const target = new URL('/api/write?precision=ns', opts.url)
  const headers = { authorization: `Bearer ${opts.token}`, 'content-type': 'text/plain; charset=utf-8' }
  let next = 0
  let acknowledged = 0
  let failures = 0
  let firstFailure: string | null = null

  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++]
      const { status, text } = await post(target, agent, headers, body.text)
      if (status === 204) acknowledged += body.samples
      else {
        failures++
        firstFailure ??= `HTTP ${status}: ${text.slice(0, 300)}`
      }
    }
  }

  const start = process.hrtime.bigint()
  try {
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker))
  } finally {
    agent.destroy()
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  return { samplesPerSec: acknowledged / seconds, samples: acknowledged, requests: bodies.length, seconds, failures, firstFailure }
}

/** Bodies of `linesPerRequest` lines, each line two fields, timestamps one second apart ending now. */
function buildBodies(samples: number, linesPerRequest: number): { text: string; samples: number }[] {
  const totalLines = Math.ceil(samples / FIELDS_PER_LINE)
  const startNs = BigInt(Date.now() - totalLines * 1000) * 1_000_000n
  const bodies: { text: string; samples: number }[] = []
  for (let first = 0; first < totalLines; first += linesPerRequest) {
    const lines: string[] = []
    const last = Math.min(totalLines, first + linesPerRequest)
    for (let i = first; i < last; i++) {
      const ts = startNs + BigInt(i) * 1_000_000_000n
      lines.push(`bench_cpu,host=h${i % 20},region=eu usage=${(i % 1000) / 10},idle=${80 + (i % 20) / 10} ${ts}`)
    }
    bodies.push({ text: lines.join('\n'), samples: (last - first) * FIELDS_PER_LINE })
  }
  return bodies
}

function post(url: URL, agent: Agent, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}
