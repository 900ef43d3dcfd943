// Trend figures for a soak run: the least-squares slope of each memory series against simulated
// and real time, and whether that slope means growth worth calling a leak.

/**
 * Ordinary least squares of y on x. Returns { slope, intercept, r2, n, stderr } (slope per unit
 * of x; stderr is the slope's standard error, assuming independent residuals, which soak samples
 * are not quite: read it as a rough guide). Null with fewer than 3 points or no spread in x.
 * @param {number[]} xs
 * @param {number[]} ys
 */
export function leastSquares(xs, ys) {
  const pts = []
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    if (Number.isFinite(xs[i]) && Number.isFinite(ys[i])) pts.push([xs[i], ys[i]])
  }
  const n = pts.length
  if (n < 3) return null
  let mx = 0
  let my = 0
  for (const [x, y] of pts) {
    mx += x
    my += y
  }
  mx /= n
  my /= n
  let sxx = 0
  let sxy = 0
  let syy = 0
  for (const [x, y] of pts) {
    sxx += (x - mx) ** 2
    sxy += (x - mx) * (y - my)
    syy += (y - my) ** 2
  }
  if (sxx === 0) return null
  const slope = sxy / sxx
  const intercept = my - slope * mx
  let sse = 0
  for (const [x, y] of pts) sse += (y - (intercept + slope * x)) ** 2
  const r2 = syy === 0 ? 1 : 1 - sse / syy
  const stderr = n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : NaN
  return { slope, intercept, r2, n, stderr, mean: my }
}

/**
 * The trend of one series over the samples: slope per simulated hour and per real hour, and the
 * growth a whole simulated day at that slope would add, as a share of the series' mean.
 * `flat` is true when that growth is under `tolerance` (default 5 %) or the slope is not upward.
 * @param {{ simH: number, realH: number, [k: string]: number }[]} samples
 * @param {string} key
 */
export function seriesTrend(samples, key, tolerance = 0.05) {
  const ys = samples.map((s) => s[key])
  const sim = leastSquares(
    samples.map((s) => s.simH),
    ys
  )
  const real = leastSquares(
    samples.map((s) => s.realH),
    ys
  )
  if (!sim || !real) return null
  const growthPerSimDay = (sim.slope * 24) / Math.abs(sim.mean || 1)
  return {
    key,
    n: sim.n,
    mean: sim.mean,
    first: ys.find(Number.isFinite),
    last: [...ys].reverse().find(Number.isFinite),
    slopePerSimHour: sim.slope,
    slopePerSimHourStderr: sim.stderr,
    slopePerRealHour: real.slope,
    r2: sim.r2,
    growthPerSimDay,
    flat: sim.slope <= 0 || growthPerSimDay < tolerance
  }
}
