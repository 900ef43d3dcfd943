// Bucket widths that draw no more points than a chart has pixels. Steps come from a short
// ladder of "nice" widths, so a few pixels of resize do not change a query (and its cache key).
// Over long spans they snap to whole hours: the engine answers a step from a roll-up only when the
// step is a multiple of the roll-up's bucket (1 min, 1 h), and a week of minute buckets is 60
// times the rows of a week of hour buckets.

const NICE_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800]

/** Longest span whose steps may be finer than an hour (3 days of minute buckets); longer spans use whole hours. */
export const SUB_HOUR_STEPS_MAX_SPAN_MS = 3 * 86_400_000

/** `stepS` rounded up to an hour when it lies between a minute and an hour and the span is longer than SUB_HOUR_STEPS_MAX_SPAN_MS. */
export function tierAlignedStep(from: number, to: number, stepS: number): number {
  return to - from > SUB_HOUR_STEPS_MAX_SPAN_MS && stepS > 60 && stepS < 3600 ? 3600 : stepS
}

/** Smallest nice step (seconds) giving at most `widthPx` buckets over [from, to), tier-aligned for long spans. */
export function pixelStep(from: number, to: number, widthPx: number): number {
  const spanS = Math.max(1, (to - from) / 1000)
  const min = spanS / Math.max(1, Math.floor(widthPx))
  return tierAlignedStep(from, to, NICE_STEPS_S.find((s) => s >= min) ?? Math.ceil(min / 604800) * 604800)
}
