// Audit entries of a time range as JSON lines (the stored lines, byte for byte) or CSV.
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { readRawLines } from './audit-file'
import { parseEntryLine } from './audit-entry'

export type AuditExportFormat = 'jsonl' | 'csv'

export interface AuditExportRequest {
  /** Epoch ms, inclusive; default: from the first entry. */
  from?: number
  /** Epoch ms, exclusive; default: to the last entry. */
  to?: number
  format: AuditExportFormat
}

export interface AuditExportResult {
  entries: number
  /** Lines that are not entries (damaged, or a recovered torn write): left out. */
  skipped: number
}

export const CSV_COLUMNS = ['seq', 'time', 'role', 'via', 'action', 'target', 'details', 'prev', 'hash'] as const

/** Writes the entries of [from, to) from the log at `path` to `out`. */
export async function exportAudit(path: string, out: string, req: AuditExportRequest): Promise<AuditExportResult> {
  const stream = createWriteStream(out, { flags: 'w' })
  const failed = new Promise<never>((_, reject) => stream.once('error', reject))
  const write = async (text: string): Promise<void> => {
    if (!stream.write(text)) await Promise.race([once(stream, 'drain'), failed])
  }
  const result: AuditExportResult = { entries: 0, skipped: 0 }
  try {
    if (req.format === 'csv') await write(CSV_COLUMNS.join(',') + '\n')
    for await (const raw of readRawLines(path)) {
      const text = raw.bytes.toString('utf8')
      const parsed = raw.terminated ? parseEntryLine(text) : null
      if (parsed === null || 'problem' in parsed) {
        result.skipped++
        continue
      }
      const e = parsed.entry
      const t = Date.parse(e.time)
      if (req.from !== undefined && !(t >= req.from)) continue
      if (req.to !== undefined && !(t < req.to)) continue
      if (req.format === 'jsonl') await write(text + '\n')
      else {
        const row = [String(e.seq), e.time, e.actor.role, e.actor.via, e.action, e.target ?? '', JSON.stringify(e.details), e.prev, e.hash]
        await write(row.map(csvField).join(',') + '\n')
      }
      result.entries++
    }
    stream.end()
    await Promise.race([once(stream, 'finish'), failed])
  } catch (err) {
    stream.destroy()
    throw err
  }
  return result
}

/** RFC 4180 quoting; a leading = + - @ gets a quote mark so spreadsheets do not run it as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}
