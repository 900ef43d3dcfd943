// Standard normal quantiles and a small seeded random source (engines stay deterministic).

/** erf(x) by its Maclaurin series; accurate to ~1e-10 for |x| ≤ 4, saturates beyond. */
function erf(x: number): number {
  if (x > 4.5) return 1
  if (x < -4.5) return -1
  let term = x
  let sum = x
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n
    const add = term / (2 * n + 1)
    sum += add
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break
  }
  return (2 / Math.sqrt(Math.PI)) * sum
}

/** Standard normal cumulative distribution function. */
export function normalCdf(z: number): number {
  return 0.5 * (1 + erf(z / Math.SQRT2))
}

/** Standard normal quantile by bisection on the CDF (p in (0,1)). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile: p must be in (0,1), got ${p}`)
  let lo = -7
  let hi = 7
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2
    if (normalCdf(mid) < p) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** z for a two-sided central interval of `level` percent, e.g. 95 → 1.96. */
export function zForLevel(level: number): number {
  return normalQuantile(0.5 + level / 200)
}

/** A seeded pseudo-random source of standard normal draws (xorshift32 + Box–Muller). */
export function normalSource(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9
  const uniform = (): number => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return (s + 0.5) / 4294967296
  }
  let spare: number | null = null
  return () => {
    if (spare !== null) {
      const v = spare
      spare = null
      return v
    }
    const u = uniform()
    const v = uniform()
    const r = Math.sqrt(-2 * Math.log(u))
    spare = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }
}
