// Fuzzing the http-json mapping: random JSON documents, random and mutated JSONPath expressions,
// and random response bytes. Mapping never throws; problems are worded (no leaked TypeErrors);
// every sample is finite; decoding/parsing a body fails only with a clear Error.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeUtf8 } from '../../src/main/sources/common/decode-utf8'
import { parseJson } from '../../src/main/sources/common/parse-json'
import { queryJson } from '../../src/main/sources/http-json/json-path'
import { mapMetrics, type JsonMetric } from '../../src/main/sources/http-json/map-metrics'
import { expectCleanError, fuzzParams, LEAK, mutated, TEST_TIMEOUT_MS } from './fuzz-settings'

const NOW = Date.UTC(2025, 0, 1)
const PATHS = ['$.value', '$.data.revenue', '$.items', '$.items[*]', '$..v', '$.a[0].b', "$['x y']", '$.items[-1:]', '$.*', '$.rows[?(@.v>1)]', '$..*']
const path = fc.oneof(fc.constantFrom(...PATHS), mutated(fc.constantFrom(...PATHS)), fc.string({ maxLength: 20 }))

const metric: fc.Arbitrary<JsonMetric> = fc.record({
  series: fc.constant('m'),
  path,
  items: fc.option(path, { nil: undefined }),
  label_paths: fc.dictionary(fc.constantFrom('a', 'b'), path, { maxKeys: 2 }),
  labels: fc.constant({}),
  timestamp_path: fc.option(path, { nil: undefined }),
  unit: fc.constant(undefined)
})

const doc = fc.oneof(
  fc.jsonValue({ maxDepth: 5 }),
  fc.record({ value: fc.jsonValue({ maxDepth: 1 }), items: fc.array(fc.record({ v: fc.jsonValue({ maxDepth: 1 }), at: fc.jsonValue({ maxDepth: 0 }) }), { maxLength: 5 }) })
)

describe('http-json mapping fuzzing', () => {
  it(
    'mapMetrics never throws; problems are worded; samples are finite and timed',
    () => {
      fc.assert(
        fc.property(doc, fc.array(metric, { minLength: 1, maxLength: 3 }), (json, metrics) => {
          const r = mapMetrics(json, metrics, NOW)
          for (const p of r.problems) {
            expect(p.length).toBeGreaterThan(0)
            expect(p).not.toMatch(LEAK)
          }
          for (const s of r.samples) {
            expect(Number.isFinite(s.value)).toBe(true)
            expect(Number.isFinite(s.ts)).toBe(true)
            for (const v of Object.values(s.labels)) expect(typeof v).toBe('string')
          }
        }),
        fuzzParams()
      )
    },
    TEST_TIMEOUT_MS
  )

  it(
    'queryJson either answers or throws a clear Error naming the path',
    () => {
      fc.assert(
        fc.property(doc, path, (json, p) => {
          try {
            for (const m of queryJson(json, p)) expect(typeof m.path).toBe('string')
          } catch (err) {
            expectCleanError(err)
            expect((err as Error).message).toContain('JSONPath')
          }
        }),
        fuzzParams()
      )
    },
    TEST_TIMEOUT_MS
  )

  it(
    'random and mutated response bytes: decoded and parsed, or one clear Error',
    () => {
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 200 }),
        mutated(doc.map((d) => JSON.stringify(d) ?? 'null')).map((t) => Buffer.from(t, 'utf8'))
      )
      fc.assert(
        fc.property(bytes, (b) => {
          try {
            parseJson(decodeUtf8(b, 'the response'), 'the response')
          } catch (err) {
            expectCleanError(err)
            expect((err as Error).message).toMatch(/^the response is not valid (JSON|UTF-8)/)
          }
        }),
        fuzzParams()
      )
    },
    TEST_TIMEOUT_MS
  )
})
