// Roll-up progress, mirrored in memory and persisted in store_meta:
// - watermark[tier]: every bucket before it has been rolled up;
// - dirtyFrom[tier]: a late sample landed at this ts, before the watermark, so buckets from
//   there on must be recomputed (persisted in the same transaction as that append);
// - rawFloor: raw samples before it were deleted by retention (always an hour boundary).
import { BIGINT, VARCHAR } from '@duckdb/node-api'
import type { Sql } from './sql'
import { toNumber } from './sql'
import { alignDown, TIERS } from './tiers'
import type { Tier, TierName } from './tiers'

export interface TierProgress {
  watermark: number | null
  dirtyFrom: number | null
}

const watermarkKey = (tier: TierName): string => `watermark_${tier}`
const dirtyKey = (tier: TierName): string => `dirty_from_${tier}`
const RAW_FLOOR_KEY = 'raw_floor'

export class TierState {
  readonly progress: Record<TierName, TierProgress> = {
    '1m': { watermark: null, dirtyFrom: null },
    '1h': { watermark: null, dirtyFrom: null }
  }
  rawFloor: number | null = null

  /** Reads the persisted state. */
  async load(sql: Sql): Promise<void> {
    const rows = await sql.rows(`SELECT key, value FROM store_meta`)
    const meta = new Map(rows.map(([k, v]) => [String(k), v === null ? null : toNumber(v)]))
    for (const tier of TIERS) {
      this.progress[tier.name] = {
        watermark: meta.get(watermarkKey(tier.name)) ?? null,
        dirtyFrom: meta.get(dirtyKey(tier.name)) ?? null
      }
    }
    this.rawFloor = meta.get(RAW_FLOOR_KEY) ?? null
  }

  /**
   * Marks tiers dirty for an append whose oldest sample is `minTs`; updates memory at once (so
   * queries stop trusting those buckets before the samples commit) and persists through `sql`
   * inside the caller's transaction.
   */
  async markLate(sql: Sql, minTs: number): Promise<void> {
    for (const tier of TIERS) {
      const p = this.progress[tier.name]
      if (p.watermark === null || minTs >= p.watermark) continue
      if (p.dirtyFrom !== null && p.dirtyFrom <= minTs) continue
      p.dirtyFrom = minTs
      await put(sql, dirtyKey(tier.name), minTs)
    }
  }

  /** True when an append with oldest sample `minTs` lands before some tier's watermark. */
  isLate(minTs: number): boolean {
    return TIERS.some((t) => {
      const p = this.progress[t.name]
      return p.watermark !== null && minTs < p.watermark && (p.dirtyFrom === null || minTs < p.dirtyFrom)
    })
  }

  /** Persists one tier's progress (inside the maintenance transaction). */
  async saveTier(sql: Sql, tier: TierName, progress: TierProgress): Promise<void> {
    await put(sql, watermarkKey(tier), progress.watermark)
    await put(sql, dirtyKey(tier), progress.dirtyFrom)
  }

  /** Persists the raw floor (inside the maintenance transaction). */
  async saveRawFloor(sql: Sql, rawFloor: number | null): Promise<void> {
    await put(sql, RAW_FLOOR_KEY, rawFloor)
  }

  /**
   * Up to where queries may read `tier` instead of raw samples: the watermark, pulled back to
   * the first dirty bucket, except where raw data is already gone (there the roll-up is still
   * the best answer until maintenance merges the late samples).
   */
  servedUntil(tier: Tier): number | null {
    const p = this.progress[tier.name]
    if (p.watermark === null) return null
    if (p.dirtyFrom === null) return p.watermark
    let dirtyBucket = alignDown(p.dirtyFrom, tier.ms)
    if (this.rawFloor !== null && dirtyBucket < this.rawFloor) dirtyBucket = this.rawFloor
    return Math.min(p.watermark, dirtyBucket)
  }
}

async function put(sql: Sql, key: string, value: number | null): Promise<void> {
  await sql.exec(
    `INSERT INTO store_meta VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    { key, value: value === null ? null : BigInt(Math.trunc(value)) },
    { key: VARCHAR, value: BIGINT }
  )
}
