// The http-json source against a real HTTP server on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest'
import { httpJsonSource } from '@shared/config/schema'
import { createFakeContext } from '../../../../test/helpers/fake-context'
import { jsonReply, startHttpServer, type Reply, type TestHttpServer } from '../../../../test/helpers/http-server'
import { testDeps } from '../../../../test/helpers/source-deps'
import { createHttpJsonSource } from './source'

let server: TestHttpServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0)

async function serve(reply: Reply | ((body: string) => Reply)): Promise<string> {
  server = await startHttpServer((req) => (typeof reply === 'function' ? reply(req.body) : reply))
  return `${server.url}/metrics`
}

function source(url: string, metrics: unknown[], extra: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}) {
  const cfg = httpJsonSource.parse({ id: 'crm', kind: 'http-json', url, metrics, ...extra })
  return createHttpJsonSource(cfg, testDeps('/', env))
}

describe('http-json source', () => {
  it('maps nested values, booleans and array items with per-item labels and timestamps', async () => {
    const url = await serve(
      jsonReply({
        data: { revenue: '1234.5', healthy: true, updated: '2024-05-01T10:00:00Z' },
        regions: [
          { name: 'eu', users: 10, at: 1714557600 },
          { name: 'us', users: '20', at: 1714557600000 },
          { name: 'apac', users: 30, at: '2024-05-01 10:00:00' }
        ]
      })
    )
    const ctx = createFakeContext({ now: () => NOW })
    await source(url, [
      { series: 'revenue', path: '$.data.revenue', unit: 'EUR', timestamp_path: '$.data.updated' },
      { series: 'healthy', path: '$.data.healthy', labels: { tier: 'gold' } },
      { series: 'users', items: '$.regions', path: '$.users', label_paths: { region: '$.name' }, timestamp_path: '$.at' }
    ]).poll(ctx)
    expect(ctx.warnings).toEqual([])
    const at = Date.UTC(2024, 4, 1, 10, 0, 0)
    expect(ctx.samples).toEqual([
      { name: 'revenue', labels: {}, ts: at, value: 1234.5, unit: 'EUR' },
      { name: 'healthy', labels: { tier: 'gold' }, ts: NOW, value: 1 },
      { name: 'users', labels: { region: 'eu' }, ts: at, value: 10 },
      { name: 'users', labels: { region: 'us' }, ts: at, value: 20 },
      { name: 'users', labels: { region: 'apac' }, ts: at, value: 30 }
    ])
  })

  it('accepts items given as a wildcard path', async () => {
    const url = await serve(jsonReply({ rows: [{ v: 1 }, { v: 2 }] }))
    const ctx = createFakeContext()
    await source(url, [{ series: 'v', items: '$.rows[*]', path: '$.v' }]).poll(ctx)
    expect(ctx.samples.map((s) => s.value)).toEqual([1, 2])
  })

  it('warns about each bad value by path and keeps the good ones', async () => {
    const url = await serve(
      jsonReply({
        a: 'abc',
        b: null,
        d: 'NaN',
        e: { nested: 1 },
        long: 'x'.repeat(500),
        items: [{ v: 1, region: 'eu' }, { v: 'oops', region: 'us' }, { v: 3 }, { v: 4, region: { bad: 1 } }],
        good: 5
      })
    )
    const ctx = createFakeContext()
    await source(url, [
      { series: 'a', path: '$.a' },
      { series: 'b', path: '$.b' },
      { series: 'c', path: '$.c' },
      { series: 'd', path: '$.d' },
      { series: 'e', path: '$.e' },
      { series: 'long', path: '$.long' },
      { series: 'items', items: '$.items', path: '$.v', label_paths: { region: '$.region' } },
      { series: 'none', items: '$.nothing', path: '$.v' },
      { series: 'good', path: '$.good' }
    ]).poll(ctx)
    expect(ctx.samples.map((s) => [s.name, s.value])).toEqual([
      ['items', 1],
      ['good', 5]
    ])
    const prefix = 'http-json source "crm": '
    expect(ctx.warnings).toEqual([
      `${prefix}$.a is "abc", expected a number`,
      `${prefix}$.b is null, expected a number`,
      `${prefix}$.c is missing`,
      `${prefix}$.d is "NaN", expected a number`,
      `${prefix}$.e is an object {"nested":1}, expected a number`,
      expect.stringMatching(/^http-json source "crm": \$\.long is "x{20,}…, expected a number$/),
      `${prefix}$.items[1].v is "oops", expected a number`,
      `${prefix}label "region": $.items[2].region is missing`,
      `${prefix}label "region": $.items[3].region is an object {"bad":1}, expected a string or number`,
      `${prefix}metric "none": items $.nothing matched nothing`
    ])
    expect(ctx.warnings[5].length).toBeLessThan(150)
  })

  it('warns about a bad timestamp by path', async () => {
    const url = await serve(jsonReply({ v: 1, at: 'yesterday' }))
    const ctx = createFakeContext()
    await source(url, [{ series: 'v', path: '$.v', timestamp_path: '$.at' }]).poll(ctx)
    expect(ctx.samples).toEqual([])
    expect(ctx.warnings[0]).toMatch(/^http-json source "crm": \$\.at is "yesterday", expected a timestamp \(epoch/)
  })

  it('reports an HTTP error with its status and a short excerpt of the body', async () => {
    const url = await serve({ status: 500, body: `database down\n${'trace '.repeat(200)}` })
    const err = await source(url, [{ series: 'v', path: '$.v' }]).poll(createFakeContext()).catch((e: Error) => e)
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).message).toMatch(/^http-json source "crm": HTTP 500 Internal Server Error from http:\/\/127\.0\.0\.1:\d+\/metrics: database down trace trace/)
    expect((err as Error).message.length).toBeLessThan(350)
  })

  it('gives up when the poll is aborted while the server never answers', async () => {
    const url = await serve('hang')
    const ctx = createFakeContext()
    const polling = source(url, [{ series: 'v', path: '$.v' }]).poll(ctx)
    setTimeout(() => ctx.controller.abort(new Error('poll timed out after 10s')), 50)
    await expect(polling).rejects.toThrow(/^http-json source "crm": request to http:\/\/127\.0\.0\.1:\d+\/metrics aborted: poll timed out after 10s$/)
  })

  it('says where invalid JSON breaks', async () => {
    const url = await serve({ status: 200, headers: { 'content-type': 'application/json' }, body: '{\n  "a": 1,\n  "b": }' })
    await expect(source(url, [{ series: 'v', path: '$.a' }]).poll(createFakeContext())).rejects.toThrow(
      /^http-json source "crm": the response from http:\/\/127\.0\.0\.1:\d+\/metrics is not valid JSON: unexpected "}", expected a value at line 3, column 8 \(position 19\)/
    )
  })

  it('mentions the content type when an HTML page arrives instead of JSON', async () => {
    const url = await serve({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html></html>' })
    await expect(source(url, [{ series: 'v', path: '$.a' }]).poll(createFakeContext())).rejects.toThrow(
      /\(content-type text\/html\) is not valid JSON: unexpected "<", expected a value at line 1, column 1/
    )
  })

  it('refuses a body over max_bytes, declared or streamed', async () => {
    const big = JSON.stringify({ v: 'x'.repeat(5000) })
    let url = await serve({ status: 200, body: big })
    await expect(source(url, [{ series: 'v', path: '$.v' }], { max_bytes: 1000 }).poll(createFakeContext())).rejects.toThrow(
      /^http-json source "crm": response from http:\/\/127\.0\.0\.1:\d+\/metrics is 5\d{3} bytes, over the limit of 1000 bytes \(max_bytes\)$/
    )
    await server?.close()
    url = await serve({ status: 200, chunks: [big.slice(0, 3000), big.slice(3000)] })
    await expect(source(url, [{ series: 'v', path: '$.v' }], { max_bytes: 1000 }).poll(createFakeContext())).rejects.toThrow(
      /^http-json source "crm": response from http:\/\/127\.0\.0\.1:\d+\/metrics is over the limit of 1000 bytes \(max_bytes\)$/
    )
  })

  it('resolves secret headers at poll time, POSTs the body, and never shows the secret', async () => {
    server = await startHttpServer((req) =>
      req.headers['x-api-key'] === 'k-987654' ? jsonReply({ v: JSON.parse(req.body).n }) : { status: 403, body: 'forbidden' }
    )
    const env: NodeJS.ProcessEnv = {}
    const src = source(
      `${server.url}/q`,
      [{ series: 'v', path: '$.v' }],
      { method: 'POST', body: '{"n": 7}', headers: { 'X-Api-Key': '${secret:crm.key}' } },
      env
    )
    await expect(src.poll(createFakeContext())).rejects.toThrow(
      'http-json source "crm": header "X-Api-Key": secret "crm.key" is not set (set the environment variable VIGIL_SECRET_CRM_KEY)'
    )
    env.VIGIL_SECRET_CRM_KEY = 'k-987654'
    const ctx = createFakeContext()
    await src.poll(ctx)
    expect(ctx.samples.map((s) => s.value)).toEqual([7])
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', body: '{"n": 7}' })
    expect(server.requests.at(-1)?.headers['content-type']).toBe('application/json')

    env.VIGIL_SECRET_CRM_KEY = 'bad\nvalue-with-newline'
    const err = (await src.poll(createFakeContext()).catch((e: Error) => e)) as Error
    expect(err.message).toBe('http-json source "crm": header "X-Api-Key" has an invalid name or value (value not shown)')
  })

  it('keeps secret values out of errors, even when the server echoes them back', async () => {
    server = await startHttpServer((req) => ({ status: 401, body: `invalid ${req.headers.authorization} for ${req.url}` }))
    const env = { VIGIL_SECRET_TOKEN: 'tok-abcdef', VIGIL_SECRET_QKEY: 'qk-123456' }
    const src = source(`${server.url}/m?key=\${secret:qkey}`, [{ series: 'v', path: '$.v' }], { headers: { Authorization: 'Bearer ${secret:token}' } }, env)
    const err = (await src.poll(createFakeContext()).catch((e: Error) => e)) as Error
    expect(err.message).toMatch(/^http-json source "crm": HTTP 401 Unauthorized from http:\/\/127\.0\.0\.1:\d+\/m\?key=\$\{secret:qkey\}: invalid Bearer \*\*\* for \/m\?key=\*\*\*$/)
    expect(server.requests[0].url).toBe('/m?key=qk-123456')
  })

  it('follows redirects within the same origin only', async () => {
    server = await startHttpServer((req) =>
      req.url === '/old'
        ? { status: 301, headers: { location: '/new' } }
        : req.url === '/away'
          ? { status: 302, headers: { location: 'http://203.0.113.9/steal' } }
          : jsonReply({ v: 3 })
    )
    const ctx = createFakeContext()
    await source(`${server.url}/old`, [{ series: 'v', path: '$.v' }]).poll(ctx)
    expect(ctx.samples.map((s) => s.value)).toEqual([3])
    await expect(source(`${server.url}/away`, [{ series: 'v', path: '$.v' }]).poll(createFakeContext())).rejects.toThrow(
      /\/away redirects to another origin \(http:\/\/203\.0\.113\.9\); not followed/
    )
  })

  it('reports a refused connection with the URL', async () => {
    const url = await serve(jsonReply({}))
    await server?.close()
    await expect(source(url, [{ series: 'v', path: '$.v' }]).poll(createFakeContext())).rejects.toThrow(
      /^http-json source "crm": cannot reach http:\/\/127\.0\.0\.1:\d+\/metrics: .*ECONNREFUSED/
    )
  })

  it('copes with a JSON document that is not an object', async () => {
    const url = await serve(jsonReply(null))
    const ctx = createFakeContext()
    await source(url, [{ series: 'v', path: '$.v' }]).poll(ctx)
    expect(ctx.warnings).toEqual(['http-json source "crm": $.v is missing'])
  })
})
