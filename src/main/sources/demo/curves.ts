// Shapes the scenario is built from: ramps, bumps and a clamp.

/** Logistic curve 0..1, centred on `centre`, `width` days per e-fold. */
export function logistic(x: number, centre: number, width: number): number {
  return 1 / (1 + Math.exp(-(x - centre) / width))
}

/** Logistic ramp rescaled to start at exactly 0 when x = 0 (programme start) and tend to 1. */
export function ramp(x: number, centre: number, width: number): number {
  if (x <= 0) return 0
  const at0 = logistic(0, centre, width)
  return (logistic(x, centre, width) - at0) / (1 - at0)
}

/** log(1 + e^x), computed without overflow. */
export function softplus(x: number): number {
  return x > 30 ? x : Math.log1p(Math.exp(x))
}

/** ∫₀ˣ logistic(u, centre, width) du: cumulative effect of a logistic rate, 0 at x = 0. */
export function logisticIntegral(x: number, centre: number, width: number): number {
  if (x <= 0) return 0
  return width * (softplus((x - centre) / width) - softplus(-centre / width))
}

/** Gaussian bump, 1 at `centre`. */
export function bump(x: number, centre: number, width: number): number {
  const z = (x - centre) / width
  return Math.exp(-z * z)
}

/** Clamps into [lo, hi]. */
export function clamp(value: number, lo: number, hi: number): number {
  return value < lo ? lo : value > hi ? hi : value
}
