// Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security), the
// items not covered by a more specific test file: every window's web preferences, the CSP of the
// pages, and source-wide rules ("only ipc-bridge.ts registers IPC handlers", …) that keep a new
// file from quietly bypassing the shell's guards. docs/security-checklist.md maps every item to
// its test.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('./fake-electron'))

const fake = await import('./fake-electron')
const { createMainWindow } = await import('../../src/main/electron/window')
const { printReport } = await import('../../src/main/electron/print-report')
const { CONTENT_SECURITY_POLICY } = await import('../../src/main/electron/app-protocol')

const root = resolve(import.meta.dirname, '../..')

/** The web preferences every window of the app must have, in full. */
const LOCKED_DOWN = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  disableBlinkFeatures: 'Auxclick',
  spellcheck: false
}

/** Shipped source files (src/, no tests) as [project-relative path, text without comment lines]. */
function shippedSources(): Array<[string, string]> {
  const files: Array<[string, string]> = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/\.(ts|tsx|html|css)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        const code = readFileSync(path, 'utf8')
          .split('\n')
          .filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line))
          .join('\n')
        files.push([relative(root, path).split(sep).join('/'), code])
      }
    }
  }
  walk(join(root, 'src'))
  return files
}

const sources = shippedSources()

/** The shipped files whose code matches pattern. */
function filesMatching(pattern: RegExp): string[] {
  return sources.filter(([, code]) => pattern.test(code)).map(([file]) => file)
}

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/)
        return [name, values] as const
      })
  )
}

function metaPolicy(page: string): string {
  const html = readFileSync(join(root, 'src', 'renderer', page), 'utf8')
  const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)
  if (!match) throw new Error(`src/renderer/${page} has no Content-Security-Policy meta tag`)
  return match[1]
}

beforeEach(() => {
  fake.BrowserWindow.instances.length = 0
})

