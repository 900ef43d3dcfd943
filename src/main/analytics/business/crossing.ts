// Where a projected path first reaches a threshold, to sub-step precision.

/**
 * First time the path reaches `threshold` (value ≥ threshold), interpolated linearly between
 * grid points; `from` is the last known point before the path (below the threshold).
 * +Infinity in values means "unbounded above" (reached at that step). Null when never reached.
 */
export function firstCrossing(from: { t: number; v: number }, times: readonly number[], values: readonly number[], threshold: number): number | null {
  let pt = from.t
  let pv = from.v
  if (pv >= threshold) return pt
  for (let k = 0; k < times.length; k++) {
    const v = values[k]
    if (v >= threshold) {
      if (!Number.isFinite(v) || !Number.isFinite(pv)) return times[k]
      const frac = (threshold - pv) / (v - pv)
      return pt + frac * (times[k] - pt)
    }
    pt = times[k]
    pv = v
  }
  return null
}
