// Fuzzing the API arguments: every RPC method of the contract with random JSON bodies (and some
// non-JSON), and the REST endpoints with random query parameters, through fastify.inject on the
// real app over the fake engine. Never a 5xx; every error is {"error":{code, message}} with words.
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestNames } from '@shared/api'
import { buildHttpApp } from '../../src/main/server/http-server'
import { createFakeEngine } from '../helpers/fake-engine'
import { fuzzParams, LEAK, TEST_TIMEOUT_MS } from './fuzz-settings'

const TOKEN = 'fuzz-token-0123456789abcdef'
const AUTH = { authorization: `Bearer ${TOKEN}` }
let app: FastifyInstance

beforeAll(async () => {
  app = await buildHttpApp({ engine: createFakeEngine(), host: '127.0.0.1', port: 0, token: TOKEN, staticDir: null, version: 'fuzz' })
  await app.ready()
})
afterAll(async () => {
  await app?.close()
})

function checkAnswer(what: string, status: number, body: string): void {
  if (status >= 500) throw new Error(`${what}: HTTP ${status}: ${body.slice(0, 300)}`)
  if (status >= 400) {
    const parsed = JSON.parse(body) as { error?: { code?: string; message?: string } }
    expect(typeof parsed.error?.code).toBe('string')
    expect(parsed.error?.message?.length ?? 0).toBeGreaterThan(0)
    expect(parsed.error?.message).not.toMatch(LEAK)
  }
}

// Argument-shaped values: objects with the keys the contract uses, filled with anything.
const KEYS = ['series', 'from', 'to', 'step', 'agg', 'labels', 'match', 'id', 'view', 'kind', 'limit', 'model', 'name', 'seriesGlob', 'sign', 'ts', 'title', 'kinds', 'until', 'comment', 'horizon', 'method']
const args = fc.oneof(
  fc.dictionary(fc.constantFrom(...KEYS), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
  fc.jsonValue({ maxDepth: 3 })
)
const body = fc.oneof(
  args.map((a) => JSON.stringify(a)),
  fc.string({ maxLength: 40 }),
  fc.constant('{"__proto__":{"x":1}}')
)

describe('API argument fuzzing', () => {
  it(
    'every RPC method with random bodies: never 5xx, errors worded',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...requestNames), body, async (name, payload) => {
          const res = await app.inject({ method: 'POST', url: `/api/rpc/${name}`, headers: { ...AUTH, 'content-type': 'application/json' }, payload })
          checkAnswer(`rpc ${name} ${payload}`, res.statusCode, res.body)
        }),
        fuzzParams()
      )
    },
    TEST_TIMEOUT_MS
  )

  it(
    'REST endpoints with random query parameters: never 5xx, errors worded',
    async () => {
      const value = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('now', 'now-6h', '5m', '0', '-1', '1e400', 'NaN', '2026-11-29T12:00:00Z', 'avg', 'k=v,x', '=', ','))
      const params = fc.dictionary(fc.constantFrom('series', 'from', 'to', 'step', 'agg', 'labels', 'match', 'kinds', 'limit', 'precision', 'zzz'), value, { maxKeys: 6 })
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('/api/query', '/api/series', '/api/annotations', '/api/health'), params, async (path, q) => {
          const url = `${path}?${new URLSearchParams(q)}`
          const res = await app.inject({ method: 'GET', url, headers: AUTH })
          checkAnswer(`GET ${url}`, res.statusCode, res.body)
        }),
        fuzzParams()
      )
    },
    TEST_TIMEOUT_MS
  )
})
