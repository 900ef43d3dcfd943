// Fuzzing the config parser (vigil.yaml): random YAML, random structures and mutated valid
// configs either parse or throw a ConfigError whose every issue has a message (never a YAML
// library crash, a TypeError or a hang).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { stringify } from 'yaml'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/main/config/config-error'
import { parseConfigText } from '../../src/main/config/parse-config'
import { expectCleanError, fuzzParams, LEAK, mutated, TEST_TIMEOUT_MS } from './fuzz-settings'

const DEFAULT = readFileSync(join(__dirname, '../../resources/vigil.default.yaml'), 'utf8')
const RICH = `sources:
  - { id: crm, kind: http-json, url: "http://127.0.0.1:9/x", interval: 30s, timeout: 5s, metrics: [{ series: crm_revenue, path: $.revenue, label_paths: { region: $.r } }] }
  - { id: wh, kind: sql, connection: "postgres://u:\${secret:pg}@127.0.0.1/db", query: "SELECT ts, v FROM t WHERE ts > $1", incremental: true }
  - { id: files, kind: csv, path: "exports/*.csv", label_columns: [team], delimiter: ";" }
  - { id: prom, kind: prometheus, url: "http://127.0.0.1:9090", queries: [{ query: up }] }
  - { id: push, kind: push, max_body_bytes: 1000 }
storage: { flush_interval: 100ms, retention: { raw: 7d } }
`

function parseOrConfigError(text: string): void {
  try {
    parseConfigText(text, '/cfg/vigil.yaml')
  } catch (err) {
    expectCleanError(err, ConfigError)
    const issues = (err as ConfigError).issues
    expect(issues.length).toBeGreaterThan(0)
    for (const i of issues) {
      expect(i.message.length).toBeGreaterThan(0)
      expect(i.message).not.toMatch(LEAK)
    }
    expect((err as Error).message).toContain('/cfg/vigil.yaml')
  }
}

describe('config fuzzing', () => {
  it('the valid configs used as seeds parse', () => {
    expect(() => parseConfigText(DEFAULT, 'default.yaml')).not.toThrow()
    expect(() => parseConfigText(RICH, 'rich.yaml')).not.toThrow()
  })

  it(
    'random text: a config or a ConfigError',
    () => {
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), parseOrConfigError), fuzzParams(100))
    },
    TEST_TIMEOUT_MS
  )

  it(
    'random YAML structures (as YAML text): a config or a ConfigError',
    () => {
      const value = fc.oneof(
        fc.jsonValue({ maxDepth: 4 }),
        fc.record({ sources: fc.array(fc.dictionary(fc.constantFrom('id', 'kind', 'url', 'interval', 'timeout', 'metrics', 'labels', 'query', 'path'), fc.jsonValue({ maxDepth: 2 })), { maxLength: 3 }) })
      )
      fc.assert(fc.property(value, (v) => parseOrConfigError(stringify(v))), fuzzParams(100))
    },
    TEST_TIMEOUT_MS
  )

  it(
    'mutated valid configs: a config or a ConfigError',
    () => {
      fc.assert(fc.property(mutated(fc.constantFrom(DEFAULT, RICH)), parseOrConfigError), fuzzParams(100))
    },
    TEST_TIMEOUT_MS
  )
})
