import { describe, expect, it } from 'vitest'
import { ConfigError } from './config-error'
import { DEFAULT_CONFIG_YAML } from './default-config'
import { parseConfigText } from './parse-config'

function errorOf(text: string): ConfigError {
  try {
    parseConfigText(text, 'vigil.yaml')
  } catch (err) {
    if (err instanceof ConfigError) return err
    throw err
  }
  throw new Error('expected a ConfigError')
}

describe('parseConfigText', () => {
  it('accepts the embedded default config and fills defaults', () => {
    const cfg = parseConfigText(DEFAULT_CONFIG_YAML, 'default')
    expect(cfg.sources.map((s) => s.kind)).toEqual(['host', 'demo', 'push'])
    const demo = cfg.sources[1]
    expect(demo.kind === 'demo' && demo.backfill).toBe(90 * 86_400_000)
    expect(cfg.storage.retention.raw).toBe(15 * 86_400_000)
    expect(cfg.storage.flush_interval).toBe(250)
    expect(cfg.storage.reopen_interval).toBe(6 * 3_600_000)
  })

  it('reads storage.reopen_interval, 0 turning it off, and names a bad one', () => {
    expect(parseConfigText('storage: { reopen_interval: 1d }\n', 'v.yaml').storage.reopen_interval).toBe(86_400_000)
    expect(parseConfigText('storage: { reopen_interval: "0" }\n', 'v.yaml').storage.reopen_interval).toBe(0)
    expect(() => parseConfigText('storage:\n  reopen_interval: often\n', 'v.yaml')).toThrow(
      'v.yaml:2:20: storage.reopen_interval: expected a duration such as "15s", "5m" or "1h", got "often"'
    )
  })

  it('names file, line, column and key path of a bad duration', () => {
    const err = errorOf(`sources:
  - id: h
    kind: host
  - id: d
    kind: demo
    interval: 5x
`)
    expect(err.issues).toHaveLength(1)
    expect(err.message).toBe('vigil.yaml:6:15: sources[1].interval: expected a duration such as "15s", "5m" or "1h", got "5x"')
  })

  it('reports unknown keys at the key', () => {
    const err = errorOf(`sources:
  - id: c
    kind: csv
    path: x.csv
    colums: [a]
`)
    expect(err.message).toContain('vigil.yaml:5:5: sources[0].colums: unknown key "colums"')
  })

  it('reports an unknown source kind with the allowed kinds', () => {
    const err = errorOf(`sources:\n  - { id: x, kind: kafka }\n`)
    expect(err.message).toMatch(/sources\[0\]\.kind: .*host.*demo.*prometheus.*http-json.*csv.*sql.*push/)
  })

  it('reports duplicate source ids', () => {
    const err = errorOf(`sources:\n  - { id: a, kind: host }\n  - { id: a, kind: host }\n`)
    expect(err.message).toContain('sources[1].id: duplicate source id "a" (also sources[0])')
  })

  it('reports YAML syntax errors with their position', () => {
    const err = errorOf(`sources:\n  - id: a\n   kind: host\n`)
    expect(err.message).toMatch(/^vigil\.yaml:\d+:\d+: YAML syntax/)
  })

  it('refuses a top level that is not a mapping', () => {
    expect(errorOf('- a\n- b\n').message).toContain('expected a mapping')
  })

  it('treats an empty file as an empty config', () => {
    expect(parseConfigText('', 'vigil.yaml').sources).toEqual([])
  })
})
