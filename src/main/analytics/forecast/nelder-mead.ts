// Nelder–Mead simplex minimiser for the few smoothing parameters of a model (unconstrained;
// callers map bounded parameters through a logistic transform).

export interface MinimiseResult {
  x: number[]
  value: number
  evaluations: number
}

/** Minimises f from x0 with initial steps `step` (per coordinate); stops on tolerance or maxEval. */
export function nelderMead(f: (x: number[]) => number, x0: readonly number[], step: readonly number[], maxEval = 1000, tol = 1e-8): MinimiseResult {
  const d = x0.length
  const safe = (x: number[]): number => {
    const v = f(x)
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY
  }
  const pts: number[][] = [x0.slice()]
  for (let i = 0; i < d; i++) {
    const p = x0.slice()
    p[i] += step[i]
    pts.push(p)
  }
  const vals = pts.map(safe)
  let evals = d + 1
  while (evals < maxEval) {
    const order = vals.map((_, i) => i).sort((a, b) => vals[a] - vals[b])
    const sp = order.map((i) => pts[i])
    const sv = order.map((i) => vals[i])
    for (let i = 0; i <= d; i++) {
      pts[i] = sp[i]
      vals[i] = sv[i]
    }
    const spread = Math.abs(vals[d] - vals[0])
    if (spread <= tol * (Math.abs(vals[0]) + tol) && Number.isFinite(vals[d])) break
    const c = new Array<number>(d).fill(0)
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) c[j] += pts[i][j] / d
    const along = (t: number): number[] => c.map((cj, j) => cj + t * (pts[d][j] - cj))
    const xr = along(-1)
    const fr = safe(xr)
    evals++
    if (fr < vals[0]) {
      const xe = along(-2)
      const fe = safe(xe)
      evals++
      if (fe < fr) {
        pts[d] = xe
        vals[d] = fe
      } else {
        pts[d] = xr
        vals[d] = fr
      }
    } else if (fr < vals[d - 1]) {
      pts[d] = xr
      vals[d] = fr
    } else {
      const outside = fr < vals[d]
      const xc = along(outside ? -0.5 : 0.5)
      const fc = safe(xc)
      evals++
      if (fc < (outside ? fr : vals[d])) {
        pts[d] = xc
        vals[d] = fc
      } else {
        // Shrink towards the best point.
        for (let i = 1; i <= d; i++) {
          pts[i] = pts[i].map((v, j) => pts[0][j] + 0.5 * (v - pts[0][j]))
          vals[i] = safe(pts[i])
        }
        evals += d
      }
    }
  }
  let best = 0
  for (let i = 1; i <= d; i++) if (vals[i] < vals[best]) best = i
  return { x: pts[best], value: vals[best], evaluations: evals }
}
