// File → Export report (PDF)…: the executive report of the default period (the archive's range in
// review mode, else the 30 days before now, as `vigil report` prints by default), printed through
// the app's report renderer and written where the user chose.
import { rename, writeFile } from 'node:fs/promises'
import { extname } from 'node:path'
import type { BrowserWindow } from 'electron'
import type { VigilApi } from '@shared/api'
import type { ReportParams } from '@shared/reports/report-params'
import type { ReportRenderer } from '../reports/report-renderer'
import { chooseSavePath, messageBox, showFailure } from './dialogs'

const DAY_MS = 86_400_000

export interface ExportReportDeps {
  window: BrowserWindow | null
  api: Pick<VigilApi, 'getAppInfo'>
  renderer: ReportRenderer
  now: () => number
}

/** The report's period: an archive's whole range in review mode, else the 30 days before now. */
export async function defaultReportPeriod(api: Pick<VigilApi, 'getAppInfo'>, now: number): Promise<{ from: number; to: number }> {
  const info = await api.getAppInfo({})
  return info.archive ? { from: info.archive.from, to: info.archive.to } : { from: now - 30 * DAY_MS, to: now }
}

/** Runs the dialog and the print; resolves with the file written, or null when cancelled or failed (the user was told why). */
export async function exportReportAction(deps: ExportReportDeps): Promise<string | null> {
  const { window: win } = deps
  let params: ReportParams
  try {
    params = { view: 'executive', orientation: 'landscape', ...(await defaultReportPeriod(deps.api, deps.now())) }
  } catch (err) {
    await showFailure(win, 'Report failed', err)
    return null
  }
  const day = new Date(params.to).toISOString().slice(0, 10)
  const chosen = await chooseSavePath(win, {
    title: 'Export report (PDF)',
    defaultPath: `vigil-executive-${day}.pdf`,
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation']
  })
  if (chosen === null) return null
  const out = extname(chosen).toLowerCase() === '.pdf' ? chosen : `${chosen}.pdf`
  const progress = (value: number): void => {
    if (win && !win.isDestroyed()) win.setProgressBar(value)
  }
  // Above 1: indeterminate (printing has no steps to count).
  progress(2)
  try {
    const pdf = await deps.renderer.render(params)
    // Through a temporary name, so nothing ever sees half a PDF under the chosen name.
    await writeFile(`${out}.partial`, pdf)
    await rename(`${out}.partial`, out)
    progress(-1)
    const period = `${new Date(params.from).toISOString().slice(0, 16).replace('T', ' ')} – ${new Date(params.to).toISOString().slice(0, 16).replace('T', ' ')} UTC`
    await messageBox(win, { type: 'info', title: 'Report exported', message: `Report exported: ${out}`, detail: `Executive report, ${period}.`, buttons: ['OK'] })
    return out
  } catch (err) {
    progress(-1)
    await showFailure(win, 'Report failed', err)
    return null
  }
}
