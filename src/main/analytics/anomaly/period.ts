// Online seasonal-period detection from the autocorrelation of the recent buffer.

export interface PeriodEstimate {
  /** The dominant period in samples, or 0 when no lag is correlated enough. */
  period: number
  /** Autocorrelation at that period (0 when none). */
  correlation: number
  /** Autocorrelation at any lag (0 outside the computed range). */
  at(lag: number): number
}

/**
 * Finds the lag of the highest autocorrelation peak after the first zero crossing, within
 * [minPeriod, min(maxPeriod, n/3)], on the linearly detrended values (oldest first).
 */
export function detectPeriod(values: ArrayLike<number>, minPeriod: number, maxPeriod: number, minCorrelation: number): PeriodEstimate {
  const n = values.length
  const maxLag = Math.min(maxPeriod, Math.floor(n / 3))
  const acf = new Float64Array(maxLag + 2)
  const none: PeriodEstimate = { period: 0, correlation: 0, at: (lag) => (lag >= 0 && lag < acf.length ? acf[lag] : 0) }
  if (maxLag < minPeriod) return none
  const y = detrend(values)
  let energy = 0
  for (let i = 0; i < n; i++) energy += y[i] * y[i]
  if (!(energy > 0)) return none
  for (let lag = 1; lag <= maxLag + 1 && lag < n; lag++) {
    let s = 0
    for (let i = 0; i + lag < n; i++) s += y[i] * y[i + lag]
    // Unbiased: the (n − lag)/n shrinkage of the plain estimate would pull a broad peak to a shorter lag.
    acf[lag] = (s / (n - lag)) / (energy / n)
  }
  acf[0] = 1
  // Short lags of a smooth series are correlated trivially; a season starts after the dip.
  let start = 1
  while (start <= maxLag && acf[start] > 0) start++
  const peaks: number[] = []
  for (let lag = Math.max(start, minPeriod); lag <= maxLag; lag++) {
    if (acf[lag] >= acf[lag - 1] && acf[lag] > acf[lag + 1]) peaks.push(lag)
  }
  if (peaks.length === 0) return none
  const highest = Math.max(...peaks.map((l) => acf[l]))
  if (highest < minCorrelation) return none
  // Multiples of the period peak about as high: the fundamental is the first near the top.
  const best = peaks.find((l) => acf[l] >= 0.9 * highest) ?? peaks[0]
  return { period: best, correlation: acf[best], at: none.at }
}

/** Values minus their least-squares line (a trend would make every lag look correlated). */
function detrend(values: ArrayLike<number>): Float64Array {
  const n = values.length
  let sx = 0
  let sy = 0
  for (let i = 0; i < n; i++) {
    sx += i
    sy += values[i]
  }
  const mx = sx / n
  const my = sy / n
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < n; i++) {
    sxy += (i - mx) * (values[i] - my)
    sxx += (i - mx) * (i - mx)
  }
  const slope = sxx > 0 ? sxy / sxx : 0
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = values[i] - my - slope * (i - mx)
  return out
}

/**
 * Mean deviation of each phase (global sample index mod period) from a centred moving average,
 * normalised to sum to zero: the seasonal profile implied by the buffer.
 */
export function seasonalProfile(values: ArrayLike<number>, firstIndex: number, period: number): number[] {
  const n = values.length
  const sum = new Float64Array(period)
  const count = new Float64Array(period)
  const half = Math.floor(period / 2)
  let windowSum = 0
  for (let i = 0; i < period && i < n; i++) windowSum += values[i]
  // window covers [j - half, j - half + period - 1]
  for (let j = half; j - half + period <= n; j++) {
    const dev = values[j] - windowSum / period
    const ph = (firstIndex + j) % period
    sum[ph] += dev
    count[ph]++
    const next = j - half + period
    if (next < n) windowSum += values[next] - values[j - half]
  }
  const profile = Array.from(sum, (s, i) => (count[i] > 0 ? s / count[i] : 0))
  const mean = profile.reduce((a, b) => a + b, 0) / period
  return profile.map((v) => v - mean)
}

const CALENDAR_PERIODS_MS = [3_600_000, 86_400_000, 7 * 86_400_000]

/**
 * Snaps a detected period to a calendar one (hour, day, week) when it is within 2 % (or one
 * sample) of it: a few periods of noisy data cannot tell 287 from 288 samples, the clock can,
 * and a period off by one sample drifts the seasonal profile by a phase every cycle.
 */
export function snapToCalendar(period: number, stepMs: number): number {
  if (!(stepMs > 0) || period === 0) return period
  for (const cal of CALENDAR_PERIODS_MS) {
    const samples = cal / stepMs
    if (Number.isInteger(samples) && Math.abs(samples - period) <= Math.max(1, 0.02 * period)) return samples
  }
  return period
}
