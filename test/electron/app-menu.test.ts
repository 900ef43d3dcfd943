// The desktop app's menu and review-mode launch, through the whole shell (runElectronApp) on the
// fake electron module: dialogs answer as a user would, and the test checks what the app did
// (relaunch arguments, the engine export with an absolute path and period, the PDF on disk).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ipcRequestChannel, requestNames, type ArchiveExportResult, type VigilApi } from '../../src/shared/api'
import { EventBus } from '../../src/main/engine/event-bus'
import type { Engine } from '../../src/main/engine/types'
import type { ReportRenderer } from '../../src/main/reports/report-renderer'
import type { DesktopLiveEngine, StartArchiveEngine, StartEngine } from '../../src/main/electron/lifecycle'

vi.mock('electron', () => import('./fake-electron'))

type Fake = typeof import('./fake-electron')
let fake: Fake
let runElectronApp: (typeof import('../../src/main/electron/lifecycle'))['runElectronApp']
let signalListeners: Map<string, Function[]>
let dir: string

const DAY_MS = 86_400_000

function fakeApi(): VigilApi {
  return Object.fromEntries(requestNames.map((name) => [name, vi.fn(async () => ({ from: name }))])) as unknown as VigilApi
}

function liveEngine() {
  const exportArchiveTo = vi.fn(async (out: string, range: { from: number; to: number; sign?: boolean }, onProgress?: (f: number, stage: string) => void): Promise<ArchiveExportResult> => {
    onProgress?.(0.25, 'table samples')
    onProgress?.(1, 'done')
    return { path: out, bytes: 2_621_440, from: range.from, to: range.to, members: 9, samples: 123_456, signed: range.sign === true }
  })
  const engine = {
    api: fakeApi(),
    bus: new EventBus(),
    push: vi.fn(),
    maxPushBodyBytes: 1 << 20,
    readOnly: false,
    stop: vi.fn(async () => {}),
    setReportRenderer: vi.fn(async (_renderer: ReportRenderer | null) => {}),
    exportArchiveTo
  }
  return engine satisfies DesktopLiveEngine
}

function archiveEngine(): Engine & { stop: ReturnType<typeof vi.fn> } {
  const api = fakeApi()
  vi.mocked(api.getAppInfo).mockResolvedValue({
    version: '9.9.9-test',
    mode: 'archive',
    configPath: null,
    configError: null,
    dataDir: null,
    now: Date.parse('2026-03-31T00:00:00Z'),
    archive: { name: 'q1.vigil', from: Date.parse('2026-01-01T00:00:00Z'), to: Date.parse('2026-03-31T00:00:00Z'), verified: true, signed: false }
  })
  return { api, bus: new EventBus(), push: vi.fn(), maxPushBodyBytes: 1 << 20, readOnly: true, stop: vi.fn(async () => {}) }
}

const noArchives: StartArchiveEngine = async () => {
  throw new Error('this test opens no archive')
}

function start(startEngine: StartEngine, argv: string[] = [], startArchiveEngine: StartArchiveEngine = noArchives): void {
  runElectronApp({ startEngine, startArchiveEngine, preloadPath: '/app/out/preload/index.js', rendererDir: dir, argv })
}

/** Starts the shell and waits until the page is loaded (the menu is in place by then). */
async function started(startEngine: StartEngine, argv: string[] = [], startArchiveEngine?: StartArchiveEngine) {
  start(startEngine, argv, startArchiveEngine)
  fake.app.becomeReady()
  await vi.waitFor(() => expect(fake.BrowserWindow.instances[0]?.loadedUrl).toMatch(/^app:\/\/vigil\/index\.html/))
  return fake.BrowserWindow.instances[0]
}

function menu() {
  const m = fake.Menu.applicationMenu
  if (!m) throw new Error('no application menu')
  return m
}

function click(...labels: string[]): void {
  const item = menu().item(...labels)
  if (item.enabled === false || !item.click) throw new Error(`${labels.join(' → ')} is disabled`)
  item.click()
}

