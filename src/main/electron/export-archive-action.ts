// File → Export archive…: pick a period (last 24 h, 7 d or 30 d), whether to sign, and a file, then write the
// archive through the running engine (DuckDB admits one process per store), with progress on the
// window's task-bar entry and a message box with the result or the error.
import { extname, isAbsolute } from 'node:path'
import type { BrowserWindow } from 'electron'
import type { ArchiveExportResult } from '@shared/api'
import { defaultArchiveName } from '../archive/export-from-engine'
import type { LiveEngineHandle } from '../engine/types'
import { chooseSavePath, messageBox, showFailure } from './dialogs'
import { ARCHIVE_FILTER } from './open-archive-action'

const DAY_MS = 86_400_000

/** The periods offered, in button order. */
export const EXPORT_PERIODS = [
  { label: 'Last 24 hours', ms: DAY_MS },
  { label: 'Last 7 days', ms: 7 * DAY_MS },
  { label: 'Last 30 days', ms: 30 * DAY_MS }
] as const

export interface ExportArchiveDeps {
  window: BrowserWindow | null
  engine: Pick<LiveEngineHandle, 'exportArchiveTo'>
  now: () => number
}

/** Runs the whole dialog; resolves with what was written, or null when cancelled or failed (the user was told why). */
export async function exportArchiveAction(deps: ExportArchiveDeps): Promise<ArchiveExportResult | null> {
  const { window: win } = deps
  const cancel = EXPORT_PERIODS.length
  const { response, checkboxChecked: sign } = await messageBox(win, {
    type: 'question',
    title: 'Export archive',
    message: 'Which period should the archive hold?',
    detail: 'Samples, KPIs, alerts and annotations of the period, with the views and config in use (secrets stay out).',
    buttons: [...EXPORT_PERIODS.map((p) => p.label), 'Cancel'],
    defaultId: 1,
    cancelId: cancel,
    noLink: true,
    // Signing lets a reviewer tell the archive was not altered (`vigil verify`); the key stays in the keychain.
    checkboxLabel: "Sign it with this computer's key (Ed25519, kept in the OS keychain)",
    checkboxChecked: false
  })
  const period = EXPORT_PERIODS[response]
  if (response === cancel || !period) return null
  const to = deps.now()
  const from = to - period.ms
  const chosen = await chooseSavePath(win, {
    title: 'Export archive',
    defaultPath: defaultArchiveName(from, to),
    filters: [ARCHIVE_FILTER],
    properties: ['createDirectory', 'showOverwriteConfirmation']
  })
  if (chosen === null) return null
  // Linux dialogs may return the name as typed; the engine writes only absolute paths the user chose.
  const out = extname(chosen) === '.vigil' ? chosen : `${chosen}.vigil`
  if (!isAbsolute(out)) {
    await showFailure(win, 'Export failed', new Error(`the save dialog returned a relative path (${out}); choose a folder`))
    return null
  }
  const progress = (value: number): void => {
    if (win && !win.isDestroyed()) win.setProgressBar(value)
  }
  progress(0)
  try {
    const result = await deps.engine.exportArchiveTo(out, { from, to, ...(sign ? { sign: true } : {}) }, (fraction) => progress(Math.min(1, Math.max(0, fraction))))
    progress(-1)
    await messageBox(win, {
      type: 'info',
      title: 'Archive exported',
      message: `Archive exported: ${result.path}`,
      detail: `${period.label.toLowerCase()}: ${result.samples.toLocaleString('en-US')} samples, ${result.members} members, ${formatBytes(result.bytes)}, ${result.signed ? 'signed' : 'unsigned'}.`,
      buttons: ['OK']
    })
    return result
  } catch (err) {
    progress(-1)
    await showFailure(win, 'Export failed', err)
    return null
  }
}

/** 1536 → "1.5 KB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(1)} ${units[unit]}`
}
