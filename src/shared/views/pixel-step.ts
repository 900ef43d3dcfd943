// Bucket widths that draw no more points than a chart has pixels. Steps come from a short
// ladder of "nice" widths, so a few pixels of resize do not change a query (and its cache key).

const NICE_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800]

/** Smallest nice step (seconds) giving at most `widthPx` buckets over [from, to). */
export function pixelStep(from: number, to: number, widthPx: number): number {
  const spanS = Math.max(1, (to - from) / 1000)
  const min = spanS / Math.max(1, Math.floor(widthPx))
  return NICE_STEPS_S.find((s) => s >= min) ?? Math.ceil(min / 604800) * 604800
}
