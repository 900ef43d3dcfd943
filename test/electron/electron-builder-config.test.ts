// electron-builder.yml (packaging): loaded and schema-validated by electron-builder's own code
// (app-builder-lib), every fuse checked, and the fuse config electron-builder derives from it
// flipped into a synthetic fuse wire with @electron/fuses, then read back. Packaging itself needs
// the Electron binary, which cannot be downloaded here.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const require = createRequire(import.meta.url)
const root = resolve(import.meta.dirname, '../..')

type BuilderConfig = Record<string, unknown> & { electronFuses?: Record<string, boolean> }
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null): Promise<BuilderConfig>
  validateConfiguration(config: BuilderConfig, debugLogger: unknown): Promise<void>
}
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled?: boolean) => unknown }
const { PlatformPackager } = require('app-builder-lib') as {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: Record<string, boolean>): Promise<Record<string, unknown>> } }
}
const fuses = require('@electron/fuses') as {
  FuseV1Options: Record<string, number | string>
  flipFuses(path: string, config: Record<string, unknown>): Promise<number>
  getCurrentFuseWire(path: string): Promise<Record<string, unknown>>
}
const { SENTINEL, FuseState } = require('@electron/fuses/dist/constants') as { SENTINEL: string; FuseState: Record<string, number> }

/** The fuses the security checklist asks for, by electron-builder key. */
const EXPECTED_FUSES: Record<string, boolean> = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false
}

/** @electron/fuses's option name for each electron-builder key (RunAsNode ↔ runAsNode). */
const FUSE_OPTION: Record<string, string> = Object.fromEntries(Object.keys(EXPECTED_FUSES).map((key) => [key, key[0].toUpperCase() + key.slice(1)]))

let config: BuilderConfig

/** A copy of the project's package.json and electron-builder.yml, optionally with the YAML changed. */
function projectCopy(edit?: (yaml: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-builder-config-'))
  copyFileSync(join(root, 'package.json'), join(dir, 'package.json'))
  const yaml = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>
  edit?.(yaml)
  writeFileSync(join(dir, 'electron-builder.yml'), JSON.stringify(yaml))
  return dir
}

beforeAll(async () => {
  // The same loader electron-builder runs: it finds electron-builder.yml beside package.json.
  config = await getConfig(root, null)
})

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own schema (app-builder-lib scheme.json)", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('names the app, packs only the built app into app.asar, and targets AppImage/deb, dmg and nsis', () => {
    const raw = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>
    expect(raw).toMatchObject({ productName: 'Vigil', files: ['out/**'], asar: true })
    expect(config).toMatchObject({ productName: 'Vigil', files: [{ filter: ['out/**'] }], asar: true })
    expect(config.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/)
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] })
    expect(config.mac).toMatchObject({ target: 'dmg' })
    expect(config.win).toMatchObject({ target: 'nsis' })
  })

  it('sets every fuse to its hardened value', () => {
    expect(config.electronFuses).toEqual(EXPECTED_FUSES)
  })

  it('leaves no fuse of the installed @electron/fuses unset', async () => {
    const derived = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses!)
    const wireIndexes = Object.values(fuses.FuseV1Options).filter((v): v is number => typeof v === 'number')
    expect(wireIndexes.length).toBeGreaterThanOrEqual(8)
    for (const index of wireIndexes) expect(derived[index], `fuse ${fuses.FuseV1Options[index]}`).toBeTypeOf('boolean')
  })

  it('flips a fuse wire (laid out as in the Electron binary) to exactly these values', async () => {
    // Electron's shipped defaults: RunAsNode, NodeOptions, NodeCliInspect and file:// privileges on.
    const shipped = [1, 0, 1, 1, 0, 0, 0, 1]
    const dir = mkdtempSync(join(tmpdir(), 'vigil-fuse-wire-'))
    const binary = join(dir, 'electron')
    try {
      const wire = Buffer.from(shipped.map((on) => (on ? FuseState.ENABLE : FuseState.DISABLE)))
      writeFileSync(binary, Buffer.concat([Buffer.alloc(64, 7), Buffer.from(SENTINEL), Buffer.from([1, wire.length]), wire, Buffer.alloc(64, 7)]))
      const derived = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses!)
      await fuses.flipFuses(binary, derived)
      const after = await fuses.getCurrentFuseWire(binary)
      for (const [key, value] of Object.entries(EXPECTED_FUSES)) {
        const index = fuses.FuseV1Options[FUSE_OPTION[key]] as number
        expect(after[index], key).toBe(value ? FuseState.ENABLE : FuseState.DISABLE)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('the schema check is live: a misspelt fuse or a non-boolean value is rejected', async () => {
    for (const edit of [
      (y: Record<string, unknown>) => ((y.electronFuses as Record<string, unknown>).runAsnode = false),
      (y: Record<string, unknown>) => ((y.electronFuses as Record<string, unknown>).onlyLoadAppFromAsar = 'yes please')
    ]) {
      const dir = projectCopy(edit)
      try {
        const edited = await getConfig(dir, null)
        await expect(validateConfiguration(edited, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object/)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  })
})
