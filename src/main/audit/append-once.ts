// One entry from a short-lived command (`vigil export`, `vigil secret set`, `vigil report`): open
// the data dir's log, append, close. Safe beside a running `vigil serve` (audit-log.ts locks).
import type { AuditEntry, AuditEvent } from './audit-entry'
import { AuditLog } from './audit-log'

/** Appends `event` to <dataDir>/audit.log and resolves once it is durable. */
export async function appendAuditOnce(dataDir: string, event: AuditEvent): Promise<AuditEntry> {
  const log = await AuditLog.openInDataDir(dataDir)
  try {
    return await log.append(event)
  } finally {
    await log.close()
  }
}
