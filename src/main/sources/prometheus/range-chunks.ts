// Prometheus refuses range queries over 11,000 points per series, so back-fill is split.

/** Largest number of points asked for in one range query (below Prometheus's 11,000). */
export const MAX_POINTS_PER_QUERY = 10_000

export interface TimeRange {
  /** Epoch ms, inclusive. */
  start: number
  /** Epoch ms, inclusive. */
  end: number
}

/** Splits [start, end] into consecutive ranges of at most `maxPoints` steps each, aligned to `start`. */
export function rangeChunks(start: number, end: number, step: number, maxPoints = MAX_POINTS_PER_QUERY): TimeRange[] {
  if (step <= 0 || end < start) return []
  const span = step * (maxPoints - 1)
  const chunks: TimeRange[] = []
  for (let s = start; s <= end; s += span + step) chunks.push({ start: s, end: Math.min(end, s + span) })
  return chunks
}
