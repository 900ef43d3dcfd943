// Maintenance in bounded steps, each its own transaction, so appends queued meanwhile commit
// between them instead of waiting for the whole pass: fold late samples older than the raw floor
// into the roll-ups, recompute dirty buckets, roll up newly closed buckets (at most one day of
// buckets per step), and last apply retention. Each step decides its work from the tiers' state
// when it runs, so samples appended between steps are accounted for; memory state changes only
// after the step's commit.
import { BIGINT } from '@duckdb/node-api'
import type { MaintenanceReport, RetentionPolicy } from './metric-store'
import { mergeLateSamples, rebuildBuckets } from './rollups'
import { applyRetention, retentionCutoffs } from './retention'
import type { RetentionCutoffs } from './retention'
import type { Sql } from './sql'
import type { TierProgress, TierState } from './tier-state'
import { alignDown, COARSEST_TIER_MS, TIERS } from './tiers'
import type { Tier } from './tiers'

/** Most time one roll-up step covers: a day of buckets. */
export const MAINTENANCE_SLICE_MS = 86_400_000

/** What one step did (reported to the store's test hook). */
export type MaintenanceStep =
  | { kind: 'merge-late'; rows: number }
  | { kind: 'rollup'; tier: Tier['name']; from: number; to: number; rows: number }
  | { kind: 'retention'; cutoffs: RetentionCutoffs; deletedSeries: number[] }

const big = (n: number): bigint => BigInt(Math.floor(n))

/** One maintenance pass as of `now`; the store calls step() on its writer queue until it returns null. */
export class MaintenanceRun {
  readonly report: MaintenanceReport = {
    rolledUp: { '1m': 0, '1h': 0 },
    deleted: { raw: 0, '1m': 0, '1h': 0, annotations: 0, predictions: 0 }
  }
  private retentionDone = false

  constructor(
    private readonly sql: Sql,
    private readonly state: TierState,
    private readonly policy: RetentionPolicy,
    private readonly now: number,
    /** Called on the writer, right after the retention commit, with the ids of series whose catalog rows it deleted. */
    private readonly onSeriesDeleted: (ids: number[]) => void = () => undefined
  ) {}

  /** Does the next unit of work in one transaction; null when the pass is complete. */
  async step(): Promise<MaintenanceStep | null> {
    if (this.retentionDone) return null
    if (this.lateBelowFloor()) return this.mergeLate()
    for (const tier of TIERS) {
      const step = await this.rollupStep(tier)
      if (step) return step
    }
    return this.retention()
  }

  // A late sample older than the raw floor marks every tier dirty before the floor (the floor
  // never passes a watermark), and its bucket can no longer be recomputed from raw samples.
  private lateBelowFloor(): boolean {
    const floor = this.state.rawFloor
    return floor !== null && TIERS.some((t) => {
      const dirty = this.state.progress[t.name].dirtyFrom
      return dirty !== null && alignDown(dirty, t.ms) < floor
    })
  }

  /** Merges the late samples under the floor into every tier and deletes them, in one transaction. */
  private async mergeLate(): Promise<MaintenanceStep> {
    const floor = this.state.rawFloor as number
    const next = new Map<Tier['name'], TierProgress>()
    let rows = 0
    await this.sql.transaction(async () => {
      for (const tier of TIERS) {
        const merged = await mergeLateSamples(this.sql, tier, floor)
        this.report.rolledUp[tier.name] += merged
        rows += merged
        const p = this.state.progress[tier.name]
        // Later late samples may sit anywhere above the floor: recompute from there.
        const progress = { watermark: p.watermark, dirtyFrom: p.dirtyFrom !== null && p.dirtyFrom < floor ? floor : p.dirtyFrom }
        await this.state.saveTier(this.sql, tier.name, progress)
        next.set(tier.name, progress)
      }
      await this.sql.exec(`DELETE FROM samples WHERE ts < $floor`, { floor: big(floor) }, { floor: BIGINT })
    })
    for (const [name, progress] of next) this.state.progress[name] = progress
    return { kind: 'merge-late', rows }
  }

