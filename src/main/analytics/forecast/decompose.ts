// Seasonal decompositions: the M4 seasonality test and classical decomposition (used by Theta and
// Naive2), and an MSTL-style successive decomposition for several periods (used by the mstl model).

/** Centred moving average of order m (2×m for even m); NaN where the window does not fit. */
export function centredMovingAverage(x: readonly number[], m: number): number[] {
  const n = x.length
  const out = new Array<number>(n).fill(Number.NaN)
  const even = m % 2 === 0
  const half = even ? m / 2 : (m - 1) / 2
  for (let t = half; t < n - half; t++) {
    let s = 0
    if (even) {
      s = 0.5 * x[t - half] + 0.5 * x[t + half]
      for (let j = t - half + 1; j < t + half; j++) s += x[j]
    } else {
      for (let j = t - half; j <= t + half; j++) s += x[j]
    }
    out[t] = s / m
  }
  return out
}

/** Sample autocorrelations r_1..r_maxLag (demeaned, divided by n). */
export function autocorrelations(x: readonly number[], maxLag: number): number[] {
  const n = x.length
  let mean = 0
  for (const v of x) mean += v
  mean /= n
  let d = 0
  for (const v of x) d += (v - mean) * (v - mean)
  const r: number[] = []
  for (let k = 1; k <= maxLag; k++) {
    let s = 0
    for (let t = k; t < n; t++) s += (x[t] - mean) * (x[t - k] - mean)
    r.push(d > 0 ? s / d : 0)
  }
  return r
}

/**
 * The M4 seasonality test at 90 %: |r_m| > 1.645/√n · √(1 + 2 Σ_{k<m} r_k²). Needs n ≥ 3m and,
 * like the organisers' R code (acf's default lag.max), m ≤ floor(10·log10 n).
 */
export function isSeasonal(x: readonly number[], m: number): boolean {
  const n = x.length
  if (m < 2 || n < 3 * m || m > Math.floor(10 * Math.log10(n))) return false
  const r = autocorrelations(x, m)
  let s = 0
  for (let k = 0; k < m - 1; k++) s += r[k] * r[k]
  return Math.abs(r[m - 1]) > (1.645 / Math.sqrt(n)) * Math.sqrt(1 + 2 * s)
}

/**
 * Classical decomposition seasonal figure for phases 0..m-1 (phase 0 = first observation):
 * multiplicative (mean 1, ratios to the centred MA) or additive (mean 0, differences).
 */
export function classicalSeasonalFigure(x: readonly number[], m: number, kind: 'multiplicative' | 'additive'): number[] {
  const trend = centredMovingAverage(x, m)
  const sum = new Array<number>(m).fill(0)
  const cnt = new Array<number>(m).fill(0)
  for (let t = 0; t < x.length; t++) {
    if (Number.isNaN(trend[t])) continue
    const v = kind === 'multiplicative' ? x[t] / trend[t] : x[t] - trend[t]
    if (!Number.isFinite(v)) continue
    sum[t % m] += v
    cnt[t % m]++
  }
  const fig = sum.map((s, p) => (cnt[p] > 0 ? s / cnt[p] : kind === 'multiplicative' ? 1 : 0))
  const avg = fig.reduce((a, b) => a + b, 0) / m
  return kind === 'multiplicative' ? fig.map((f) => f / avg) : fig.map((f) => f - avg)
}

export interface MultiSeasonalDecomposition {
  /** One seasonal component per period (same length as x), in the order of `periods`. */
  seasonals: number[][]
  /** x minus all seasonal components. */
  adjusted: number[]
}

/**
 * MSTL-style decomposition: for each period (shortest first), estimate a slowly evolving additive
 * seasonal component from the series minus the other components, and iterate twice. The trend is a
 * centred moving average; each phase's seasonal value is the mean detrended value over a window of
 * `cycles` neighbouring cycles (a moving-average stand-in for STL's cycle-subseries loess), so the
 * pattern may drift; it is then centred so each cycle sums to about zero.
 */
export function decomposeMultiSeasonal(x: readonly number[], periods: readonly number[], cycles = 7, iterations = 2): MultiSeasonalDecomposition {
  const n = x.length
  const seasonals = periods.map(() => new Array<number>(n).fill(0))
  for (let it = 0; it < iterations; it++) {
    for (let k = 0; k < periods.length; k++) {
      const m = periods[k]
      // The series without the other seasonal components.
      const part = x.map((v, t) => {
        let s = v
        for (let j = 0; j < periods.length; j++) if (j !== k) s -= seasonals[j][t]
        return s
      })
      seasonals[k] = evolvingSeasonal(part, m, cycles + 4 * k)
    }
  }
  const adjusted = x.map((v, t) => seasonals.reduce((s, comp) => s - comp[t], v))
  return { seasonals, adjusted }
}

function evolvingSeasonal(x: readonly number[], m: number, window: number): number[] {
  const n = x.length
  const trend = centredMovingAverage(x, m)
  const detr = x.map((v, t) => (Number.isNaN(trend[t]) ? Number.NaN : v - trend[t]))
  const half = Math.floor(window / 2)
  const raw = new Array<number>(n).fill(0)
  for (let p = 0; p < m; p++) {
    // The cycle-subseries for phase p: detrended values at t = p, p+m, ...
    const sub: number[] = []
    for (let t = p; t < n; t += m) sub.push(detr[t])
    for (let c = 0; c < sub.length; c++) {
      // Widen the window at the ends so every cycle averages about `window` defined values.
      let lo = c - half
      let hi = c + half
      if (lo < 0) {
        hi = Math.min(sub.length - 1, hi - lo)
        lo = 0
      }
      if (hi > sub.length - 1) {
        lo = Math.max(0, lo - (hi - (sub.length - 1)))
        hi = sub.length - 1
      }
      let s = 0
      let k = 0
      for (let j = lo; j <= hi; j++) {
        if (!Number.isNaN(sub[j])) {
          s += sub[j]
          k++
        }
      }
      // Fall back to the nearest defined values when the window holds none (very short series).
      if (k === 0) {
        for (let j = 0; j < sub.length; j++) {
          if (!Number.isNaN(sub[j])) {
            s += sub[j]
            k++
          }
        }
      }
      raw[p + c * m] = k > 0 ? s / k : 0
    }
  }
  // Centre: remove the moving average of the seasonal itself so each cycle sums to ~0.
  const level = centredMovingAverage(raw, m)
  let first = 0
  while (first < n && Number.isNaN(level[first])) first++
  let last = n - 1
  while (last >= 0 && Number.isNaN(level[last])) last--
  if (first > last) {
    const avg = raw.reduce((a, b) => a + b, 0) / n
    return raw.map((v) => v - avg)
  }
  return raw.map((v, t) => v - level[Math.min(Math.max(t, first), last)])
}
