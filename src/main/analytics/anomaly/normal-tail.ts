// Upper tail of the standard normal distribution, accurate in relative terms far into the tail
// (the surprise and likelihood scores take logarithms of very small probabilities).

/** Complementary error function (Chebyshev fit, relative error < 1.2e-7 everywhere). */
export function erfc(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + 0.5 * z)
  const poly =
    -z * z -
    1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
  const r = t * Math.exp(poly)
  return x >= 0 ? r : 2 - r
}

/** P(Z > x) for a standard normal Z. */
export function normalTail(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2)
}

/** −ln P(|Z| > |z|): the surprise of a standardised residual, computed without underflow. */
export function twoSidedSurprise(z: number): number {
  const a = Math.abs(z)
  // Beyond ~37σ exp() underflows; use the asymptotic −ln(2Q(a)) ≈ a²/2 + ln(a·√(π/2)).
  if (a > 30) return (a * a) / 2 + Math.log(a * Math.sqrt(Math.PI / 2))
  return -Math.log(Math.min(1, 2 * normalTail(a)))
}

/** log10 P(Z > x), finite far into the tail (asymptotic expansion beyond 8σ). */
export function log10NormalTail(x: number): number {
  if (x < 8) return Math.log10(normalTail(x))
  // Q(x) ≈ φ(x)/x · (1 − 1/x² + 3/x⁴)
  const lnQ = (-x * x) / 2 - Math.log(x * Math.sqrt(2 * Math.PI)) + Math.log(1 - 1 / (x * x) + 3 / x ** 4)
  return lnQ / Math.LN10
}