/** Plays the report page in the hidden print window: ready at once. */
function reportWindowReady(): InstanceType<Fake['BrowserWindow']> {
  const win = fake.BrowserWindow.instances.at(-1)!
  win.webContents.evaluate = () => ({ ready: true })
  return win
}

beforeEach(async () => {
  fake = await import('./fake-electron')
  fake.resetFakeElectron()
  ;({ runElectronApp } = await import('../../src/main/electron/lifecycle'))
  signalListeners = new Map(['SIGINT', 'SIGTERM'].map((s) => [s, process.listeners(s as NodeJS.Signals)]))
  dir = mkdtempSync(join(tmpdir(), 'vigil-menu-'))
})

afterEach(() => {
  for (const [signal, before] of signalListeners) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!before.includes(listener)) process.off(signal, listener as () => void)
    }
  }
  rmSync(dir, { recursive: true, force: true })
  vi.restoreAllMocks()
})

describe('application menu', () => {
  it('has File → Open archive…, Export archive…, Export report (PDF)…, Quit; none in kiosk mode', async () => {
    await started(async () => liveEngine())
    const file = menu().item('File').submenu!.filter((i) => i.type !== 'separator')
    expect(file.map((i) => i.label)).toEqual(['Open archive…', 'Export archive…', 'Export report (PDF)…', ...(process.platform === 'darwin' ? [] : ['Quit'])])
    expect(menu().item('File', 'Export archive…').enabled).toBe(true)

    fake.resetFakeElectron()
    await started(async () => liveEngine(), ['--kiosk'])
    expect(fake.Menu.applicationMenu).toBeNull()
  })

  it('Open archive… asks for a .vigil file and relaunches on it after the engine stopped', async () => {
    const engine = liveEngine()
    const win = await started(async () => engine, ['.', '--data-dir', '/srv/vigil'])
    fake.dialog.answers.push(['/audit/q1.vigil'])
    click('File', 'Open archive…')
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true))
    expect(fake.dialog.calls[0]).toMatchObject({ kind: 'open', window: win, options: { properties: ['openFile'], filters: [{ name: 'Vigil archive', extensions: ['vigil'] }] } })
    expect(fake.app.relaunches).toEqual([{ args: ['.', '--data-dir', '/srv/vigil', '--archive', '/audit/q1.vigil'] }])
    // The live store is closed before the new instance opens the archive.
    expect(engine.stop).toHaveBeenCalledTimes(1)
  })

  it('Open archive… cancelled does nothing', async () => {
    await started(async () => liveEngine())
    click('File', 'Open archive…')
    await vi.waitFor(() => expect(fake.dialog.calls).toHaveLength(1))
    await new Promise((r) => setImmediate(r))
    expect(fake.app.relaunches).toEqual([])
    expect(fake.app.quitRequests).toBe(0)
  })

  it('Export archive… exports the chosen period through the engine to the absolute path, with progress and a result', async () => {
    const engine = liveEngine()
    const win = await started(async () => engine)
    const before = Date.now()
    fake.dialog.answers.push(2, join(dir, 'q1-export'))
    click('File', 'Export archive…')
    await vi.waitFor(() => expect(fake.dialog.calls.filter((c) => c.kind === 'message')).toHaveLength(2))

    const [period, save, result] = fake.dialog.calls
    expect(period.options.buttons).toEqual(['Last 24 hours', 'Last 7 days', 'Last 30 days', 'Cancel'])
    expect(save).toMatchObject({ kind: 'save', window: win, options: { filters: [{ name: 'Vigil archive', extensions: ['vigil'] }] } })
    expect(save.options.defaultPath).toMatch(/^vigil-\d{8}T\d{4}Z-\d{8}T\d{4}Z\.vigil$/)

    expect(engine.exportArchiveTo).toHaveBeenCalledTimes(1)
    const [out, range] = engine.exportArchiveTo.mock.calls[0]
    expect(out).toBe(join(dir, 'q1-export.vigil'))
    expect(range.to - range.from).toBe(30 * DAY_MS)
    expect(range.sign).toBeUndefined()
    expect(range.to).toBeGreaterThanOrEqual(before)
    expect(win.progress).toEqual([0, 0.25, 1, -1])
    expect(result.options).toMatchObject({ type: 'info', message: `Archive exported: ${join(dir, 'q1-export.vigil')}` })
    expect(result.options.detail).toBe('last 30 days: 123,456 samples, 9 members, 2.5 MB, unsigned.')
  })

  it('Export archive… signs the archive when the box is ticked', async () => {
    const engine = liveEngine()
    await started(async () => engine)
    fake.dialog.answers.push({ response: 0, checkbox: true }, join(dir, 'signed.vigil'))
    click('File', 'Export archive…')
    await vi.waitFor(() => expect(fake.dialog.calls.filter((c) => c.kind === 'message')).toHaveLength(2))
    expect(fake.dialog.calls[0].options).toMatchObject({ checkboxLabel: expect.stringContaining('Sign it'), checkboxChecked: false })
    const [out, range] = engine.exportArchiveTo.mock.calls[0]
    expect(out).toBe(join(dir, 'signed.vigil'))
    expect(range).toMatchObject({ sign: true })
    expect(range.to - range.from).toBe(DAY_MS)
    expect(fake.dialog.calls.at(-1)!.options.detail).toMatch(/, signed\.$/)
  })

  it('Export archive… shows the engine’s error and clears the progress bar', async () => {
    const engine = liveEngine()
    engine.exportArchiveTo.mockRejectedValueOnce(new Error('export: cannot write /read-only/q1.vigil: EACCES'))
    const win = await started(async () => engine)
    fake.dialog.answers.push(0, '/read-only/q1.vigil')
    click('File', 'Export archive…')
    await vi.waitFor(() => expect(fake.dialog.calls.filter((c) => c.kind === 'message')).toHaveLength(2))
    const [out, range] = engine.exportArchiveTo.mock.calls[0]
    expect(out).toBe('/read-only/q1.vigil')
    expect(range.to - range.from).toBe(DAY_MS)
    expect(fake.dialog.calls.at(-1)!.options).toMatchObject({ type: 'error', title: 'Export failed', detail: 'export: cannot write /read-only/q1.vigil: EACCES' })
    expect(win.progress).toEqual([0, -1])
  })

  it('Export archive… cancelled at the period or the file writes nothing', async () => {
    const engine = liveEngine()
    await started(async () => engine)
    fake.dialog.answers.push(3)
    click('File', 'Export archive…')
    await vi.waitFor(() => expect(fake.dialog.calls).toHaveLength(1))
    fake.dialog.answers.push(1) // then no file: the save dialog is cancelled
    await new Promise((r) => setImmediate(r))
    click('File', 'Export archive…')
    await vi.waitFor(() => expect(fake.dialog.calls.map((c) => c.kind)).toEqual(['message', 'message', 'save']))
    await new Promise((r) => setImmediate(r))
    expect(engine.exportArchiveTo).not.toHaveBeenCalled()
  })

  it('Export report (PDF)… prints the executive report of the last 30 days and writes the PDF', async () => {
    const engine = liveEngine()
    const before = Date.now()
    await started(async () => engine)
    fake.dialog.answers.push(join(dir, 'board'))
    click('File', 'Export report (PDF)…')
    await vi.waitFor(() => expect(fake.BrowserWindow.instances).toHaveLength(2))
    const printWin = reportWindowReady()
    const file = join(dir, 'board.pdf')
    await vi.waitFor(() => expect(existsSync(file)).toBe(true))

    const url = new URL(printWin.loadedUrl!)
    expect(url.pathname).toBe('/report.html')
    expect(url.searchParams.get('view')).toBe('executive')
    expect(url.searchParams.get('orientation')).toBe('landscape')
    const from = Number(url.searchParams.get('from'))
    const to = Number(url.searchParams.get('to'))
    expect(to - from).toBe(30 * DAY_MS)
    expect(to).toBeGreaterThanOrEqual(before)
    expect(readFileSync(file, 'latin1')).toBe(`%PDF-fake ${JSON.stringify({ pageSize: 'A4', landscape: true, printBackground: true })}`)
    expect(printWin.destroyed).toBe(true)
    await vi.waitFor(() => expect(fake.dialog.calls.at(-1)!.options).toMatchObject({ type: 'info', message: `Report exported: ${file}` }))
  })
})

