// What the engine records on its own (actor: system/engine): the config it starts on, each config
// reload (applied or rejected) and each scheduled report run. Config contents are not copied into
// the log (they can name internal hosts); the entry names the file, its SHA-256 and the top-level
// sections that changed.
import { createHash } from 'node:crypto'
import type { VigilConfig } from '@shared/config/schema'
import type { ReportRunResult } from '../reports/report-runner'
import { SYSTEM_ACTOR, type AuditEvent } from './audit-entry'
import type { AuditRecorder } from './audit-log'

export interface EngineAudit {
  /** The engine started on this config text. */
  started(text: string): Promise<void>
  /** A reload was applied: `before` → `after` (from `text`). */
  applied(before: VigilConfig, after: VigilConfig, text: string): Promise<void>
  /** A changed file was refused (the engine keeps the last good config). */
  rejected(message: string): Promise<void>
  /** A scheduled report ran (or failed). */
  reportRan(result: ReportRunResult): Promise<void>
}

/** The engine's recorder for `configPath`; every method is a no-op when `audit` is null. A failed append is logged, never thrown. */
export function createEngineAudit(audit: AuditRecorder | null, configPath: string, log: (message: string) => void): EngineAudit {
  let currentSha: string | null = null
  const record = async (event: Omit<AuditEvent, 'actor'>): Promise<void> => {
    if (audit === null) return
    try {
      await audit.append({ actor: SYSTEM_ACTOR, ...event })
    } catch (err) {
      log(`could not record "${event.action}" in the audit log: ${(err as Error).message}`)
    }
  }
  return {
    async started(text) {
      currentSha = sha256Text(text)
      await record({ action: 'config.reload', target: configPath, details: { atStart: true, sha256: currentSha } })
    },
    async applied(before, after, text) {
      const sha = sha256Text(text)
      await record({ action: 'config.reload', target: configPath, details: { atStart: false, sha256: sha, previousSha256: currentSha, changed: changedSections(before, after) } })
      currentSha = sha
    },
    async rejected(message) {
      await record({ action: 'config.rejected', target: configPath, details: { error: message.slice(0, 4000), runningSha256: currentSha } })
    },
    async reportRan(result) {
      await record({
        action: 'report.generate',
        target: result.id,
        details: { scheduled: true, view: result.params.view, from: result.params.from, to: result.params.to, file: result.file, emailedTo: result.emailedTo, error: result.error }
      })
    }
  }
}

/** Top-level config sections whose content differs. */
export function changedSections(before: VigilConfig, after: VigilConfig): string[] {
  const a = before as unknown as Record<string, unknown>
  const b = after as unknown as Record<string, unknown>
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
}

function sha256Text(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
