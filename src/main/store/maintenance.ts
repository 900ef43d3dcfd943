// One maintenance pass, in one transaction: roll up closed buckets (and recompute dirty ones),
// then apply retention. Memory state changes only after the commit.
import type { MaintenanceReport, RetentionPolicy } from './metric-store'
import { mergeLateSamples, rebuildBuckets } from './rollups'
import { applyRetention, retentionCutoffs } from './retention'
import type { RetentionCutoffs } from './retention'
import type { Sql } from './sql'
import type { TierProgress, TierState } from './tier-state'
import { alignDown, TIERS } from './tiers'
import type { TierName } from './tiers'

export interface MaintenanceOutcome {
  report: MaintenanceReport
  cutoffs: RetentionCutoffs
}

/** Rolls up every bucket closed as of `now`, recomputes dirty ones, then deletes expired data. */
export async function maintain(sql: Sql, state: TierState, policy: RetentionPolicy, now: number): Promise<MaintenanceOutcome> {
  const next = {} as Record<TierName, TierProgress>
  const outcome = await sql.transaction(async () => {
    const rolledUp = { '1m': 0, '1h': 0 }
    for (const tier of TIERS) {
      const p = state.progress[tier.name]
      const closed = alignDown(now, tier.ms)
      // The watermark never moves back, even if `now` does.
      const watermark = p.watermark === null ? closed : Math.max(p.watermark, closed)
      let from = p.watermark ?? 0
      if (p.dirtyFrom !== null) {
        let dirty = alignDown(p.dirtyFrom, tier.ms)
        if (state.rawFloor !== null && dirty < state.rawFloor) {
          rolledUp[tier.name] += await mergeLateSamples(sql, tier, state.rawFloor)
          dirty = state.rawFloor
        }
        from = Math.min(from, dirty)
      }
      if (from < watermark) rolledUp[tier.name] += await rebuildBuckets(sql, tier, from, watermark)
      next[tier.name] = { watermark, dirtyFrom: null }
      await state.saveTier(sql, tier.name, next[tier.name])
    }
    const cutoffs = retentionCutoffs(now, policy, state.rawFloor)
    const deleted = await applyRetention(sql, cutoffs)
    await state.saveRawFloor(sql, cutoffs.raw)
    return { report: { rolledUp, deleted }, cutoffs }
  })
  for (const tier of TIERS) state.progress[tier.name] = next[tier.name]
  state.rawFloor = outcome.cutoffs.raw
  return outcome
}
