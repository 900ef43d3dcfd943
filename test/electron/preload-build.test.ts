// Builds the preload with the project's real electron-vite config and runs the output the way
// Electron runs a sandboxed preload: CommonJS, with `require` limited to a few modules.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { runInNewContext } from 'node:vm'
import { resolveConfig } from 'electron-vite'
import { build, type InlineConfig } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ipcRequestChannel, requestNames } from '../../src/shared/api'

const root = resolve(import.meta.dirname, '../..')
// What a sandboxed preload's require() can load (Electron docs: "Sandboxed preload scripts").
const SANDBOX_MODULES = new Set(['electron', 'events', 'timers', 'url', 'node:events', 'node:timers', 'node:url'])

let outDir: string
let code: string

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'vigil-preload-build-'))
  const resolved = await resolveConfig({ root, build: { outDir, emptyOutDir: true }, logLevel: 'warn' }, 'build', 'production')
  const preload = resolved.config?.preload as InlineConfig | undefined
  if (!preload) throw new Error('electron.vite.config.ts has no preload section')
  await build({ ...preload, configFile: false })
  const files = readdirSync(join(outDir, 'preload'))
  expect(files).toContain('index.js')
  code = readFileSync(join(outDir, 'preload', 'index.js'), 'utf8')
})

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true })
})

describe('built preload (out/preload/index.js)', () => {
  it('is CommonJS and requires only modules a sandboxed preload may load', () => {
    expect(code).not.toMatch(/^\s*import\s/m)
    const required = [...code.matchAll(/require\((["'])([^"']+)\1\)/g)].map((m) => m[2])
    expect(required).toContain('electron')
    for (const name of required) expect(SANDBOX_MODULES, `preload requires "${name}"`).toContain(name)
  })

  it('runs in a sandbox-like context and exposes the contract as window.vigil', async () => {
    const exposed = new Map<string, Record<string, unknown>>()
    const invocations: Array<[string, unknown]> = []
    const listeners = new Map<string, unknown[]>()
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (channel: string, arg: unknown) => {
          invocations.push([channel, arg])
          return 'ok'
        },
        on: (channel: string, fn: unknown) => listeners.set(channel, [...(listeners.get(channel) ?? []), fn]),
        removeListener: () => {}
      }
    }
    const module = { exports: {} }
    const sandboxRequire = (name: string): unknown => {
      if (name === 'electron') return electron
      throw new Error(`module not found: ${name}`)
    }
    runInNewContext(code, {
      require: sandboxRequire,
      module,
      exports: module.exports,
      window: { location: { hash: '' } },
      console
    })
    const bridge = exposed.get('vigil')
    expect(bridge && Object.keys(bridge).sort()).toEqual([...requestNames, 'on'].sort())
    await expect((bridge!.getHealth as (a: unknown) => Promise<unknown>)({})).resolves.toBe('ok')
    expect(invocations).toEqual([[ipcRequestChannel('getHealth'), {}]])
    expect([...listeners.keys()]).toEqual(['vigil:navigate'])
  })
})
