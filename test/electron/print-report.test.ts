// The desktop app's report printing (src/main/electron/print-report.ts) against the fake electron
// module: a hidden, locked-down window on app://vigil/report.html, trusted by the IPC bridge only
// while it prints, printToPDF on A4 once the page is ready, the page's own error reported.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ipcRequestChannel } from '@shared/api'
import { EventBus } from '../../src/main/engine/event-bus'

vi.mock('electron', () => import('./fake-electron'))

const fake = await import('./fake-electron')
const { printReport } = await import('../../src/main/electron/print-report')
const { assertTrustedSender, registerIpcBridge } = await import('../../src/main/electron/ipc-bridge')

const params = { view: 'executive', from: 1_700_000_000_000, to: 1_700_086_400_000, orientation: 'portrait' as const }

beforeEach(() => {
  fake.BrowserWindow.instances.length = 0
})

function lastWindow() {
  return fake.BrowserWindow.instances.at(-1)!
}

describe('printReport', () => {
  it('loads the report page in a hidden sandboxed window, waits for ready, prints A4 and closes the window', async () => {
    const trusted: number[] = []
    let probes = 0
    const pending = printReport(params, {
      preloadPath: '/app/out/preload/index.js',
      pollMs: 1,
      trust: (win) => {
        trusted.push(win.webContents.id)
        return () => trusted.splice(trusted.indexOf(win.webContents.id), 1)
      }
    })
    const win = lastWindow()
    // Not ready for the first two probes, then ready.
    win.webContents.evaluate = () => (++probes < 3 ? { ready: false } : { ready: true })
    const pdf = await pending
    expect(win.options).toMatchObject({ show: false, webPreferences: { preload: '/app/out/preload/index.js', sandbox: true, contextIsolation: true, nodeIntegration: false } })
    expect(win.loadedUrl).toBe(`app://vigil/report.html?view=executive&from=${params.from}&to=${params.to}&orientation=portrait`)
    expect(probes).toBe(3)
    expect(win.webContents.printed).toEqual([{ pageSize: 'A4', landscape: false, printBackground: true }])
    expect(pdf.toString('latin1')).toMatch(/^%PDF-fake /)
    expect(win.destroyed).toBe(true)
    expect(trusted).toEqual([])
  })

  it("prints landscape when asked, and fails with the page's own error", async () => {
    const ok = printReport({ ...params, orientation: 'landscape' }, { preloadPath: '/p', pollMs: 1, trust: () => () => undefined })
    lastWindow().webContents.evaluate = () => ({ ready: true })
    await ok
    expect(lastWindow().webContents.printed[0]).toMatchObject({ landscape: true })

    const bad = printReport(params, { preloadPath: '/p', pollMs: 1, trust: () => () => undefined })
    const win = lastWindow()
    win.webContents.evaluate = () => ({ error: 'There is no view "executive"' })
    await expect(bad).rejects.toThrow('the report page says: There is no view "executive"')
    expect(win.webContents.printed).toEqual([])
    expect(win.destroyed).toBe(true)
  })

  it('gives up after the timeout, and reports a page that does not load', async () => {
    const slow = printReport(params, { preloadPath: '/p', pollMs: 1, timeoutMs: 5, trust: () => () => undefined })
    lastWindow().webContents.evaluate = () => ({ ready: false })
    await expect(slow).rejects.toThrow('the report page did not finish painting within 0 s')

    const broken = printReport(params, {
      preloadPath: '/p',
      trust: (win) => {
        ;(win as unknown as { loadError: Error }).loadError = new Error('ERR_FILE_NOT_FOUND')
        return () => undefined
      }
    })
    await expect(broken).rejects.toThrow(/^cannot load the report page app:\/\/vigil\/report\.html\?view=executive.*: ERR_FILE_NOT_FOUND$/)
  })
})

describe('IPC bridge: report windows', () => {
  const event = (contents: { id: number }) => ({ sender: contents, senderFrame: { url: 'app://vigil/report.html?view=executive', origin: 'app://vigil', parent: null } })
  let bridge: ReturnType<typeof registerIpcBridge> | null = null
  afterEach(() => bridge?.unregister())

  it('trusts a helper window only while it is trusted', async () => {
    const main = new fake.BrowserWindow({})
    const report = new fake.BrowserWindow({})
    const api = new Proxy({}, { get: (_t, name) => async () => ({ answeredBy: String(name) }) })
    bridge = registerIpcBridge({ api: api as never, bus: new EventBus() }, main as never)
    const channel = ipcRequestChannel('getAppInfo')
    await expect(fake.ipcMain.invoke(channel, event(report.webContents), {})).rejects.toThrow('IPC from untrusted sender')
    const untrust = bridge.trustWindow(report as never)
    await expect(fake.ipcMain.invoke(channel, event(report.webContents), {})).resolves.toEqual({ answeredBy: 'getAppInfo' })
    untrust()
    await expect(fake.ipcMain.invoke(channel, event(report.webContents), {})).rejects.toThrow('IPC from untrusted sender')
  })

  it('still checks the frame of a trusted helper window', () => {
    const main = new fake.BrowserWindow({})
    const helper = new fake.FakeWebContents()
    expect(() => assertTrustedSender({ sender: helper, senderFrame: { url: 'https://evil.example/', origin: 'https://evil.example', parent: null } } as never, main as never, new Set([helper.id]))).toThrow(
      'IPC from untrusted sender'
    )
  })
})
