// The predictions source over a real DuckDB store: csv files read incrementally, an http-json
// endpoint on 127.0.0.1, late labels, summary samples and clear problems.
import { appendFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IngestSample } from '@shared/types'
import { predictionsSource as schema } from '@shared/config/schema'
import { openStore, type DuckDBStore } from '../../store/duckdb-store'
import { LONG_RETENTION, tempDir } from '../../store/test-support'
import type { SourceContext } from '../source'
import { createPredictionsSource } from './source'

const T0 = Date.UTC(2025, 3, 1)
const MIN = 60_000

describe('predictions source', () => {
  let tmp: ReturnType<typeof tempDir>
  let store: DuckDBStore
  let samples: IngestSample[]
  let warnings: string[]
  const state = new Map<string, unknown>()

  const ctx = (now = T0 + 60 * MIN): SourceContext => ({
    signal: new AbortController().signal,
    now: () => now,
    write: async (s) => {
      samples.push(...s)
      return { accepted: s.length, rejected: [] }
    },
    state: {
      get: async <T,>(key: string) => state.get(key) as T | undefined,
      set: async (key: string, value: unknown) => void state.set(key, JSON.parse(JSON.stringify(value)))
    },
    annotate: async () => undefined,
    warn: (m) => void warnings.push(m),
    writePredictions: (records) => store.predictions.append(records),
    labelPredictions: (model, labels) => store.predictions.labelPredictions(model, labels)
  })
  const all = (model = 'fraud') => store.predictions.queryPredictions(model, 0, T0 + 100 * 86_400_000, 1000)

  beforeEach(async () => {
    tmp = tempDir('predictions-source')
    store = await openStore({ path: join(tmp.dir, 'vigil.duckdb'), retention: LONG_RETENTION, threads: 1 })
    samples = []
    warnings = []
    state.clear()
  })
  afterEach(async () => {
    await store.close()
    tmp.cleanup()
  })

  describe('format csv', () => {
    const iso = (i: number) => new Date(T0 + i * MIN).toISOString()

    it('imports rows with prefixed and listed features, then only appended rows; late labels fill in', async () => {
      const file = join(tmp.dir, 'preds.csv')
      writeFileSync(
        file,
        [
          'timestamp,model,id,prediction,score,label,latency_ms,f_amount,country,f_hour',
          `${iso(0)},fraud,a,1,0.9,,12,250.5,FR,3`,
          `${iso(1)},fraud,b,0,0.2,0,8,12,DE,14`,
          `${iso(1)},fraud,c,zero,0.2,0,8,12,DE,14`,
          `${iso(2)},fraud,d,,0.7,,,99,US,`
        ].join('\n') + '\n'
      )
      const config = schema.parse({ id: 'preds', kind: 'predictions', format: 'csv', path: file, features: ['country'], categorical: ['country'] })
      const source = createPredictionsSource(config, { configDir: tmp.dir, expandSecrets: (t) => t })
      await source.poll(ctx())
      const rows = await all()
      expect(rows.map((r) => [r.id, r.prediction, r.score, r.label, r.latencyMs])).toEqual([
        ['a', 1, 0.9, null, 12],
        ['b', 0, 0.2, 0, 8],
        // No prediction column value: class from the score (≥ 0.5).
        ['d', 1, 0.7, null, null]
      ])
      expect(rows[0].features).toEqual({ amount: 250.5, country: 'FR', hour: 3 })
      expect(rows[2].features).toEqual({ amount: 99, country: 'US' })
      expect(warnings).toEqual(['predictions source "preds": preds.csv:4: column "prediction" is "zero", expected a number; row skipped'])
      // Summary samples per model and minute.
      expect(samples.filter((s) => s.name === 'model_predictions_total').map((s) => [s.ts, s.value])).toEqual([
        [T0, 1],
        [T0 + MIN, 1],
        [T0 + 2 * MIN, 1]
      ])
      expect(samples.filter((s) => s.name === 'model_latency_ms').map((s) => s.value)).toEqual([12, 8])

      // Appended later: a new record and a late label (id + label, nothing else).
      appendFileSync(file, `${iso(3)},fraud,e,0,0.1,,5,1,FR,4\n${iso(4)},fraud,a,,,1,,,,\n`)
      warnings = []
      samples = []
      await source.poll(ctx())
      const after = await all()
      expect(after.map((r) => [r.id, r.label])).toEqual([
        ['a', 1],
        ['b', 0],
        ['d', null],
        ['e', null]
      ])
      expect(samples.filter((s) => s.name === 'model_predictions_total')).toHaveLength(1)
      expect(warnings).toEqual([])
      // Nothing new: nothing written.
      await source.poll(ctx())
      expect((await all()).length).toBe(4)
    })

    it('uses a fixed model and reports a file without the needed columns', async () => {
      writeFileSync(join(tmp.dir, 'a.csv'), `timestamp,prediction,label\n${iso(0)},1,1\n`)
      writeFileSync(join(tmp.dir, 'b.csv'), `time,prediction\n${iso(0)},1\n`)
      const config = schema.parse({ id: 'p', kind: 'predictions', format: 'csv', path: '*.csv', model: 'churn' })
      const source = createPredictionsSource(config, { configDir: tmp.dir, expandSecrets: (t) => t })
      await source.poll(ctx())
      expect((await all('churn')).map((r) => [r.prediction, r.label])).toEqual([[1, 1]])
      expect(warnings).toEqual(['predictions source "p": b.csv: the header has no column "timestamp" (columns: time, prediction)'])
    })
  })

  describe('format http-json', () => {
    let server: Server
    let body: unknown
    let url: string

    beforeEach(async () => {
      server = createServer((_req, res) => {
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify(body))
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/predictions`
    })
    afterEach(async () => {
      await new Promise((resolve) => server.close(resolve))
    })

    it('polls the array at the JSONPath; re-served records with ids are stored once and bring their labels', async () => {
      const rec = (i: number, label: number | null) => ({
        timestamp: T0 + i * MIN,
        model: 'fraud',
        id: `t${i}`,
        prediction: 1,
        score: 0.8,
        label,
        latency_ms: 7,
        features: { amount: i, merchant: 'grocery' }
      })
      body = { data: { records: [rec(0, null), rec(1, null)] } }
      const config = schema.parse({ id: 'api', kind: 'predictions', format: 'http-json', url, items: '$.data.records' })
      const source = createPredictionsSource(config, { configDir: tmp.dir, expandSecrets: (t) => t })
      await source.poll(ctx())
      body = { data: { records: [rec(0, 1), rec(1, null), rec(2, null), { ...rec(3, null), score: 'high' }] } }
      await source.poll(ctx())
      const rows = await all()
      expect(rows.map((r) => [r.id, r.label])).toEqual([
        ['t0', 1],
        ['t1', null],
        ['t2', null]
      ])
      expect(rows[0].features).toEqual({ amount: 0, merchant: 'grocery' })
      expect(rows.map((r) => r.ts)).toEqual([T0, T0 + MIN, T0 + 2 * MIN])
      expect(samples.filter((s) => s.name === 'model_predictions_total').reduce((n, s) => n + s.value, 0)).toBe(3)
      expect(warnings).toEqual(['predictions source "api": $.data.records[3].score is "high", expected a number; record skipped'])
    })

    it('takes records without ids only when newer than the newest taken; poll time when they carry none', async () => {
      body = [
        { timestamp: T0, model: 'm', prediction: 0 },
        { timestamp: new Date(T0 + MIN).toISOString(), model: 'm', prediction: 1 }
      ]
      const config = schema.parse({ id: 'api', kind: 'predictions', format: 'http-json', url })
      const source = createPredictionsSource(config, { configDir: tmp.dir, expandSecrets: (t) => t })
      await source.poll(ctx())
      body = [...(body as object[]), { timestamp: (T0 + 2 * MIN) / 1000, model: 'm', prediction: 1 }]
      await source.poll(ctx())
      expect((await all('m')).map((r) => r.ts)).toEqual([T0, T0 + MIN, T0 + 2 * MIN])
      body = [{ model: 'm', prediction: 0 }]
      await source.poll(ctx(T0 + 10 * MIN))
      expect((await all('m')).map((r) => r.ts).at(-1)).toBe(T0 + 10 * MIN)
    })

    it('fails the poll clearly when the path names no array', async () => {
      body = { data: 5 }
      const config = schema.parse({ id: 'api', kind: 'predictions', format: 'http-json', url, items: '$.data' })
      const source = createPredictionsSource(config, { configDir: tmp.dir, expandSecrets: (t) => t })
      await expect(source.poll(ctx())).rejects.toThrow('predictions source "api": $.data is not an array of prediction records (items: $.data)')
      const missing = createPredictionsSource(schema.parse({ id: 'api', kind: 'predictions', format: 'http-json', url, items: '$.nope' }), { configDir: tmp.dir, expandSecrets: (t) => t })
      await expect(missing.poll(ctx())).rejects.toThrow('the response has nothing at $.nope')
    })
  })

  it('config: each format names what it needs', () => {
    expect(schema.safeParse({ id: 'x', kind: 'predictions', format: 'csv' }).error?.issues[0]).toMatchObject({ path: ['path'], message: 'format csv needs a path (a file or a glob)' })
    expect(schema.safeParse({ id: 'x', kind: 'predictions', format: 'http-json' }).error?.issues[0]).toMatchObject({ path: ['url'] })
  })

  it('says so when the host stores no predictions', async () => {
    writeFileSync(join(tmp.dir, 'a.csv'), `timestamp,model,prediction\n${new Date(T0).toISOString()},m,1\n`)
    const source = createPredictionsSource(schema.parse({ id: 'p', kind: 'predictions', format: 'csv', path: 'a.csv' }), { configDir: tmp.dir, expandSecrets: (t) => t })
    const bare = { ...ctx(), writePredictions: undefined, labelPredictions: undefined }
    await expect(source.poll(bare)).rejects.toThrow('cannot store prediction records')
  })
})