describe('scheduled reports in the desktop app', () => {
  it('lends the live engine a printToPDF renderer whose hidden window the IPC bridge trusts while it prints', async () => {
    const engine = liveEngine()
    await started(async () => engine)
    expect(engine.setReportRenderer).toHaveBeenCalledTimes(1)
    const renderer = engine.setReportRenderer.mock.calls[0][0]!
    const params = { view: 'executive', from: 1_700_000_000_000, to: 1_700_086_400_000, orientation: 'portrait' as const }
    const pending = renderer.render(params)
    const printWin = fake.BrowserWindow.instances.at(-1)!
    let answered: unknown = null
    printWin.webContents.evaluate = () => {
      // The report page asks the engine through IPC while it paints.
      void fake.ipcMain.invoke(ipcRequestChannel('getAppInfo'), { sender: printWin.webContents, senderFrame: { url: 'app://vigil/report.html', origin: 'app://vigil', parent: null } }, {}).then((r) => (answered = r))
      return { ready: true }
    }
    const pdf = await pending
    expect(pdf.toString('latin1')).toContain('"landscape":false')
    await vi.waitFor(() => expect(answered).toEqual({ from: 'getAppInfo' }))
    // Once printed, the window is no longer trusted.
    await expect(fake.ipcMain.invoke(ipcRequestChannel('getAppInfo'), { sender: printWin.webContents, senderFrame: { url: 'app://vigil/report.html', origin: 'app://vigil', parent: null } }, {})).rejects.toThrow('IPC from untrusted sender')
  })
})

