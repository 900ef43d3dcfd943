// Latest sample per series, kept in memory (typed arrays indexed by series id) so latest()
// never scans the samples table. Filled once from the database, then updated after each commit.
import type { SampleColumns } from './batch'
import type { RetentionCutoffs } from './retention'
import { alignDown, TIERS } from './tiers'

export class LatestCache {
  private ts = new Float64Array(0)
  private value = new Float64Array(0)
  loaded = false

  /** Replaces the contents with rows of (series id, ts, value). */
  load(rows: Iterable<[number, number, number]>, maxId: number): void {
    this.ts = new Float64Array(maxId + 1).fill(NaN)
    this.value = new Float64Array(maxId + 1)
    for (const [id, ts, value] of rows) this.offer(id, ts, value)
    this.loaded = true
  }

  /** Takes committed samples into account. */
  update(columns: SampleColumns, maxId: number): void {
    if (!this.loaded) return
    this.grow(maxId)
    const { seriesId, ts, value, length } = columns
    for (let i = 0; i < length; i++) this.offer(seriesId[i], ts[i], value[i])
  }

  /** Every series' latest sample as (series id, ts, value), by id. */
  entries(): [number, number, number][] {
    const out: [number, number, number][] = []
    for (let id = 0; id < this.ts.length; id++) if (!Number.isNaN(this.ts[id])) out.push([id, this.ts[id], this.value[id]])
    return out
  }

  /** Latest (ts, value) of a series, or undefined when it has none. */
  get(id: number): { ts: number; value: number } | undefined {
    const ts = this.ts[id]
    return ts === undefined || Number.isNaN(ts) ? undefined : { ts, value: this.value[id] }
  }

  /** Forgets series whose newest sample retention just deleted from raw and from every tier. */
  prune(cutoffs: RetentionCutoffs): void {
    for (let id = 0; id < this.ts.length; id++) {
      const ts = this.ts[id]
      if (Number.isNaN(ts) || ts >= cutoffs.raw) continue
      const kept = TIERS.some((t) => alignDown(ts, t.ms) + t.ms > cutoffs[t.name])
      if (!kept) this.ts[id] = NaN
    }
  }

  // Newest ts wins; at equal ts the larger value, matching "last" in range queries.
  private offer(id: number, ts: number, value: number): void {
    const cur = this.ts[id]
    if (Number.isNaN(cur) || ts > cur || (ts === cur && value > this.value[id])) {
      this.ts[id] = ts
      this.value[id] = value
    }
  }

  private grow(maxId: number): void {
    if (maxId < this.ts.length) return
    const size = Math.max(maxId + 1, this.ts.length * 2)
    const ts = new Float64Array(size).fill(NaN)
    ts.set(this.ts)
    const value = new Float64Array(size)
    value.set(this.value)
    this.ts = ts
    this.value = value
  }
}
