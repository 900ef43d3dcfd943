// The prometheus source against a scripted HTTP server (error JSON, odd values, secrets).
import { afterEach, describe, expect, it } from 'vitest'
import { prometheusSource } from '@shared/config/schema'
import { createFakeContext } from '../../../../test/helpers/fake-context'
import { jsonReply, startHttpServer, type Reply, type TestHttpServer } from '../../../../test/helpers/http-server'
import { testDeps } from '../../../../test/helpers/source-deps'
import { createPrometheusSource } from './source'

let server: TestHttpServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

function vector(result: unknown[]): Reply {
  return jsonReply({ status: 'success', data: { resultType: 'vector', result } })
}

function config(url: string, extra: Record<string, unknown> = {}) {
  return prometheusSource.parse({ id: 'prom', kind: 'prometheus', url, queries: [{ query: 'up' }], backfill: '0', ...extra })
}

describe('prometheus source over HTTP', () => {
  it('sends query and time, and keeps good samples when some values are NaN', async () => {
    server = await startHttpServer(() =>
      vector([
        { metric: { __name__: 'up', job: 'a' }, value: [1000.5, '1'] },
        { metric: { __name__: 'up', job: 'b' }, value: [1000.5, 'NaN'] }
      ])
    )
    const ctx = createFakeContext({ now: () => 1_000_500 })
    await createPrometheusSource(config(server.url), testDeps('/')).poll(ctx)
    const url = new URL(server.requests[0].url, server.url)
    expect(url.pathname).toBe('/api/v1/query')
    expect(url.searchParams.get('query')).toBe('up')
    expect(url.searchParams.get('time')).toBe('1000.500')
    expect(ctx.samples).toEqual([{ name: 'up', labels: { job: 'a' }, ts: 1_000_500, value: 1 }])
    expect(ctx.warnings).toHaveLength(1)
    expect(ctx.warnings[0]).toMatch(/^prometheus source "prom": query "up": up\{job="b"\}.* is NaN/)
  })

  it("reports Prometheus's error JSON with its type and message; the other query still writes", async () => {
    server = await startHttpServer((req) =>
      req.url.includes('broken')
        ? jsonReply({ status: 'error', errorType: 'bad_data', error: '1:7: parse error: unexpected end of input' }, 400)
        : vector([{ metric: { __name__: 'up' }, value: [1, '1'] }])
    )
    const ctx = createFakeContext()
    const cfg = config(server.url, { queries: [{ query: 'broken(' }, { query: 'up' }] })
    await createPrometheusSource(cfg, testDeps('/')).poll(ctx)
    expect(ctx.samples).toHaveLength(1)
    expect(ctx.warnings).toEqual([
      'prometheus source "prom": query "broken(": Prometheus answered HTTP 400, bad_data: 1:7: parse error: unexpected end of input'
    ])
  })

  it('fails the poll when every query fails, e.g. an HTML error page from a proxy', async () => {
    server = await startHttpServer(() => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad gateway</html>' }))
    const ctx = createFakeContext()
    await expect(createPrometheusSource(config(server.url), testDeps('/')).poll(ctx)).rejects.toThrow(
      /^prometheus source "prom": query "up": HTTP 502 Bad Gateway from http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query: <html>Bad gateway<\/html>$/
    )
  })

  it('refuses a response over max_bytes', async () => {
    server = await startHttpServer(() => vector([{ metric: { __name__: 'x'.repeat(5000) }, value: [1, '1'] }]))
    const ctx = createFakeContext()
    await expect(createPrometheusSource(config(server.url, { max_bytes: 1000 }), testDeps('/')).poll(ctx)).rejects.toThrow(
      /over the limit of 1000 bytes/
    )
  })

  it('expands secret headers at poll time and never shows their values', async () => {
    server = await startHttpServer((req) =>
      req.headers.authorization === 'Bearer tok-123' ? vector([]) : jsonReply({ status: 'error', errorType: 'auth', error: 'no' }, 401)
    )
    const env: NodeJS.ProcessEnv = {}
    const source = createPrometheusSource(config(server.url, { headers: { Authorization: 'Bearer ${secret:prom-token}' } }), testDeps('/', env))
    await expect(source.poll(createFakeContext())).rejects.toThrow(
      'prometheus source "prom": header "Authorization": secret "prom-token" is not set (set the environment variable VIGIL_SECRET_PROM_TOKEN)'
    )
    env.VIGIL_SECRET_PROM_TOKEN = 'tok-123'
    const ctx = createFakeContext()
    await source.poll(ctx)
    expect(ctx.warnings).toEqual([])
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer tok-123')
  })

  it('back-fills once per query with range queries and records that in state', async () => {
    server = await startHttpServer((req) => {
      const url = new URL(req.url, 'http://x')
      const start = Number(url.searchParams.get('start'))
      return jsonReply({
        status: 'success',
        data: { resultType: 'matrix', result: [{ metric: { __name__: 'up' }, values: [[start, '1'], [start + 60, '1']] }] }
      })
    })
    const ctx = createFakeContext({ now: () => 10_000_000 })
    const source = createPrometheusSource(config(server.url, { backfill: '1h', backfill_step: '1m' }), testDeps('/'))
    await source.backfill?.(ctx)
    const url = new URL(server.requests[0].url, server.url)
    expect(url.pathname).toBe('/api/v1/query_range')
    expect(url.searchParams.get('start')).toBe('6400.000')
    expect(url.searchParams.get('end')).toBe('10000.000')
    expect(url.searchParams.get('step')).toBe('60.000')
    expect(ctx.samples.map((s) => s.ts)).toEqual([6_400_000, 6_460_000])
    await source.backfill?.(ctx.nextRun())
    expect(server.requests).toHaveLength(1)
  })
})