describe('review mode (--archive)', () => {
  it('starts the archive engine instead of the live one; no scheduled reports, Export archive… disabled', async () => {
    const archive = archiveEngine()
    const startEngine = vi.fn(async () => liveEngine())
    const startArchiveEngine = vi.fn(async () => archive)
    await started(startEngine, ['--archive', 'audit/q1.vigil'], startArchiveEngine)
    expect(startArchiveEngine).toHaveBeenCalledExactlyOnceWith({ archivePath: resolve(process.cwd(), 'audit/q1.vigil'), version: '9.9.9-test' })
    expect(startEngine).not.toHaveBeenCalled()
    expect(menu().item('File', 'Export archive…').enabled).toBe(false)

    // The report covers the archive's whole range.
    fake.dialog.answers.push(join(dir, 'q1.pdf'))
    click('File', 'Export report (PDF)…')
    await vi.waitFor(() => expect(fake.BrowserWindow.instances).toHaveLength(2))
    const printWin = reportWindowReady()
    await vi.waitFor(() => expect(existsSync(join(dir, 'q1.pdf'))).toBe(true))
    const url = new URL(printWin.loadedUrl!)
    expect([url.searchParams.get('from'), url.searchParams.get('to')]).toEqual([String(Date.parse('2026-01-01T00:00:00Z')), String(Date.parse('2026-03-31T00:00:00Z'))])

    // Quitting closes the archive engine.
    fake.app.quit()
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true))
    expect(archive.stop).toHaveBeenCalledTimes(1)
  })

  it('a refused archive shows why in an error dialog and exits non-zero without a window', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const reason = 'archive q1.vigil cannot be opened:\n  - checksum mismatch for data/samples.parquet'
    const startEngine = vi.fn(async () => liveEngine())
    start(startEngine, ['--archive=/audit/q1.vigil'], async () => {
      throw new Error(reason)
    })
    fake.app.becomeReady()
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(1))
    expect(fake.dialog.errorBoxes).toEqual([{ title: 'Vigil could not open the archive q1.vigil', content: reason }])
    expect(fake.BrowserWindow.instances).toHaveLength(0)
    expect(startEngine).not.toHaveBeenCalled()
  })
})
