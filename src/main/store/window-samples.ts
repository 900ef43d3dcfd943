// Raw samples of a few series in a window (from, to], per series: what the alert rule evaluator
// reads (Prometheus's range-selector window is left-open, right-closed).
import { BIGINT, INTEGER, LIST, listValue } from '@duckdb/node-api'
import type { Labels, Point } from '@shared/types'
import type { Sql } from './sql'
import { toNumber } from './sql'

/** Most samples one window read returns; a rule window holding more is refused with a clear error. */
export const MAX_WINDOW_SAMPLES = 2_000_000

/** One series' samples in a window, ascending by time. */
export interface SeriesSamples {
  labels: Labels
  points: Point[]
}

/** Reads the samples of `series` (id → labels) with from < ts ≤ to, one entry per series that has any. */
export async function readWindowSamples(
  sql: Sql,
  name: string,
  series: readonly { id: number; labels: Labels }[],
  from: number,
  to: number,
  maxSamples = MAX_WINDOW_SAMPLES
): Promise<SeriesSamples[]> {
  if (series.length === 0) return []
  // Whole ms: from < ts ⇔ floor(from) < ts, and ts ≤ to ⇔ ts ≤ floor(to), for integer timestamps.
  const [ids, tss, values] = await sql.columns(
    `SELECT series_id, ts, value FROM samples
     WHERE list_contains($ids, series_id) AND ts > $from AND ts <= $to
     ORDER BY series_id, ts
     LIMIT $limit`,
    { ids: listValue(series.map((s) => s.id)), from: BigInt(Math.floor(from)), to: BigInt(Math.floor(to)), limit: maxSamples + 1 },
    { ids: LIST(INTEGER), from: BIGINT, to: BIGINT, limit: BIGINT }
  )
  if (ids.length > maxSamples) {
    throw new Error(
      `samples of "${name}" between ${new Date(from).toISOString()} and ${new Date(to).toISOString()}: more than ${maxSamples} samples; use a shorter window or fewer series`
    )
  }
  const byId = new Map<number, Point[]>()
  for (let i = 0; i < ids.length; i++) {
    const id = toNumber(ids[i])
    let points = byId.get(id)
    if (!points) byId.set(id, (points = []))
    points.push([toNumber(tss[i]), values[i] as number])
  }
  const out: SeriesSamples[] = []
  for (const s of series) {
    const points = byId.get(s.id)
    if (points) out.push({ labels: { ...s.labels }, points })
  }
  return out
}
