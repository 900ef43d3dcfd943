// Three-parameter logistic y = K / (1 + e^(−r(t − t0))) fitted by bounded Levenberg–Marquardt
// (Marquardt's diagonal scaling, steps projected onto the bounds).

export interface LogisticParams {
  /** Plateau. */
  K: number
  /** Growth rate per unit of t. */
  r: number
  /** Midpoint (K/2 is reached at t0). */
  t0: number
}

export interface LogisticBounds {
  K: [number, number]
  r: [number, number]
  t0: [number, number]
}

export interface LogisticFit {
  params: LogisticParams
  /** Sum of squared residuals. */
  sse: number
  iterations: number
}

/** The logistic curve at t. */
export function logisticAt(p: LogisticParams, t: number): number {
  return p.K / (1 + Math.exp(-p.r * (t - p.t0)))
}

function sseOf(p: LogisticParams, t: readonly number[], y: readonly number[]): number {
  let s = 0
  for (let i = 0; i < t.length; i++) {
    const e = y[i] - logisticAt(p, t[i])
    s += e * e
  }
  return s
}

function clampTo(v: number, [lo, hi]: [number, number]): number {
  return v < lo ? lo : v > hi ? hi : v
}

function project(p: LogisticParams, b: LogisticBounds): LogisticParams {
  return { K: clampTo(p.K, b.K), r: clampTo(p.r, b.r), t0: clampTo(p.t0, b.t0) }
}

/** Solves the 3×3 system A x = g by Gaussian elimination with partial pivoting; null if singular. */
function solve3(A: number[][], g: number[]): number[] | null {
  const m = A.map((row, i) => [...row, g[i]])
  for (let col = 0; col < 3; col++) {
    let piv = col
    for (let r = col + 1; r < 3; r++) if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) piv = r
    if (!(Math.abs(m[piv][col]) > 1e-300)) return null
    ;[m[col], m[piv]] = [m[piv], m[col]]
    for (let r = col + 1; r < 3; r++) {
      const f = m[r][col] / m[col][col]
      for (let c = col; c < 4; c++) m[r][c] -= f * m[col][c]
    }
  }
  const x = [0, 0, 0]
  for (let r = 2; r >= 0; r--) {
    let s = m[r][3]
    for (let c = r + 1; c < 3; c++) s -= m[r][c] * x[c]
    x[r] = s / m[r][r]
  }
  return x.every(Number.isFinite) ? x : null
}

/** Minimises the squared error from `start` within the bounds (at most maxIterations steps). */
export function fitLogistic(t: readonly number[], y: readonly number[], start: LogisticParams, bounds: LogisticBounds, maxIterations = 200): LogisticFit {
  let p = project(start, bounds)
  let sse = sseOf(p, t, y)
  let lambda = 1e-3
  let iterations = 0
  for (; iterations < maxIterations; iterations++) {
    // Normal equations JᵀJ δ = Jᵀe for the residuals e = y − f.
    const JtJ = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
    const Jte = [0, 0, 0]
    for (let i = 0; i < t.length; i++) {
      const s = 1 / (1 + Math.exp(-p.r * (t[i] - p.t0)))
      const ds = s * (1 - s)
      const j = [s, p.K * ds * (t[i] - p.t0), -p.K * ds * p.r]
      const e = y[i] - p.K * s
      for (let a = 0; a < 3; a++) {
        Jte[a] += j[a] * e
        for (let c = 0; c < 3; c++) JtJ[a][c] += j[a] * j[c]
      }
    }
    // Active set: a parameter on a bound whose descent direction points out of the box is held
    // fixed for this step, so the others still converge (plain projection would stall there).
    const pv = [p.K, p.r, p.t0]
    const box = [bounds.K, bounds.r, bounds.t0]
    for (let a = 0; a < 3; a++) {
      const atLow = pv[a] <= box[a][0] && Jte[a] < 0
      const atHigh = pv[a] >= box[a][1] && Jte[a] > 0
      if (atLow || atHigh) {
        for (let c = 0; c < 3; c++) JtJ[a][c] = JtJ[c][a] = 0
        JtJ[a][a] = 1
        Jte[a] = 0
      }
    }
    let improved = false
    while (lambda < 1e12) {
      const A = JtJ.map((row, a) => row.map((v, c) => (a === c ? v + lambda * Math.max(v, 1e-12) : v)))
      const d = solve3(A, Jte)
      if (d) {
        const q = project({ K: p.K + d[0], r: p.r + d[1], t0: p.t0 + d[2] }, bounds)
        const s2 = sseOf(q, t, y)
        if (s2 < sse) {
          const gain = sse - s2
          p = q
          const prev = sse
          sse = s2
          lambda = Math.max(lambda / 10, 1e-12)
          improved = true
          if (gain <= 1e-12 * Math.max(prev, 1e-300)) return { params: p, sse, iterations: iterations + 1 }
          break
        }
      }
      lambda *= 10
    }
    if (!improved) break
  }
  return { params: p, sse, iterations }
}

/** Starting points: for several plateau guesses, r and t0 from a line through logit(y/K). */
export function logisticStarts(t: readonly number[], y: readonly number[], bounds: LogisticBounds): LogisticParams[] {
  const [kLo, kHi] = bounds.K
  const guesses = [...new Set([1.02, 1.1, 1.25, 1.5, 2, 3].map((f) => Math.min(kHi, Math.max(kLo, kLo * f))).concat([kHi]))]
  const span = Math.max(t[t.length - 1] - t[0], 1e-9)
  const starts: LogisticParams[] = []
  for (const K of guesses) {
    // Least-squares line z = a + b·t through z = logit(y/K), y/K kept inside (1 %, 99 %).
    let n = 0, st = 0, sz = 0, stt = 0, stz = 0
    for (let i = 0; i < t.length; i++) {
      const q = Math.min(0.99, Math.max(0.01, y[i] / K))
      const z = Math.log(q / (1 - q))
      n++; st += t[i]; sz += z; stt += t[i] * t[i]; stz += t[i] * z
    }
    const den = n * stt - st * st
    let r = den > 0 ? (n * stz - st * sz) / den : 0
    const a = (sz - r * st) / n
    if (!(r > 0)) r = 4 / span
    const t0 = -a / r
    starts.push(project({ K, r, t0: Number.isFinite(t0) ? t0 : t[0] + span / 2 }, bounds))
  }
  return starts
}
