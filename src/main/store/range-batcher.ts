// Range queries waiting for a reader connection, grouped by window (from, to, step) and
// aggregation: each group runs as one statement, whether its queries came in one queryRangeMany
// call or in separate calls waiting at the same time. Nothing is kept once answered.
import type { Aggregation, QueryResult } from '@shared/types'

export interface PendingRange {
  from: number
  to: number
  stepMs: number
  agg: Aggregation
  /** Catalog series the query covers (never empty). */
  ids: number[]
  resolve(result: Pick<QueryResult, 'points' | 'tier'>): void
  reject(err: Error): void
}

export class RangeBatcher {
  private readonly groups = new Map<string, PendingRange[]>()

  /** Queues a query; returns its group's key when it opened a new group (the caller schedules one run per group), else null. */
  add(p: PendingRange): string | null {
    const key = `${p.from}|${p.to}|${p.stepMs}|${p.agg}`
    const group = this.groups.get(key)
    if (group) {
      group.push(p)
      return null
    }
    this.groups.set(key, [p])
    return key
  }

  /** Takes the queries waiting under `key` (empty when none); later ones open a new group. */
  take(key: string): PendingRange[] {
    const group = this.groups.get(key) ?? []
    this.groups.delete(key)
    return group
  }
}
