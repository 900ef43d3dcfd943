// The HTTP transport against each engine in engineFactories (the fake one here; the lead adds the real one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestNames, type ArgsOf, type RequestName } from '@shared/api'
import { AUTH, engineFactories, openSse, rawRequest, startTestServer, TOKEN, type TestEngine, type TestServer } from '../../../test/helpers/http-harness'

// A fixed "now" for the server (query defaults), on a whole hour so buckets are predictable.
const NOW = Math.floor(Date.now() / 3_600_000) * 3_600_000

/** Valid arguments for every contract request (a new request fails typecheck until added here). */
const VALID_ARGS: { [K in RequestName]: ArgsOf<K> } = {
  getAppInfo: {},
  getHealth: {},
  listSeries: { match: '*' },
  queryRange: { series: 'cpu_usage', from: 0, to: 1000 },
  latest: { series: 'cpu_usage' },
  queryGrouped: { series: 'cpu_usage', by: 'host', from: 0, to: 1000 },
  getViews: {},
  getKpis: { from: 0, to: 1000 },
  getMilestones: {},
  listAnnotations: { from: 0, to: 1000 },
  addAnnotation: { kind: 'note', ts: 500, title: 'rpc probe' },
  sendTestNotification: { severity: 'info' },
  listAlerts: {},
  getAlertHistory: { from: 0, to: 1000 },
  acknowledgeAlert: { id: 'no-such-alert', by: 'probe' },
  listSilences: {},
  addSilence: { matchers: [{ name: 'alertname', op: '=', value: 'Probe' }], startsAt: NOW, endsAt: NOW + 6 * 3_600_000, createdBy: 'probe', comment: 'rpc probe' },
  expireSilence: { id: 'no-such-silence' },
  listNotifications: { limit: 10 },
  markAlertNoise: { id: 'no-such-alert', noise: true, by: 'probe' },
  getAlertQuality: { from: 0, to: 1000 },
  getForecast: { series: 'cpu_usage', horizonMs: 3_600_000 },
  getAnomalies: { series: 'cpu_usage', from: 0, to: 1000 },
  getBusinessForecasts: {},
  getRecommendations: { view: 'technical' },
  listModels: {},
  getModelQuality: { model: 'no-such-model' },
  getModelDrift: { model: 'no-such-model', method: 'psi' },
  exportArchive: { from: 0, to: 1000, name: 'rpc-probe.vigil' }
}

/** Requests that create something new at each call: their id (and time) differ between two calls. */
const NOT_IDEMPOTENT = new Set<RequestName>(['addAnnotation', 'sendTestNotification', 'addSilence'])
/** Requests whose answer carries the engine's clock (`now`). */
const CLOCKED = new Set<RequestName>(['getAppInfo', 'listAlerts'])
/** Requests about something that must exist first (a firing alert, a silence): with the probe arguments every engine answers 404. */
const NEEDS_STATE = new Set<RequestName>(['acknowledgeAlert', 'expireSilence', 'markAlertNoise', 'getModelQuality', 'getModelDrift'])
/** Requests that need history first (a forecast of an empty series): with the probe arguments every engine answers 400. */
const NEEDS_DATA = new Set<RequestName>(['getForecast'])

/** Every /api route, each with a request that would succeed with the token. */
const API_ROUTES: { method: 'GET' | 'POST' | 'DELETE'; path: string; body?: string }[] = [
  { method: 'GET', path: '/api/health' },
  { method: 'GET', path: '/api/series' },
  { method: 'GET', path: '/api/query?series=cpu_usage' },
  { method: 'GET', path: '/api/events' },
  { method: 'POST', path: '/api/write', body: 'cpu usage=1' },
  { method: 'GET', path: '/api/annotations' },
  { method: 'POST', path: '/api/annotations', body: '{"kind":"note","title":"auth probe"}' },
  { method: 'GET', path: '/api/alerts' },
  { method: 'GET', path: '/api/alerts/history' },
  { method: 'POST', path: '/api/alerts/abc123/ack', body: '{"by":"auth probe"}' },
  { method: 'GET', path: '/api/silences' },
  { method: 'POST', path: '/api/silences', body: `{"matchers":[{"name":"alertname","value":"X"}],"endsAt":${NOW + 3_600_000},"createdBy":"probe","comment":""}` },
  { method: 'DELETE', path: '/api/silences/abc' },
  { method: 'GET', path: '/api/notifications' },
  { method: 'POST', path: '/api/export', body: '{"from":0,"to":1000}' },
  { method: 'POST', path: '/api/predictions', body: '[]' },
  ...requestNames.map((name) => ({ method: 'POST' as const, path: `/api/rpc/${name}`, body: '{}' })),
  { method: 'POST', path: '/api/rpc/noSuchMethod', body: '{}' },
  { method: 'GET', path: '/api/no/such/route' },
  { method: 'GET', path: '/api/' },
  // Percent-encoded paths route to the same handlers, so they must meet the same guard.
  { method: 'GET', path: '/%61pi/health' },
  { method: 'GET', path: '/api/%68ealth' }
]

