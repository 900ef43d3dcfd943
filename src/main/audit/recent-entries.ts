// The newest audit entries, read from the end of the file (for the admin API).
import { readTail } from './audit-file'
import { parseEntryLine, type AuditEntry } from './audit-entry'

/** At most `limit` entries, newest first, optionally only those with seq below `beforeSeq` (paging). */
export async function recentAuditEntries(path: string, limit: number, beforeSeq?: number): Promise<AuditEntry[]> {
  const out: AuditEntry[] = []
  // Paging back reads further: enough lines to reach below beforeSeq in an intact log.
  let wanted = limit
  for (let round = 0; round < 8 && out.length < limit; round++) {
    const tail = await readTail(path, wanted)
    out.length = 0
    for (let i = tail.lines.length - 1; i >= 0 && out.length < limit; i--) {
      const parsed = parseEntryLine(tail.lines[i].toString('utf8'))
      if ('problem' in parsed) continue
      if (beforeSeq !== undefined && parsed.entry.seq >= beforeSeq) continue
      out.push(parsed.entry)
    }
    if (tail.lines.length < wanted) break // the whole file was read
    wanted *= 4
  }
  return out
}