  /** Recomputes the first slice of dirty buckets, else rolls up the next slice of closed ones; null when the tier is done. */
  private async rollupStep(tier: Tier): Promise<MaintenanceStep | null> {
    const p = this.state.progress[tier.name]
    const closed = alignDown(this.now, tier.ms)
    if (p.dirtyFrom !== null && p.watermark !== null) {
      const floor = this.state.rawFloor ?? -Infinity
      const start = Math.max(alignDown(p.dirtyFrom, tier.ms), floor)
      if (start >= p.watermark) return this.commitTier(tier, { watermark: p.watermark, dirtyFrom: null }, null)
      const end = Math.min(sliceEnd(start), p.watermark)
      return this.commitTier(tier, { watermark: p.watermark, dirtyFrom: end < p.watermark ? end : null }, [start, end])
    }
    // The watermark never moves back, even if `now` does.
    if (p.watermark !== null && p.watermark >= closed) return null
    const first = await this.firstSample(p.watermark ?? -Infinity, closed)
    if (first === null) return this.commitTier(tier, { watermark: closed, dirtyFrom: p.dirtyFrom }, null)
    const start = Math.max(p.watermark ?? -Infinity, alignDown(first, tier.ms))
    const end = Math.min(sliceEnd(start), closed)
    return this.commitTier(tier, { watermark: end, dirtyFrom: p.dirtyFrom }, [start, end])
  }

  private async commitTier(tier: Tier, next: TierProgress, rebuild: [number, number] | null): Promise<MaintenanceStep> {
    let rows = 0
    await this.sql.transaction(async () => {
      if (rebuild) rows = await rebuildBuckets(this.sql, tier, rebuild[0], rebuild[1], this.finerSource(tier, rebuild[0], rebuild[1]))
      await this.state.saveTier(this.sql, tier.name, next)
    })
    this.state.progress[tier.name] = next
    this.report.rolledUp[tier.name] += rows
    const [from, to] = rebuild ?? [next.watermark as number, next.watermark as number]
    return { kind: 'rollup', tier: tier.name, from, to, rows }
  }

  /**
   * The coarsest finer tier that can stand in for raw samples in [from, to): its bucket divides
   * this tier's, it serves everything before `to` (finer tiers are rolled up first in each pass)
   * and its retention has not reached `from`.
   */
  private finerSource(tier: Tier, from: number, to: number): Tier | undefined {
    return TIERS.filter((t) => t.ms < tier.ms && tier.ms % t.ms === 0)
      .sort((a, b) => b.ms - a.ms)
      .find((t) => (this.state.servedUntil(t) ?? -Infinity) >= to && from >= this.now - this.policy[t.name])
  }

  /** Oldest sample time in [from, to), or null. */
  private async firstSample(from: number, to: number): Promise<number | null> {
    const params = { from: big(Number.isFinite(from) ? from : Number.MIN_SAFE_INTEGER), to: big(to) }
    const [[first]] = await this.sql.rows(`SELECT min(ts)::DOUBLE FROM samples WHERE ts >= $from AND ts < $to`, params, { from: BIGINT, to: BIGINT })
    return first === null ? null : (first as number)
  }

  /**
   * Deletes what retention says, never raw samples a tier still needs: the raw cut stays at or
   * before every tier's served range (an hour boundary), and never moves back.
   */
  private async retention(): Promise<MaintenanceStep> {
    const floor = this.state.rawFloor
    const cutoffs = retentionCutoffs(this.now, this.policy, floor)
    for (const tier of TIERS) {
      const served = this.state.servedUntil(tier)
      if (served !== null) cutoffs.raw = Math.min(cutoffs.raw, alignDown(served, COARSEST_TIER_MS))
    }
    if (floor !== null) cutoffs.raw = Math.max(cutoffs.raw, floor)
    let deletedSeries: number[] = []
    await this.sql.transaction(async () => {
      const result = await applyRetention(this.sql, cutoffs)
      this.report.deleted = result.deleted
      deletedSeries = result.series
      await this.state.saveRawFloor(this.sql, cutoffs.raw)
    })
    this.state.rawFloor = cutoffs.raw
    this.retentionDone = true
    // Before any queued append runs: one prepared against those series must be prepared again.
    if (deletedSeries.length > 0) this.onSeriesDeleted(deletedSeries)
    return { kind: 'retention', cutoffs, deletedSeries }
  }
}

/** End of the slice starting at `start`: the next day boundary. */
function sliceEnd(start: number): number {
  return alignDown(start, MAINTENANCE_SLICE_MS) + MAINTENANCE_SLICE_MS
}
