// The outbox as the dispatcher sees it, with every delivery result also reported as an alert
// history row (delivered, retrying, failed per receiver). It only observes: the outbox answers
// exactly as it would without it.
import type { AlertHistoryInput } from '@shared/alerts'
import type { Labels } from '@shared/types'
import type { ClaimOptions, NotificationOutbox, OutboxEnqueueResult, OutboxEntry, OutboxFailure, OutboxInput, OutboxQuery, OutboxRow } from '../store/outbox'

interface Claimed {
  receiver: string
  groupKey: string
  kind: string
  level: number
  summary: string
  attempts: number
  labels: Labels
}

/** Wraps an outbox; `record` gets one history row per recorded delivery result. */
export class HistoryRecordingOutbox implements NotificationOutbox {
  private readonly claimed = new Map<string, Claimed>()

  constructor(
    private readonly inner: NotificationOutbox,
    private readonly record: (entry: AlertHistoryInput) => void
  ) {}

  enqueue(input: OutboxInput, now: number): Promise<OutboxEnqueueResult> {
    return this.inner.enqueue(input, now)
  }

  async claimDue(now: number, limit: number, opts?: ClaimOptions): Promise<OutboxRow[]> {
    const rows = await this.inner.claimDue(now, limit, opts)
    for (const row of rows) {
      this.claimed.set(row.id, {
        receiver: row.receiver,
        groupKey: row.groupKey,
        kind: row.kind,
        level: row.level,
        summary: row.summary,
        attempts: row.attempts,
        labels: groupLabelsOf(row.payload)
      })
    }
    return rows
  }

  async markDelivered(id: string, now: number): Promise<boolean> {
    const ok = await this.inner.markDelivered(id, now)
    const c = this.claimed.get(id)
    this.claimed.delete(id)
    if (ok && c) this.report(c, now, 'delivered', `${c.kind} notification delivered to "${c.receiver}" (attempt ${c.attempts}): ${c.summary}`)
    return ok
  }

  async markFailed(id: string, now: number, failure: OutboxFailure): Promise<boolean> {
    const ok = await this.inner.markFailed(id, now, failure)
    const c = this.claimed.get(id)
    this.claimed.delete(id)
    if (ok && c) {
      if (failure.retryAt === null) this.report(c, now, 'failed', `${c.kind} notification to "${c.receiver}" failed for good (attempt ${c.attempts}): ${failure.error}`)
      else {
        const wait = Math.max(0, Math.round((failure.retryAt - now) / 1000))
        this.report(c, now, 'retrying', `${c.kind} notification to "${c.receiver}" failed (attempt ${c.attempts}), retrying in ${wait} s: ${failure.error}`)
      }
    }
    return ok
  }

  nextDue(): Promise<number | null> {
    return this.inner.nextDue()
  }

  requeueInterrupted(now: number): Promise<number> {
    return this.inner.requeueInterrupted(now)
  }

  get(id: string): Promise<OutboxRow | null> {
    return this.inner.get(id)
  }

  list(query?: OutboxQuery): Promise<OutboxEntry[]> {
    return this.inner.list(query)
  }

  prune(cutoff: number): Promise<number> {
    return this.inner.prune(cutoff)
  }

  private report(c: Claimed, at: number, kind: 'delivered' | 'retrying' | 'failed', detail: string): void {
    this.record({
      at,
      kind,
      alertId: null,
      rule: null,
      severity: null,
      groupKey: c.groupKey,
      receivers: [c.receiver],
      level: c.level,
      by: null,
      value: null,
      labels: c.labels,
      detail
    })
  }
}

/** The group labels stored with a notification (the dispatcher's payload holds the intent). */
function groupLabelsOf(payload: unknown): Labels {
  const labels = (payload as { intent?: { groupLabels?: unknown } } | null)?.intent?.groupLabels
  if (typeof labels !== 'object' || labels === null) return {}
  const out: Labels = {}
  for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v
  return out
}