describe('every window (items 2, 3, 4, 6, 8, 9, 10)', () => {
  it('the main window, in both modes, and the report window get the full locked-down web preferences', async () => {
    createMainWindow({ preloadPath: '/app/out/preload/index.js', kiosk: false })
    createMainWindow({ preloadPath: '/app/out/preload/index.js', kiosk: true })
    const printing = printReport({ view: 'executive', from: 0, to: 1, orientation: 'portrait' }, { preloadPath: '/app/out/preload/index.js', pollMs: 1, trust: () => () => undefined })
    const report = fake.BrowserWindow.instances[2]
    report.webContents.evaluate = () => ({ ready: true })
    await printing
    expect(fake.BrowserWindow.instances).toHaveLength(3)
    for (const win of fake.BrowserWindow.instances) {
      expect(win.options.webPreferences).toEqual({ preload: '/app/out/preload/index.js', ...LOCKED_DOWN })
    }
  })

  it('no window enables Blink features, experimental features or the remote module', () => {
    createMainWindow({ preloadPath: '/p.js', kiosk: false })
    const prefs = fake.BrowserWindow.instances[0].options.webPreferences as Record<string, unknown>
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
    expect(prefs).not.toHaveProperty('enableRemoteModule')
    expect(prefs.experimentalFeatures).toBe(false)
  })

  it('window.ts is the only file that constructs a BrowserWindow, and nothing creates views or webviews', () => {
    expect(filesMatching(/new\s+BrowserWindow\s*\(/)).toEqual(['src/main/electron/window.ts'])
    expect(filesMatching(/\b(BrowserView|WebContentsView)\b/)).toEqual([])
    expect(filesMatching(/<webview\b/i)).toEqual([])
    expect(filesMatching(/\b(enableBlinkFeatures|blinkfeatures|allowpopups|disablewebsecurity)\b/i)).toEqual([])
    // Nothing anywhere turns a protection off, not even for a window created some other way.
    expect(filesMatching(/\b(nodeIntegration\w*|allowRunningInsecureContent|experimentalFeatures|webviewTag)\s*:\s*true\b/)).toEqual([])
    expect(filesMatching(/\b(contextIsolation|sandbox|webSecurity)\s*:\s*false\b/)).toEqual([])
  })
})

describe('Content Security Policy (items 1 and 7)', () => {
  const header = directives(CONTENT_SECURITY_POLICY)

  it.each(['index.html', 'report.html'])('%s carries the same policy as the app:// header (frame-ancestors aside: a meta tag cannot set it)', (page) => {
    const meta = directives(metaPolicy(page))
    const expected = new Map(header)
    expected.delete('frame-ancestors')
    expect(meta).toEqual(expected)
  })

  it('scripts only from the app itself: no inline scripts, no eval, no remote hosts anywhere', () => {
    expect(header.get('script-src')).toEqual(["'self'"])
    expect(header.get('default-src')).toEqual(["'self'"])
    for (const [name, values] of header) {
      for (const value of values) {
        expect(value, `${name} ${value}`).not.toMatch(/^(\*|https?:|wss?:|'unsafe-eval'|'wasm-unsafe-eval'|'unsafe-hashes')/)
        if (name !== 'style-src') expect(value, `${name} ${value}`).not.toBe("'unsafe-inline'")
      }
    }
  })

  it('the pages load nothing from another origin', () => {
    for (const page of ['index.html', 'report.html']) {
      const html = readFileSync(join(root, 'src', 'renderer', page), 'utf8')
      expect(html).not.toMatch(/\b(src|href)\s*=\s*"(https?:)?\/\//i)
    }
  })
})

describe('source-wide rules', () => {
  it('item 5: the app uses only the default session (whose permission handlers deny everything), no partitions', () => {
    expect(filesMatching(/\b(fromPartition|fromPath)\s*\(|\bpartition\s*:/)).toEqual([])
    expect(filesMatching(/denyAllPermissions\(session\.defaultSession\)/)).toEqual(['src/main/electron/lifecycle.ts'])
  })

  it('item 13/14: web contents are guarded for every window, via app web-contents-created', () => {
    expect(filesMatching(/setWindowOpenHandler\s*\(/)).toEqual(['src/main/electron/navigation-guard.ts'])
    expect(filesMatching(/'web-contents-created'/)).toEqual(['src/main/electron/lifecycle.ts'])
  })

  it('item 15: shell.openExternal is called only behind the allow-list in navigation-guard.ts', () => {
    expect(filesMatching(/\bopenExternal\s*\(/)).toEqual(['src/main/electron/navigation-guard.ts'])
    const guard = sources.find(([file]) => file === 'src/main/electron/navigation-guard.ts')![1]
    expect(guard).toMatch(/if \(!isAllowedExternalUrl\(url, allowList\)\) return\s+shell\.openExternal\(url\)/)
  })

  it('item 17: IPC handlers are registered only by ipc-bridge.ts, with invoke/handle (no unchecked ipcMain.on)', () => {
    expect(filesMatching(/ipcMain\.(handle|handleOnce)\s*\(/)).toEqual(['src/main/electron/ipc-bridge.ts'])
    expect(filesMatching(/ipcMain\.(on|once|addListener)\s*\(/)).toEqual([])
  })

  it('item 18: no page is loaded from file:// (app:// serves the renderer)', () => {
    expect(filesMatching(/\.loadFile\s*\(/)).toEqual([])
    expect(filesMatching(/loadURL\s*\(\s*['"`]file:/)).toEqual([])
    expect(filesMatching(/pathToFileURL/).filter((file) => file.startsWith('src/main/electron/'))).toEqual([])
  })

  it('item 20: the preload exposes exactly one object, window.vigil', () => {
    expect(filesMatching(/exposeInMainWorld\s*\(/)).toEqual(['src/preload/index.ts'])
    const preload = sources.find(([file]) => file === 'src/preload/index.ts')![1]
    expect(preload.match(/exposeInMainWorld\s*\(/g)).toHaveLength(1)
  })

  it('no remote module: @electron/remote is neither a dependency nor imported', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>
    expect({ ...pkg.dependencies, ...pkg.devDependencies }).not.toHaveProperty('@electron/remote')
    expect(filesMatching(/['"]@electron\/remote['"]|\benableRemoteModule\b/)).toEqual([])
  })

  it('no command-line switch weakens Chromium (appendSwitch / appendArgument) and no certificate check is bypassed', () => {
    expect(filesMatching(/commandLine\.append(Switch|Argument)\s*\(/)).toEqual([])
    expect(filesMatching(/setCertificateVerifyProc|'certificate-error'/)).toEqual([])
  })
})

describe('item 16: a current Electron', () => {
  it('package.json pins one exact Electron version, and the installed and locked versions are that one', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
    const pinned = pkg.devDependencies.electron
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/)
    const installed = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }
    expect(installed.version).toBe(pinned)
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> }
    expect(lock.packages['node_modules/electron']?.version).toBe(pinned)
  })
})
