// What went wrong (without failing) during one run of a source: warnings it reported and
// samples the store rejected. Turned into the source's lastError when the run ends.
import type { IngestSample } from '@shared/types'
import type { RejectedSample } from '../store/metric-store'

/** Reasons quoted in the message; the count says how many there were in all. */
const MAX_REASONS = 3
/** Longest lastError kept, so one pathological run cannot flood the UI. */
export const MAX_ERROR_LENGTH = 1000

export class RunReport {
  private closedBecause: string | null = null
  private readonly warnings: string[] = []
  private warningCount = 0
  private rejectedCount = 0
  private readonly reasons: string[] = []
  private moreReasons = false

  /** True once the run has been recorded; later writes are refused. */
  get closed(): boolean {
    return this.closedBecause !== null
  }

  get closedReason(): string | null {
    return this.closedBecause
  }

  /** Ends the run; writes and warnings after this are refused / ignored. */
  close(reason: string): void {
    if (this.closedBecause === null) this.closedBecause = reason
  }

  /** Records a non-fatal problem reported by the source. */
  warn(message: string): void {
    if (this.closed) return
    this.warningCount++
    if (this.warnings.length < MAX_REASONS) this.warnings.push(message)
  }

  /** Records samples the store refused; `samples` is the array that was appended. */
  addRejected(rejected: RejectedSample[], samples: IngestSample[]): void {
    for (const r of rejected) {
      this.rejectedCount++
      const name = samples[r.index]?.name
      const reason = name && !r.reason.includes(name) ? `${r.reason} (${name})` : r.reason
      if (this.reasons.includes(reason)) continue
      if (this.reasons.length < MAX_REASONS) this.reasons.push(reason)
      else this.moreReasons = true
    }
  }

  /** The run's problems as one message, or null when there were none. */
  problem(): string | null {
    const parts: string[] = []
    if (this.warningCount > 0) {
      const extra = this.warningCount - this.warnings.length
      parts.push(this.warnings.join('; ') + (extra > 0 ? ` (and ${extra} more warning${extra === 1 ? '' : 's'})` : ''))
    }
    if (this.rejectedCount > 0) {
      const n = this.rejectedCount
      parts.push(`${n} sample${n === 1 ? '' : 's'} rejected: ${this.reasons.join('; ')}${this.moreReasons ? '; …' : ''}`)
    }
    return parts.length === 0 ? null : truncateMessage(parts.join('; '))
  }
}

/** Cuts a message to MAX_ERROR_LENGTH characters. */
export function truncateMessage(message: string): string {
  return message.length <= MAX_ERROR_LENGTH ? message : `${message.slice(0, MAX_ERROR_LENGTH - 1)}…`
}

/** The message of anything thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name
  return String(err)
}
