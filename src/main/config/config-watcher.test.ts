import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { VigilConfig } from '@shared/config/schema'
import type { ConfigError } from './config-error'
import { watchConfig } from './config-watcher'

const good = 'sources:\n  - { id: a, kind: host }\n'

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('watchConfig', () => {
  let dir = ''
  let stop: () => void = () => undefined
  afterEach(() => {
    stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('reloads a valid edit, reports an invalid one and ignores unchanged content', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-watch-'))
    const path = join(dir, 'vigil.yaml')
    writeFileSync(path, good)
    const configs: VigilConfig[] = []
    const errors: ConfigError[] = []
    stop = watchConfig({ path, initialText: good, onChange: (c) => void configs.push(c), onError: (e) => void errors.push(e), debounceMs: 20 })

    writeFileSync(path, good + '  - { id: b, kind: host }\n')
    await until(() => configs.length === 1)
    expect(configs[0].sources.map((s) => s.id)).toEqual(['a', 'b'])

    writeFileSync(path, 'sources:\n  - { id: b, kind: host, interval: soon }\n')
    await until(() => errors.length === 1)
    expect(errors[0].message).toContain('sources[0].interval')
    expect(configs).toHaveLength(1)

    // Editors that save by rename are picked up too.
    writeFileSync(join(dir, 'tmp.yaml'), good)
    renameSync(join(dir, 'tmp.yaml'), path)
    await until(() => configs.length === 2)
    expect(configs[1].sources.map((s) => s.id)).toEqual(['a'])
  })
})
