// The one-sample Kolmogorov distribution: P(D_n ≥ x) for D_n = sup|F_n − F|.
// scipy's ks_2samp falls back to it (with n = round(n1·n2/(n1+n2))) above 10 000 samples,
// so we pick among the methods by the same regions as scipy.stats.kstwo (Simard & L'Ecuyer
// 2011): closed forms at the extremes, Durbin's exact matrix method for small n·x²,
// Pelz–Good's asymptotic series for large n, and 2 × Smirnov's one-sided tail far out.

const LOG_2PI = Math.log(2 * Math.PI)
const SQRT_2PI = Math.sqrt(2 * Math.PI)
const PI2 = Math.PI ** 2
const PI4 = Math.PI ** 4
const PI6 = Math.PI ** 6

/** log(n!/nⁿ) without the cancellation of log n! − n log n (Stirling series for large n). */
function logFactorialOverPower(n: number): number {
  if (n <= 30) {
    let p = 1
    for (let i = 1; i <= n; i++) p *= i / n
    return Math.log(p)
  }
  // Bernoulli terms B_2j / (2j(2j−1) n^(2j−1)), j = 1..5: far below double precision at n > 30.
  const r = 1 / n
  const r2 = r * r
  const series = r * (1 / 12 + r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188)))))
  return Math.log(n) / 2 - n + LOG_2PI / 2 + series
}

/** Square matrix product a·b (row-major, size m). */
function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(m * m)
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]
      if (aik === 0) continue
      for (let j = 0; j < m; j++) out[i * m + j] += aik * b[k * m + j]
    }
  }
  return out
}

/** Scales a matrix by an exact power of two so its largest entry is near 1; returns the exponent removed. */
function normalize(a: Float64Array): number {
  let max = 0
  for (const v of a) if (Math.abs(v) > max) max = Math.abs(v)
  if (max === 0 || !Number.isFinite(max)) return 0
  const e = Math.floor(Math.log2(max))
  if (e === 0) return 0
  const f = 2 ** -e
  for (let i = 0; i < a.length; i++) a[i] *= f
  return e
}

/** Durbin's matrix method (Marsaglia–Tsang–Wang form): exact P(D_n < x). */
export function kolmogorovCdfDurbin(n: number, x: number): number {
  const t = n * x
  if (t <= 0.5) return 0
  if (x >= 1) return 1
  const k = Math.ceil(t)
  const h = k - t
  const m = 2 * k - 1
  const H = new Float64Array(m * m)
  const invFactorial = [1]
  for (let i = 1; i <= m; i++) invFactorial.push(invFactorial[i - 1] / i)
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i - j + 1 >= 0) H[i * m + j] = invFactorial[i - j + 1]
  for (let i = 0; i < m; i++) {
    H[i * m] -= h ** (i + 1) * invFactorial[i + 1]
    H[(m - 1) * m + i] -= h ** (m - i) * invFactorial[m - i]
  }
  if (2 * h - 1 > 0) H[(m - 1) * m] += (2 * h - 1) ** m * invFactorial[m]
  // H^n by repeated squaring, keeping every matrix near 1 with exact power-of-two scales.
  let result: Float64Array<ArrayBuffer> | null = null
  let resultExponent = 0
  let base: Float64Array<ArrayBuffer> = H
  let baseExponent = 0
  for (let e = n; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) {
      result = result === null ? base.slice() : multiply(result, base, m)
      resultExponent += baseExponent
      resultExponent += normalize(result)
    }
    if (e > 1) {
      base = multiply(base, base, m)
      baseExponent *= 2
      baseExponent += normalize(base)
    }
  }
  const entry = (result as Float64Array)[(k - 1) * m + (k - 1)]
  if (entry <= 0) return 0
  return Math.min(1, Math.exp(Math.log(entry) + resultExponent * Math.LN2 + logFactorialOverPower(n)))
}

/** Smirnov's one-sided tail P(D⁺_n ≥ x), exact (Birnbaum–Tingey sum). */
export function smirnovSurvival(n: number, x: number): number {
  if (x <= 0) return 1
  if (x >= 1) return 0
  const t = n * x
  const last = Math.floor(n - t)
  let logBinomial = 0 // log C(n, j), updated incrementally
  let sum = 0
  for (let j = 0; j <= last; j++) {
    if (j > 0) logBinomial += Math.log((n - j + 1) / j)
    const rest = (n - j - t) / n // 1 − x − j/n, without forming 1 − x first
    if (rest <= 0 && n - j > 0) continue
    const logTerm = logBinomial + (n - j > 0 ? (n - j) * Math.log(rest) : 0) + (j - 1) * Math.log((t + j) / n)
    sum += Math.exp(logTerm)
  }
  return Math.min(1, Math.max(0, x * sum))
}

