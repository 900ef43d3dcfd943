// POST /api/predictions against the real engine (DuckDB in a temp dir) and a real HTTP server.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEngine } from '../engine/start-engine'
import type { LiveEngineHandle } from '../engine/types'
import { openStore } from '../store/duckdb-store'
import { AUTH, startTestServer, type TestServer } from '../../../test/helpers/http-harness'

const T0 = Date.UTC(2025, 2, 1, 12)

function record(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { timestamp: T0 + i * 60_000, model: 'fraud', prediction: i % 2, score: 0.1 * (i % 10), label: null, latency_ms: 20 + i, id: `r${i}`, features: { amount: 10 * i, country: 'FR' }, ...over }
}

describe('POST /api/predictions', () => {
  let dataDir: string
  let engine: LiveEngineHandle
  let server: TestServer
  const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    server.post('/api/predictions', typeof body === 'string' ? body : JSON.stringify(body), { ...AUTH, ...headers })

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vigil-predictions-route-'))
    const configPath = join(dataDir, 'vigil.yaml')
    writeFileSync(configPath, 'version: 1\nstorage: { flush_interval: 20ms }\nsources:\n  - { id: push, kind: push, max_body_bytes: 20000 }\n')
    engine = await startEngine({ dataDir, configPath, version: '9.9.9-test', log: () => undefined })
    server = await startTestServer(engine)
  })
  afterAll(async () => {
    await server?.close()
    await engine?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('stores the records durably (204) and writes their summary samples', async () => {
    const res = await post([record(0), record(1), record(2, { latency_ms: null })])
    expect(res.status, await res.text()).toBe(204)
    const sums = await server.get(`/api/query?series=model_predictions_total&from=${T0}&to=${T0 + 3_600_000}&step=3600&agg=sum&labels=model=fraud`, AUTH)
    expect(((await sums.json()) as { points: [number, number][] }).points).toEqual([[T0, 3]])
  })

  it('answers 400 with the index and field of the first bad record, storing nothing of that request', async () => {
    const res = await post([record(10), record(11, { score: 7 }), record(12, { model: 5 })])
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { message: string }; index: number; field: string }
    expect(body.index).toBe(1)
    expect(body.field).toBe('score')
    expect(body.error.message).toBe('record 1: field "score" is 7, expected a probability from 0 to 1; nothing was stored')
    const bad = await post([record(13, { features: { amount: [1] } })])
    expect(await bad.json()).toMatchObject({ index: 0, field: 'features.amount' })
    const noTs = await post([record(14, { timestamp: undefined })])
    expect(await noTs.json()).toMatchObject({ index: 0, field: 'timestamp' })
  })

  it('takes late labels (id + label, no prediction) and ignores a re-sent id', async () => {
    const res = await post([{ model: 'fraud', id: 'r0', label: 1 }, record(1, { label: 0 }), record(20)])
    expect(res.status, await res.text()).toBe(204)
  })

  it('refuses a body that is not an array, or over the push body limit', async () => {
    const obj = await post({ records: [] })
    expect(obj.status).toBe(400)
    expect(((await obj.json()) as { error: { message: string } }).error.message).toContain('must be a JSON array')
    const big = await post(Array.from({ length: 200 }, (_, i) => record(100 + i)))
    expect(big.status).toBe(413)
    const text = await post('[1', { 'content-type': 'application/json' })
    expect(text.status).toBe(400)
  })

  it('needs the token', async () => {
    const res = await server.post('/api/predictions', '[]', { 'content-type': 'application/json' })
    expect(res.status).toBe(401)
  })

  it('left exactly the accepted records in the store', async () => {
    await server.close()
    await engine.stop()
    const store = await openStore({ path: join(dataDir, 'vigil.duckdb'), retention: { raw: 1e12, '1m': 1e12, '1h': 1e12 }, threads: 1 })
    try {
      const rows = await store.predictions.queryPredictions('fraud', 0, T0 + 86_400_000, 100)
      expect(rows.map((r) => [r.id, r.label, r.latencyMs])).toEqual([
        ['r0', 1, 20],
        ['r1', 0, 21],
        ['r2', null, null],
        ['r20', null, 40]
      ])
      expect(rows[0].features).toEqual({ amount: 0, country: 'FR' })
    } finally {
      await store.close()
    }
  })
})

describe('POST /api/predictions on a read-only engine', () => {
  it('is refused with 403', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-predictions-ro-'))
    const configPath = join(dataDir, 'vigil.yaml')
    writeFileSync(configPath, 'version: 1\nsources:\n  - { id: push, kind: push }\n')
    const engine = await startEngine({ dataDir, configPath, version: '9.9.9-test', log: () => undefined, readOnly: true })
    const server = await startTestServer(engine)
    try {
      const res = await server.post('/api/predictions', JSON.stringify([record(0)]), { ...AUTH, 'content-type': 'application/json' })
      expect(res.status).toBe(403)
      await expect(engine.pushPredictions!([])).rejects.toThrow('read-only')
    } finally {
      await server.close()
      await engine.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
