// The desktop app's engine with its audit log: the app's user is the data dir's admin (no token),
// so every change made through the window (IPC) and every archive exported from the File menu is
// recorded as { role: 'admin', via: 'desktop' }, like the server records its token holders.
import type { StartEngineOptions } from '../engine/start-engine'
import type { Engine, LiveEngineHandle } from '../engine/types'
import { auditedApi } from './audited-api'
import { AuditLog } from './audit-log'

/** The parts of a live engine the desktop shell uses. */
export type DesktopEngine = Engine & Pick<LiveEngineHandle, 'setReportRenderer' | 'exportArchiveTo'>

const DESKTOP = { role: 'admin', via: 'desktop' } as const

/** Starts the engine with the data dir's audit log, and returns it with changes and exports audited; stop() closes the log too. */
export async function startAuditedDesktopEngine(
  start: (opts: StartEngineOptions) => Promise<LiveEngineHandle>,
  opts: StartEngineOptions
): Promise<DesktopEngine> {
  const audit = await AuditLog.openInDataDir(opts.dataDir)
  let engine: LiveEngineHandle
  try {
    engine = await start({ ...opts, audit })
  } catch (err) {
    await audit.close()
    throw err
  }
  return {
    api: auditedApi(engine.api, audit, DESKTOP),
    bus: engine.bus,
    get readOnly() {
      return engine.readOnly
    },
    get maxPushBodyBytes() {
      return engine.maxPushBodyBytes
    },
    push: (samples, sourceId) => engine.push(samples, sourceId),
    pushPredictions: engine.pushPredictions ? (records, labels, sourceId) => engine.pushPredictions!(records, labels, sourceId) : undefined,
    setReportRenderer: (renderer) => engine.setReportRenderer(renderer),
    exportArchiveTo: async (out, range, onProgress) => {
      const result = await engine.exportArchiveTo(out, range, onProgress)
      await audit.append({ actor: DESKTOP, action: 'export.archive', target: result.path, details: { from: result.from, to: result.to, signed: result.signed } })
      return result
    },
    stop: async () => {
      try {
        await engine.stop()
      } finally {
        await audit.close()
      }
    }
  }
}
