import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const { electronPackageDir, findElectronBinary, platformExecutable } = require('../../scripts/electron-binary.cjs') as {
  electronPackageDir(fromDir: string): string | null
  findElectronBinary(
    packageDir: string | null,
    env?: NodeJS.ProcessEnv,
    platform?: NodeJS.Platform
  ): { found: true; path: string } | { found: false; reason: string }
  platformExecutable(platform?: NodeJS.Platform): string
}

const root = resolve(import.meta.dirname, '../..')
let project: string
let pkg: string

/** A project folder with node_modules/electron as npm leaves it before the binary download. */
function fakeElectronPackage(): string {
  const dir = join(project, 'node_modules', 'electron')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0', main: 'index.js' }))
  // Loading this would mean the detection ran electron/index.js (which downloads).
  writeFileSync(join(dir, 'index.js'), 'throw new Error("index.js must not be loaded")')
  return dir
}

/** What electron/install.js leaves after a successful download. */
function installBinary(dir: string, relative = 'electron'): string {
  const binary = join(dir, 'dist', relative)
  mkdirSync(join(binary, '..'), { recursive: true })
  writeFileSync(binary, '#!/bin/sh\nexit 0\n')
  chmodSync(binary, 0o755)
  writeFileSync(join(dir, 'path.txt'), relative)
  return binary
}

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'vigil-electron-binary-'))
  pkg = fakeElectronPackage()
})

afterEach(() => {
  rmSync(project, { recursive: true, force: true })
})

describe('Electron binary detection', () => {
  it('finds the package folder without loading electron/index.js', () => {
    expect(electronPackageDir(project)).toBe(pkg)
  })

  it('reports the binary missing when path.txt was never written', () => {
    const result = findElectronBinary(pkg, {}, 'linux')
    expect(result.found).toBe(false)
    expect(!result.found && result.reason).toContain('path.txt')
  })

  it('reports the binary missing when path.txt exists but dist/ does not', () => {
    writeFileSync(join(pkg, 'path.txt'), 'electron')
    const result = findElectronBinary(pkg, {}, 'linux')
    expect(result.found).toBe(false)
    expect(!result.found && result.reason).toContain(join(pkg, 'dist', 'electron'))
  })

  it('finds an installed binary through path.txt', () => {
    const binary = installBinary(pkg)
    expect(findElectronBinary(pkg, {}, 'linux')).toEqual({ found: true, path: binary })
  })

  it('follows path.txt to the macOS app bundle layout', () => {
    const binary = installBinary(pkg, 'Electron.app/Contents/MacOS/Electron')
    expect(findElectronBinary(pkg, {}, 'darwin')).toEqual({ found: true, path: binary })
  })

  it('refuses a binary that is not executable', () => {
    const binary = installBinary(pkg)
    chmodSync(binary, 0o644)
    expect(findElectronBinary(pkg, {}, 'linux').found).toBe(false)
  })

  it('honours ELECTRON_OVERRIDE_DIST_PATH like electron itself', () => {
    const dist = join(project, 'custom-dist')
    mkdirSync(dist)
    writeFileSync(join(dist, 'electron'), '')
    chmodSync(join(dist, 'electron'), 0o755)
    expect(findElectronBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: dist }, 'linux')).toEqual({ found: true, path: join(dist, 'electron') })
  })

  it('reports a missing electron package', () => {
    const bare = mkdtempSync(join(tmpdir(), 'vigil-no-electron-'))
    try {
      expect(electronPackageDir(bare)).toBeNull()
      expect(findElectronBinary(null).found).toBe(false)
    } finally {
      rmSync(bare, { recursive: true, force: true })
    }
  })

  it('knows each platform’s executable name', () => {
    expect(platformExecutable('linux')).toBe('electron')
    expect(platformExecutable('win32')).toBe('electron.exe')
    expect(platformExecutable('darwin')).toBe('Electron.app/Contents/MacOS/Electron')
  })
})

describe('npm start without the Electron binary', () => {
  it('prints one sentence pointing to npm run serve and exits 1, with no stack trace or download', () => {
    // An empty override dist folder makes the binary missing on any machine (Electron reads the same variable).
    const emptyDist = join(project, 'empty-dist')
    mkdirSync(emptyDist)
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'start.cjs'), '--kiosk'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: emptyDist }
    })
    expect(run.status).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr.trim().split('\n')).toEqual([
      'Vigil: the Electron binary is not installed on this machine (it could not be downloaded); run "npm run serve" to use Vigil in a browser instead.'
    ])
  })
})