for (const [label, makeEngine] of engineFactories) {
  describe(`HTTP server over the ${label}`, () => {
    let te: TestEngine
    let server: TestServer

    beforeAll(async () => {
      te = await makeEngine()
      server = await startTestServer(te.engine, { now: () => NOW })
    })
    afterAll(async () => {
      await server?.close()
      await te?.cleanup()
    })

    describe('auth', () => {
      it.each(API_ROUTES)('$method $path answers 401 without a token, with no data', async ({ method, path, body }) => {
        const res = await rawRequest(server.url, { method, path, body, headers: body ? { 'content-type': 'text/plain' } : {} })
        expect(res.status).toBe(401)
        expect(res.headers['content-type']).toMatch(/^application\/json/)
        expect(JSON.parse(res.body)).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('token') } })
      })

      it.each(API_ROUTES)('$method $path answers 401 with a wrong bearer token or cookie', async ({ method, path, body }) => {
        const wrong: Record<string, string>[] = [{ authorization: `Bearer ${TOKEN}x` }, { authorization: TOKEN }, { cookie: `vigil_token=${TOKEN.slice(1)}` }]
        for (const headers of wrong) {
          const res = await rawRequest(server.url, { method, path, body, headers })
          expect(res.status, JSON.stringify(headers)).toBe(401)
        }
      })

      it('accepts the bearer token (any case of "Bearer")', async () => {
        expect((await server.get('/api/health', AUTH)).status).toBe(200)
        expect((await server.get('/api/health', { authorization: `bearer ${TOKEN}` })).status).toBe(200)
      })

      it('sets an HttpOnly SameSite=Strict cookie from /?token= and redirects to the path without it', async () => {
        const res = await server.get(`/?token=${TOKEN}`)
        expect(res.status).toBe(302)
        expect(res.headers.get('location')).toBe('/')
        const cookie = res.headers.get('set-cookie') ?? ''
        expect(cookie).toMatch(/^vigil_token=[^;]+;/)
        expect(cookie).toContain('HttpOnly')
        expect(cookie).toContain('SameSite=Strict')
        expect(cookie).toContain('Path=/')
        const pair = cookie.split(';')[0]
        const health = await server.get('/api/health', { cookie: `other=1; ${pair}` })
        expect(health.status).toBe(200)
        expect(((await health.json()) as { status: string }).status).toBe('ok')
      })

      it('keeps the path and other parameters when stripping the token, and never redirects off-site', async () => {
        const deep = await server.get(`/views/technical?series=a&token=${TOKEN}&x=1`)
        expect(deep.status).toBe(302)
        expect(deep.headers.get('location')).toBe('/views/technical?series=a&x=1')
        const sneaky = await rawRequest(server.url, { path: `//evil.example/?token=${TOKEN}` })
        expect(sneaky.status).toBe(302)
        expect(sneaky.headers.location).toMatch(/^\/(?!\/)/)
      })

      it('answers a wrong ?token= with a 401 page and no cookie', async () => {
        const res = await server.get('/?token=wrong')
        expect(res.status).toBe(401)
        expect(res.headers.get('content-type')).toMatch(/^text\/html/)
        expect(res.headers.get('set-cookie')).toBeNull()
        expect(await res.text()).toContain('Invalid access token')
      })

      it('refuses a cookie-authenticated write from another origin but allows our own origin and bearer callers', async () => {
        const cookie = `vigil_token=${TOKEN}`
        const host = new URL(server.url).host
        const foreign = await rawRequest(server.url, { method: 'POST', path: '/api/rpc/getHealth', body: '{}', headers: { cookie, origin: 'http://127.0.0.1:1' } })
        expect(foreign.status).toBe(403)
        const fetchSite = await rawRequest(server.url, { method: 'POST', path: '/api/rpc/getHealth', body: '{}', headers: { cookie, 'sec-fetch-site': 'same-site' } })
        expect(fetchSite.status).toBe(403)
        const own = await rawRequest(server.url, { method: 'POST', path: '/api/rpc/getHealth', body: '{}', headers: { cookie, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' } })
        expect(own.status).toBe(200)
        const bearer = await rawRequest(server.url, { method: 'POST', path: '/api/rpc/getHealth', body: '{}', headers: { ...AUTH, origin: 'http://elsewhere.example' } })
        expect(bearer.status).toBe(200)
      })
    })

    describe('rpc', () => {
      it.each(requestNames)('POST /api/rpc/%s answers 200 with the engine result', async (name) => {
        const res = await server.post(`/api/rpc/${name}`, JSON.stringify(VALID_ARGS[name]), { ...AUTH, 'content-type': 'application/json' })
        const call = (): Promise<unknown> => (te.engine.api[name] as (a: unknown) => Promise<unknown>)(VALID_ARGS[name])
        if (NEEDS_STATE.has(name) || NEEDS_DATA.has(name)) {
          expect(res.status).toBe(NEEDS_DATA.has(name) ? 400 : 404)
          const error = ((await res.json()) as { error: { code: string; message: string } }).error
          expect(error.code).toBe(NEEDS_DATA.has(name) ? 'bad_request' : 'not_found')
          await expect(call()).rejects.toThrow(error.message)
          return
        }
        if (name === 'exportArchive') {
          // The in-memory engine cannot write archives (400); the real one writes the same file again.
          const direct = await call().then((r) => ({ ok: true as const, r }), (e: Error) => ({ ok: false as const, e }))
          const body = (await res.json()) as Record<string, unknown>
          if (!direct.ok) {
            expect(res.status).toBe(400)
            expect((body.error as { message: string }).message).toBe(direct.e.message)
            return
          }
          expect(res.status).toBe(200)
          const keep = (r: Record<string, unknown>) => ({ path: r.path, from: r.from, to: r.to, members: r.members, signed: r.signed })
          expect(keep(body)).toEqual(keep(direct.r as unknown as Record<string, unknown>))
          expect(String(body.path)).toMatch(/exports[\\/]rpc-probe\.vigil$/)
          return
        }
        expect(res.status).toBe(200)
        const direct = await call()
        const body = await res.json()
        if (CLOCKED.has(name)) expect({ ...(body as object), now: 0 }).toEqual({ ...(direct as object), now: 0 })
        else if (NOT_IDEMPOTENT.has(name)) expect({ ...(body as object), id: '', ts: 0, createdAt: 0 }).toEqual({ ...(direct as object), id: '', ts: 0, createdAt: 0 })
        else expect(body).toEqual(JSON.parse(JSON.stringify(direct)))
      })

      it('treats an empty body, with or without a content type, as {}', async () => {
        expect((await server.post('/api/rpc/getHealth', undefined, AUTH)).status).toBe(200)
        expect((await server.post('/api/rpc/getHealth', '', { ...AUTH, 'content-type': 'application/json' })).status).toBe(200)
      })

      it('names the argument path when validation fails', async () => {
        const post = async (name: string, args: unknown): Promise<{ status: number; body: unknown }> => {
          const res = await server.post(`/api/rpc/${name}`, JSON.stringify(args), { ...AUTH, 'content-type': 'application/json' })
          return { status: res.status, body: await res.json() }
        }
        expect(await post('queryRange', { series: 'x', from: 10, to: 5 })).toEqual({
          status: 400,
          body: { error: { code: 'bad_request', message: 'queryRange: to: "to" must be after "from"' } }
        })
        const wrongType = await post('queryRange', { series: 7, from: 0, to: 1 })
        expect(wrongType.status).toBe(400)
        expect((wrongType.body as { error: { message: string } }).error.message).toMatch(/^queryRange: series: /)
        const labels = await post('latest', { series: 'x', labels: { host: 3 } })
        expect((labels.body as { error: { message: string } }).error.message).toMatch(/^latest: labels\.host: /)
        const extra = await post('getHealth', { verbose: true })
        expect(extra.status).toBe(400)
        expect((extra.body as { error: { message: string } }).error.message).toMatch(/^getHealth: .*verbose/)
        const notObject = await post('listSeries', [1, 2])
        expect(notObject.status).toBe(400)
      })

      it('answers malformed JSON with 400, not a crash', async () => {
        const res = await server.post('/api/rpc/listSeries', '{"match": ', { ...AUTH, 'content-type': 'application/json' })
        expect(res.status).toBe(400)
        const body = (await res.json()) as { error: { code: string; message: string } }
        expect(body.error.code).toBe('bad_request')
        expect(body.error.message).toMatch(/^malformed JSON body: /)
        expect((await server.get('/api/health', AUTH)).status).toBe(200)
      })

      it('refuses a __proto__ key in the body', async () => {
        const res = await server.post('/api/rpc/latest', '{"series":"x","labels":{"__proto__":{"a":"b"}}}', { ...AUTH, 'content-type': 'application/json' })
        expect(res.status).toBe(400)
        expect(((await res.json()) as { error: { message: string } }).error.message).toBe('JSON body: the key "__proto__" is not allowed')
      })

      it('answers an unknown method with 404 listing the known ones', async () => {
        const res = await server.post('/api/rpc/dropDatabase', '{}', AUTH)
        expect(res.status).toBe(404)
        const body = (await res.json()) as { error: { code: string; message: string } }
        expect(body.error.code).toBe('not_found')
        expect(body.error.message).toContain('unknown RPC method "dropDatabase"')
        expect(body.error.message).toContain('queryRange')
      })

      it('answers GET on an rpc route with 404 JSON', async () => {
        const res = await server.get('/api/rpc/getHealth', AUTH)
        expect(res.status).toBe(404)
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found')
      })
    })

    describe('write → query round trip', () => {
      const t0 = NOW - 30 * 60_000 // inside the default last hour

      beforeAll(async () => {
        const body = [
          `rt_cpu,host=a,region=eu usage=10,idle=90 ${t0}`,
          `rt_cpu,host=a,region=eu usage=20,idle=80 ${t0 + 10_000}`,
          `rt_cpu,host=b,region=us usage=70 ${t0 + 20_000}`,
          `rt_cpu,host=a,region=eu usage=99 ${NOW - 2 * 3_600_000}`
        ].join('\n')
        const res = await server.post('/api/write?precision=ms', body, { ...AUTH, 'content-type': 'text/plain' })
        expect(res.status, await res.text()).toBe(204)
      })

      it('lists written series through /api/series?match=', async () => {
        const res = await server.get('/api/series?match=rt_cpu_*', AUTH)
        expect(res.status).toBe(200)
        const series = (await res.json()) as { name: string; labels: Record<string, string> }[]
        const names = new Set(series.map((s) => s.name))
        expect(names).toEqual(new Set(['rt_cpu_usage', 'rt_cpu_idle']))
        expect(series.find((s) => s.name === 'rt_cpu_usage' && s.labels.host === 'b')?.labels).toEqual({ host: 'b', region: 'us' })
      })

      it('aggregates the written values in /api/query, filtered by labels, with ISO or epoch times', async () => {
        const from = new Date(t0).toISOString()
        const to = t0 + 60_000
        const avg = await server.get(`/api/query?series=rt_cpu_usage&from=${from}&to=${to}&step=60&labels=host=a`, AUTH)
        expect(avg.status).toBe(200)
        const avgBody = (await avg.json()) as { series: string; points: [number, number][] }
        expect(avgBody.series).toBe('rt_cpu_usage')
        expect(avgBody.points.map((p) => p[1])).toEqual([15])
        expect(avgBody.points[0][0]).toBeGreaterThanOrEqual(t0 - 60_000)
        expect(avgBody.points[0][0]).toBeLessThan(to)

        const max = await server.get(`/api/query?series=rt_cpu_usage&from=${t0}&to=${to}&step=60&agg=max`, AUTH)
        expect(((await max.json()) as { points: [number, number][] }).points.map((p) => p[1])).toEqual([70])
        const both = await server.get(`/api/query?series=rt_cpu_usage&from=${t0}&to=${to}&step=60&agg=count&labels=region=eu,host=a`, AUTH)
        expect(((await both.json()) as { points: [number, number][] }).points.map((p) => p[1])).toEqual([2])
      })

      it('defaults to the last hour ending now', async () => {
        const res = await server.get('/api/query?series=rt_cpu_usage&agg=count&step=3600', AUTH)
        expect(res.status).toBe(200)
        const total = ((await res.json()) as { points: [number, number][] }).points.reduce((a, p) => a + p[1], 0)
        expect(total).toBe(3) // the sample from two hours ago is outside the default range
      })

      it('answers the same through rpc/queryRange', async () => {
        const res = await server.post('/api/rpc/queryRange', JSON.stringify({ series: 'rt_cpu_idle', from: t0, to: t0 + 60_000, step: 60, agg: 'min' }), AUTH)
        expect(((await res.json()) as { points: [number, number][] }).points.map((p) => p[1])).toEqual([80])
      })

      it.each([
        ['/api/query', 'query parameter "series" is required'],
        ['/api/query?series=x&from=yesterday', 'query parameter "from": "yesterday" is not a time'],
        ['/api/query?series=x&to=2024-13-45T99:00', 'query parameter "to": "2024-13-45T99:00" is not a time'],
        ['/api/query?series=x&step=-5', 'query parameter "step": "-5" is not a positive number of seconds'],
        ['/api/query?series=x&agg=median', 'query parameter "agg": "median" is not one of avg, min, max, sum, last, count'],
        ['/api/query?series=x&labels=host', 'query parameter "labels": "host" is not a label'],
        ['/api/query?series=x&seris=y', 'unknown query parameter "seris"'],
        ['/api/query?series=x&from=5&from=6', 'query parameter "from" is given 2 times'],
        ['/api/query?series=x&from=2000&to=1000', 'query parameter "to": "to" must be after "from"'],
        ['/api/series?match=' + 'x'.repeat(600), 'query parameter "match": '],
        ['/api/health?verbose=1', 'unknown query parameter "verbose"']
      ])('GET %s → 400 naming the parameter', async (path, message) => {
        const res = await server.get(path, AUTH)
        expect(res.status).toBe(400)
        const body = (await res.json()) as { error: { code: string; message: string } }
        expect(body.error.code).toBe('bad_request')
        expect(body.error.message).toContain(message)
      })
    })

    describe('annotations', () => {
      const t = NOW - 10 * 60_000

      it('POST /api/annotations stores one (any content type, ts defaulting to now) and answers 201 with it', async () => {
        const body = JSON.stringify({ kind: 'deployment', ts: t, title: 'checkout v42 deployed', text: 'by CI run 981', series: ['rest_latency'], labels: { service: 'checkout' } })
        const res = await rawRequest(server.url, { method: 'POST', path: '/api/annotations', headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' }, body })
        expect(res.status, res.body).toBe(201)
        expect(res.headers['content-type']).toMatch(/^application\/json/)
        const created = JSON.parse(res.body) as { id: string; source: string }
        expect(created).toEqual({
          id: expect.any(String),
          kind: 'deployment',
          ts: t,
          endTs: null,
          title: 'checkout v42 deployed',
          text: 'by CI run 981',
          series: ['rest_latency'],
          labels: { service: 'checkout' },
          source: 'user'
        })
        const now = await server.post('/api/annotations', JSON.stringify({ kind: 'note', title: 'rest note now' }), AUTH)
        expect(now.status).toBe(201)
        const noted = (await now.json()) as { id: string; ts: number }
        expect(noted.ts).toBe(NOW)
        // The default range includes now itself.
        expect(((await (await server.get('/api/annotations?kinds=note', AUTH)).json()) as { id: string }[]).map((a) => a.id)).toContain(noted.id)

        const list = await server.get(`/api/annotations?from=${t}&to=${NOW + 1}&kinds=deployment`, AUTH)
        expect(list.status).toBe(200)
        expect(((await list.json()) as { id: string }[]).map((a) => a.id)).toContain(created.id)
        const notes = (await (await server.get(`/api/annotations?from=${t}&to=${NOW + 1}&kinds=note,incident`, AUTH)).json()) as { kind: string; title: string }[]
        expect(notes.every((a) => a.kind === 'note')).toBe(true)
        expect(notes.map((a) => a.title)).toContain('rest note now')
        // The default range is the last 24 hours up to the server's now.
        const recent = (await (await server.get('/api/annotations?kinds=deployment', AUTH)).json()) as { id: string }[]
        expect(recent.map((a) => a.id)).toContain(created.id)
        const limited = (await (await server.get(`/api/annotations?from=${t}&to=${NOW + 1}&limit=1`, AUTH)).json()) as unknown[]
        expect(limited).toHaveLength(1)
      })

      it('announces a posted annotation on the event stream', async () => {
        const sse = await openSse(server.url)
        try {
          await sse.waitFor((text) => text.includes(': connected'))
          expect((await server.post('/api/annotations', JSON.stringify({ kind: 'incident', ts: t, endTs: t + 60_000, title: 'sse annotation probe' }), AUTH)).status).toBe(201)
          await sse.waitFor((text) => /event: annotation\ndata: .*sse annotation probe/.test(text))
        } finally {
          sse.close()
        }
      })

      it.each([
        ['{"kind":"outage","title":"x"}', 'POST /api/annotations: field "kind": '],
        ['{"kind":"note"}', 'POST /api/annotations: field "title": '],
        [`{"kind":"incident","title":"x","ts":${t},"endTs":${t - 1}}`, 'POST /api/annotations: field "endTs": "endTs" must not be before "ts"'],
        ['{"kind":"note","title":"x","colour":"red"}', 'colour'],
        ['[1,2]', 'POST /api/annotations: the body must be a JSON object'],
        ['{"kind": ', 'malformed JSON body: '],
        [`{"kind":"note","title":"x","ts":${Math.floor(NOW / 1000)}}`, 'looks like epoch seconds']
      ])('POST %s → 400 naming the problem', async (body, message) => {
        const res = await server.post('/api/annotations', body, AUTH)
        expect(res.status).toBe(400)
        const error = ((await res.json()) as { error: { code: string; message: string } }).error
        expect(error.code).toBe('bad_request')
        expect(error.message).toContain(message)
      })

      it.each([
        ['/api/annotations?kinds=outage', 'query parameter "kinds": '],
        ['/api/annotations?limit=lots', 'query parameter "limit": "lots" is not a whole number'],
        ['/api/annotations?limit=0', 'query parameter "limit": '],
        ['/api/annotations?from=2000&to=1000', 'query parameter "to": "to" must be after "from"'],
        ['/api/annotations?kind=note', 'unknown query parameter "kind"']
      ])('GET %s → 400 naming the parameter', async (path, message) => {
        const res = await server.get(path, AUTH)
        expect(res.status).toBe(400)
        expect(((await res.json()) as { error: { message: string } }).error.message).toContain(message)
      })
    })

    describe('write', () => {
      it.each([
        ['text/plain', { 'content-type': 'text/plain; charset=utf-8' }],
        ['application/octet-stream', { 'content-type': 'application/octet-stream' }],
        ['application/json', { 'content-type': 'application/json' }],
        ['no content type', {}]
      ])('accepts a body sent as %s', async (label, headers) => {
        const body = `ct_probe,sent_as=${label.replace(/[ /]/g, '_')} value=1 ${NOW - 5000}`
        const res = await rawRequest(server.url, { method: 'POST', path: '/api/write?precision=ms', headers: { ...AUTH, ...headers }, body })
        expect(res.status, res.body).toBe(204)
      })

      it('keeps the valid lines of a mixed body and lists each bad line with its number', async () => {
        const ts = NOW - 60_000
        const body = [`mixed value=1 ${ts}`, 'mixed value=', `mixed value=3 ${ts + 1000}`, 'mixed,host value=4', `mixed value=5 ${ts + 2000}`].join('\n')
        const res = await server.post('/api/write?precision=ms', body, AUTH)
        expect(res.status).toBe(400)
        expect(await res.json()).toEqual({
          error: { code: 'bad_request', message: 'line 2: field "value": expected field value after "=" (and 1 more error)' },
          errors: [
            { line: 2, message: 'field "value": expected field value after "="' },
            { line: 4, message: 'tag "host" has no "=value"' }
          ],
          errorCount: 2,
          accepted: 3
        })
        const q = await server.get(`/api/query?series=mixed&from=${ts}&to=${ts + 60_000}&step=60&agg=sum`, AUTH)
        expect(((await q.json()) as { points: [number, number][] }).points.map((p) => p[1])).toEqual([9])
      })

      it('converts the precision and uses the server clock for lines without a timestamp', async () => {
        const sec = Math.floor((NOW - 120_000) / 1000)
        expect((await server.post('/api/write?precision=s', `prec_s value=1 ${sec}`, AUTH)).status).toBe(204)
        expect((await server.post('/api/write', `prec_ns value=1 ${BigInt(sec) * 1_000_000_000n}`, AUTH)).status).toBe(204)
        expect((await server.post('/api/write?precision=us', `prec_us value=1 ${sec * 1_000_000}`, AUTH)).status).toBe(204)
        expect((await server.post('/api/write', 'prec_now value=1', AUTH)).status).toBe(204)
        for (const [series, ts] of [['prec_s', sec * 1000], ['prec_ns', sec * 1000], ['prec_us', sec * 1000], ['prec_now', NOW]] as const) {
          const res = await server.post('/api/rpc/latest', JSON.stringify({ series }), AUTH)
          expect(((await res.json()) as { ts: number }[]).map((l) => l.ts), series).toEqual([ts])
        }
      })

      it('answers 204 for an empty body and 400 for an unknown precision', async () => {
        expect((await server.post('/api/write', '', AUTH)).status).toBe(204)
        const res = await server.post('/api/write?precision=h', 'x value=1', AUTH)
        expect(res.status).toBe(400)
        expect(((await res.json()) as { error: { message: string } }).error.message).toBe('query parameter "precision": "h" is not one of ns, us, ms, s')
      })

      it('refuses compressed bodies with a clear message', async () => {
        const res = await rawRequest(server.url, { method: 'POST', path: '/api/write', headers: { ...AUTH, 'content-encoding': 'gzip' }, body: Buffer.from([0x1f, 0x8b, 0]) })
        expect(res.status).toBe(415)
        expect(JSON.parse(res.body).error.message).toContain('content-encoding "gzip" is not supported')
      })
    })

    describe('events', () => {
      it('streams a samples event after a write, with SSE and security headers', async () => {
        const sse = await openSse(server.url)
        try {
          expect(sse.status).toBe(200)
          expect(sse.headers['content-type']).toMatch(/^text\/event-stream/)
          expect(sse.headers['x-content-type-options']).toBe('nosniff')
          await sse.waitFor((t) => t.includes(': connected'))
          const res = await server.post('/api/write?precision=ms', `sse_probe,case=1 value=42.5 ${NOW - 1000}`, AUTH)
          expect(res.status).toBe(204)
          const text = await sse.waitFor((t) => /event: samples\ndata: .*sse_probe/.test(t))
          const data = /event: samples\ndata: (.*sse_probe.*)\n\n/.exec(text)![1]
          // A real engine may batch other series into the same event.
          const payload = JSON.parse(data) as { series: string[]; count: number; maxTs: number }
          expect(payload.series).toContain('sse_probe')
          expect(payload.count).toBeGreaterThanOrEqual(1)
          expect(payload.maxTs).toBeGreaterThanOrEqual(NOW - 1000)
        } finally {
          sse.close()
        }
      })

      it('accepts the cookie for the event stream (EventSource cannot send headers)', async () => {
        const sse = await openSse(server.url, { cookie: `vigil_token=${TOKEN}` })
        try {
          expect(sse.status).toBe(200)
        } finally {
          sse.close()
        }
      })
    })

    it('sends the security headers on API responses', async () => {
      const res = await server.get('/api/health', AUTH)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      expect(res.headers.get('cache-control')).toBe('no-store')
    })

    it('answers /api/health with status, version and sources', async () => {
      const res = await server.get('/api/health', AUTH)
      const body = (await res.json()) as { status: string; version: string; sources: unknown[] }
      expect(body.status).toBe('ok')
      expect(typeof body.version).toBe('string')
      expect(Array.isArray(body.sources)).toBe(true)
    })
  })
}
