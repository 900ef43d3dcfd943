// Transport faults against every source that polls over HTTP (http-json, prometheus, and the
// predictions source's http-json format): hang, slow drip, reset mid-body, 5xx, oversized bodies
// and broken encodings. Each must end in a clear error state naming the source and the fault,
// while a healthy source in the same scheduler keeps polling on schedule.
import { afterEach, describe, expect, it } from 'vitest'
import { httpJsonSource, predictionsSource, prometheusSource } from '@shared/config/schema'
import { createHttpJsonSource } from '../../src/main/sources/http-json'
import { createPredictionsSource } from '../../src/main/sources/predictions'
import { createPrometheusSource } from '../../src/main/sources/prometheus'
import type { ScheduledSource } from '../../src/main/sources/scheduler'
import { testDeps } from '../helpers/source-deps'
import { faults, respond, startFaultServer, type FaultScript, type FaultServer } from './fault-server'
import { minimumHealthyPolls, runWithFault, type FaultRun } from './harness'

// 2 s: the request deadline (90%) must beat the scheduler's abort even on a loaded machine.
const TIMEOUT_MS = 2000
const INTERVAL_MS = 150
const MAX_BYTES = 10_000

interface Kind {
  kind: 'http-json' | 'prometheus' | 'predictions'
  /** A valid answer for this kind. */
  validBody: string
  entry(url: string): ScheduledSource
}

const common = { id: 'f', interval: `${INTERVAL_MS}ms`, timeout: `${TIMEOUT_MS}ms`, max_bytes: MAX_BYTES }

const kinds: Kind[] = [
  {
    kind: 'http-json',
    validBody: JSON.stringify({ value: 5, team: 'crm' }),
    entry: (url) => {
      const cfg = httpJsonSource.parse({ ...common, kind: 'http-json', url: `${url}/metrics`, metrics: [{ series: 'crm_value', path: '$.value', label_paths: { team: '$.team' } }] })
      return { source: createHttpJsonSource(cfg, testDeps('/')), intervalMs: cfg.interval, timeoutMs: cfg.timeout }
    }
  },
  {
    kind: 'prometheus',
    validBody: JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'x' }, value: [1714557600, '1'] }] } }),
    entry: (url) => {
      const cfg = prometheusSource.parse({ ...common, kind: 'prometheus', url, backfill: '0s', queries: [{ query: 'up' }] })
      return { source: createPrometheusSource(cfg, testDeps('/')), intervalMs: cfg.interval, timeoutMs: cfg.timeout }
    }
  },
  {
    kind: 'predictions',
    validBody: JSON.stringify([{ timestamp: 1714557600000, model: 'fraud', prediction: 1, id: 'a' }]),
    entry: (url) => {
      const cfg = predictionsSource.parse({ ...common, kind: 'predictions', format: 'http-json', url: `${url}/preds` })
      return { source: createPredictionsSource(cfg, testDeps('/')), intervalMs: cfg.interval, timeoutMs: cfg.timeout }
    }
  }
]

let server: FaultServer | undefined
let run: FaultRun | undefined
afterEach(async () => {
  await run?.close()
  await server?.close()
  run = undefined
  server = undefined
})

/** Serves `script`, runs the kind's source against it until it has failed, and checks the healthy source kept going. */
async function failingRun(k: Kind, script: FaultScript): Promise<FaultRun> {
  server = await startFaultServer(script)
  run = await runWithFault(k.entry(server.url), { until: (h) => (h.consecutiveFailures ?? 0) >= 1 })
  expect(run.faulty.state).toBe('error')
  expect(run.faulty.lastError).toMatch(new RegExp(`^${k.kind} source "f": `))
  // Never blocked: the healthy source kept its schedule (generous tolerance) and never failed.
  expect(run.healthy).toMatchObject({ state: 'ok', consecutiveFailures: 0 })
  expect(run.healthyPolls).toBeGreaterThanOrEqual(minimumHealthyPolls(run.elapsedMs))
  return run
}

const URL_RE = 'http://127\\.0\\.0\\.1:\\d+/\\S*'

