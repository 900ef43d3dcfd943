// The report PDF in the desktop app: the report page (app://vigil/report.html) in a hidden,
// locked-down window whose requests the IPC bridge trusts while it prints, then
// webContents.printToPDF on A4 once the page says everything has painted.
import type { BrowserWindow } from 'electron'
import { REPORT_PAGE, reportQuery, type ReportParams } from '@shared/reports/report-params'
import type { ReportRenderer } from '../reports/report-renderer'
import { APP_ORIGIN } from './app-origin'
import { createLockedDownWindow, mainWindowFrame } from './window'

export interface ElectronReportOptions {
  /** The built preload script (the page reaches the API through it, as the app's window does). */
  preloadPath: string
  /** Makes the IPC bridge accept the window's requests (IpcBridge.trustWindow); returns the undo. */
  trust(win: BrowserWindow): () => void
  /** How long the page may take to paint (default 120 s). */
  timeoutMs?: number
  /** How often readiness is checked (default 100 ms). */
  pollMs?: number
}

/** What the page reports about itself (evaluated in the page). */
const READY_PROBE = `(() => { const d = document.body.dataset; return d.reportError !== undefined ? { error: d.reportError } : { ready: d.reportReady === 'true' } })()`

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** A renderer printing reports with Electron's printToPDF. */
export function electronReportRenderer(opts: ElectronReportOptions): ReportRenderer {
  return { render: (params) => printReport(params, opts) }
}

/** Prints one report in a hidden window; resolves with the PDF bytes, rejects with a clear Error. */
export async function printReport(params: ReportParams, opts: ElectronReportOptions): Promise<Buffer> {
  const timeoutMs = opts.timeoutMs ?? 120_000
  const pollMs = opts.pollMs ?? 100
  const win = createLockedDownWindow(opts.preloadPath, { ...mainWindowFrame(false), show: false, backgroundColor: '#ffffff' })
  const untrust = opts.trust(win)
  const url = `${APP_ORIGIN}/${REPORT_PAGE}?${reportQuery(params)}`
  try {
    await win.loadURL(url).catch((err: Error) => {
      throw new Error(`cannot load the report page ${url}: ${err.message}`)
    })
    // Bounded: at most timeoutMs / pollMs probes.
    for (let waited = 0; ; waited += pollMs) {
      const state = (await win.webContents.executeJavaScript(READY_PROBE)) as { ready?: boolean; error?: string } | null
      if (state?.error !== undefined) throw new Error(`the report page says: ${state.error}`)
      if (state?.ready) break
      if (waited >= timeoutMs) throw new Error(`the report page did not finish painting within ${Math.round(timeoutMs / 1000)} s`)
      await sleep(pollMs)
    }
    return await win.webContents.printToPDF({ pageSize: 'A4', landscape: params.orientation === 'landscape', printBackground: true })
  } finally {
    untrust()
    if (!win.isDestroyed()) win.destroy()
  }
}