/** Pelz–Good asymptotic series for P(D_n ≤ x) (large n, moderate n·x²). */
export function kolmogorovCdfPelzGood(n: number, x: number): number {
  const z = Math.sqrt(n) * x
  const z2 = z * z
  const z4 = z2 * z2
  const z6 = z4 * z2
  const z8 = z4 * z4
  if (-PI2 / 8 / z2 < -708) return 0
  const maxK = Math.ceil((16 * z) / Math.PI)
  // Sums over odd m = 2k − 1 of c(m)·exp(−π² m² / (8 z²)).
  const sums = [0, 0, 0, 0]
  for (let k = maxK; k >= 1; k--) {
    const mm = (2 * k - 1) ** 2
    const w = Math.exp((-PI2 * mm) / (8 * z2))
    sums[0] += w
    sums[1] += (-z2 + (PI2 / 4) * mm) * w
    sums[2] += (6 * z6 + 2 * z4 + ((2 * z4 - 5 * z2) * PI2 * mm) / 4 + (PI4 * (1 - 2 * z2) * mm * mm) / 16) * w
    sums[3] += (-30 * z6 - 90 * z8 + (PI2 * (135 * z4 - 96 * z6) * mm) / 4 + (PI4 * (212 * z4 - 60 * z2) * mm * mm) / 16 + (PI6 * (5 - 30 * z2) * mm * mm * mm) / 64) * w
  }
  const terms = [
    (SQRT_2PI * sums[0]) / z,
    (SQRT_2PI * sums[1]) / (6 * z4),
    (SQRT_2PI * sums[2]) / (72 * z ** 7),
    (SQRT_2PI * sums[3]) / (6480 * z ** 10)
  ]
  // Extra terms of K2 and K3 over all integers k: exp(−π² k² / (2 z²)).
  let k2Extra = 0
  let k3Extra = 0
  for (let k = maxK; k >= 1; k--) {
    const w = k * k * Math.exp((-PI2 * k * k) / (2 * z2))
    k2Extra += w
    k3Extra += (3 * z2 - PI2 * k * k) * w
  }
  terms[2] += (k2Extra * PI2 * SQRT_2PI) / (-36 * z ** 3)
  terms[3] += (k3Extra * PI2 * SQRT_2PI) / (216 * z6)
  return terms[0] + terms[1] / Math.sqrt(n) + terms[2] / n + terms[3] / n ** 1.5
}

const clip = (p: number): number => Math.min(1, Math.max(0, p))

/** P(D_n ≥ x) for the two-sided one-sample Kolmogorov statistic (scipy.stats.kstwo.sf). */
export function kolmogorovSurvival(n: number, x: number): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`kolmogorovSurvival: n must be a positive integer, got ${n}`)
  if (Number.isNaN(x)) throw new Error('kolmogorovSurvival: x is NaN')
  if (x >= 1) return 0
  if (x <= 0) return 1
  const t = n * x
  if (t <= 1) {
    // Ruben–Gambino: P(D_n ≤ x) = n!/nⁿ (2t − 1)ⁿ for 1/(2n) ≤ x ≤ 1/n.
    if (t <= 0.5) return 1
    return clip(1 - Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1)))
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n)
  if (x >= 0.5) return clip(2 * smirnovSurvival(n, x))
  const nx2 = t * x
  if (n <= 140) {
    // Durbin's method is exact; scipy uses Pomeranz's (also exact) for 0.754693 < n·x² ≤ 4.
    if (nx2 <= 4) return clip(1 - kolmogorovCdfDurbin(n, x))
    return clip(2 * smirnovSurvival(n, x))
  }
  if (nx2 >= 370) return 0
  if (nx2 >= 2.2) return clip(2 * smirnovSurvival(n, x))
  if (n <= 100_000 && n * x ** 1.5 <= 1.4) return clip(1 - kolmogorovCdfDurbin(n, x))
  return clip(1 - kolmogorovCdfPelzGood(n, x))
}