/** The valid body with one byte made invalid UTF-8 inside a string (or, failing that, at the end). */
function withInvalidUtf8(body: string): Buffer {
  const bytes = Buffer.from(body, 'utf8')
  const quote = bytes.indexOf(0x22, bytes.indexOf(0x22) + 1)
  return Buffer.concat([bytes.subarray(0, quote), Buffer.from([0xff, 0xfe]), bytes.subarray(quote)])
}

describe.each(kinds)('$kind source under transport faults', (k) => {
  it('hang (connection accepted, no answer): no response, timed out, the poll deadline wins', async () => {
    const r = await failingRun(k, faults.hang())
    expect(r.faulty.lastError).toMatch(new RegExp(`no response from ${URL_RE}: timed out after 2s \\(server hung or unreachable\\)`))
  })

  it('slow drip (a byte every 300 ms: never idle long enough for an idle timeout): stopped by the total deadline', async () => {
    const r = await failingRun(k, faults.drip(300))
    expect(r.faulty.lastError).toMatch(new RegExp(`the response from ${URL_RE} did not finish: timed out after 2s with \\d+ bytes received`))
  })

  it('connection reset mid-body: says the connection broke and how much had arrived', async () => {
    const r = await failingRun(k, faults.resetMidBody())
    expect(r.faulty.lastError).toMatch(new RegExp(`the connection to ${URL_RE} broke after \\d+ bytes of the response`))
  })

  it('HTTP 503 with an HTML error page: names the status and quotes the body', async () => {
    const r = await failingRun(k, respond(503, '<html><body>upstream down</body></html>', 'text/html'))
    expect(r.faulty.lastError).toMatch(new RegExp(`HTTP 503 Fault from ${URL_RE}: <html><body>upstream down`))
  })

  it('oversized body with Content-Length: refused before reading, naming the limit', async () => {
    const r = await failingRun(k, respond(200, ' '.repeat(MAX_BYTES * 2)))
    expect(r.faulty.lastError).toMatch(new RegExp(`is ${MAX_BYTES * 2} bytes, over the limit of ${MAX_BYTES} bytes \\(max_bytes\\)`))
  })

  it('oversized chunked body (no length): cut off while reading, naming the limit', async () => {
    const r = await failingRun(k, faults.chunkedBody(50 * MAX_BYTES))
    expect(r.faulty.lastError).toMatch(new RegExp(`response from ${URL_RE} is over the limit of ${MAX_BYTES} bytes \\(max_bytes\\)`))
  })

  it('invalid UTF-8: refused with the byte offset instead of storing replacement characters', async () => {
    const body = withInvalidUtf8(k.validBody)
    const r = await failingRun(k, respond(200, body))
    const at = body.indexOf(0xff)
    expect(r.faulty.lastError).toMatch(new RegExp(`the response from ${URL_RE} is not valid UTF-8 \\(byte ${at}: 0xff\\)`))
  })

  it('wrong content-type (an HTML login page with 200): not valid JSON, located', async () => {
    const r = await failingRun(k, respond(200, '<!doctype html><form>login</form>', 'text/html'))
    expect(r.faulty.lastError).toMatch(/is not valid JSON: .* at line 1, column 1/)
  })

  it('truncated JSON: not valid JSON, with the position where it ends', async () => {
    const cut = k.validBody.slice(0, Math.floor(k.validBody.length / 2))
    const r = await failingRun(k, respond(200, cut))
    expect(r.faulty.lastError).toMatch(new RegExp(`is not valid JSON: .* at line 1, column \\d+ \\(position \\d+\\)`))
  })

  it('recovers to ok once the server answers properly again', async () => {
    let broken = true
    server = await startFaultServer((socket, req, timers) => (broken ? faults.hang() : respond(200, k.validBody))(socket, req, timers))
    run = await runWithFault(k.entry(server.url), {
      until: (h, reports) => {
        if (h.state === 'error') broken = false
        return h.state === 'ok' && reports.some((x) => x.state === 'error')
      }
    })
    expect(run.faulty).toMatchObject({ state: 'ok', lastError: null, consecutiveFailures: 0 })
    expect(run.faulty.samples).toBeGreaterThan(0)
  })
})
