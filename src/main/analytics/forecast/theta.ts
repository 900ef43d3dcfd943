// The standard M4 Theta method (Assimakopoulos & Nikolopoulos 2000, as benchmarked in M4):
// 90 % seasonality test, classical multiplicative decomposition, then the average of the linear
// trend line (θ=0) and SES on the θ=2 line, re-seasonalised. Equivalent to SES with drift
// (Hyndman & Billah 2003), which gives its prediction intervals.
import { classicalSeasonalFigure, isSeasonal } from './decompose'
import { type ModelFit, normalInterval, rms } from './model-fit'
import { nelderMead } from './nelder-mead'

export interface SesFit {
  alpha: number
  level: number
  fitted: number[]
}

/** Simple exponential smoothing with α and the initial level chosen by least squares. */
export function fitSes(y: readonly number[]): SesFit {
  const sse = (alpha: number, l0: number): number => {
    let l = l0
    let s = 0
    for (const v of y) {
      const e = v - l
      s += e * e
      l += alpha * e
    }
    return s
  }
  const scale = Math.max(1e-8, y.reduce((a, v) => a + Math.abs(v), 0) / y.length)
  const toAlpha = (u: number): number => 1e-4 + (0.9999 - 1e-4) / (1 + Math.exp(-u))
  let best = { x: [0, y[0] / scale], value: Infinity }
  for (const a0 of [-2, 0, 2]) {
    const r = nelderMead((u) => sse(toAlpha(u[0]), u[1] * scale), [a0, y[0] / scale], [1, 0.05], 400, 1e-12)
    if (r.value < best.value) best = r
  }
  const alpha = toAlpha(best.x[0])
  let l = best.x[1] * scale
  const fitted: number[] = []
  for (const v of y) {
    fitted.push(l)
    l += alpha * (v - l)
  }
  return { alpha, level: l, fitted }
}

export interface SeasonalAdjustment {
  adjusted: number[]
  /** Seasonal factor for each future step 1..horizon. */
  future: number[]
  kind: 'multiplicative' | 'additive' | 'none'
}

/**
 * M4 deseasonalisation: if the 90 % test finds seasonality at m, divide by classical multiplicative
 * indices (subtract additive ones when the series is not strictly positive).
 */
export function m4Deseasonalise(y: readonly number[], m: number | undefined, horizon: number): SeasonalAdjustment {
  const n = y.length
  if (m === undefined || !isSeasonal(y, m)) return { adjusted: y.slice(), future: new Array<number>(horizon).fill(1), kind: 'none' }
  const kind = y.every((v) => v > 0) ? 'multiplicative' : 'additive'
  const fig = classicalSeasonalFigure(y, m, kind)
  const adjusted = y.map((v, t) => (kind === 'multiplicative' ? v / fig[t % m] : v - fig[t % m]))
  const future: number[] = []
  for (let h = 1; h <= horizon; h++) future.push(fig[(n + h - 1) % m])
  return { adjusted, future, kind }
}

/** Applies the future seasonal factors of `adj` to a forecast in adjusted space. */
export function reseasonalise(adj: SeasonalAdjustment, v: readonly number[]): number[] {
  if (adj.kind === 'multiplicative') return v.map((x, i) => x * adj.future[i])
  if (adj.kind === 'additive') return v.map((x, i) => x + adj.future[i])
  return v.slice()
}

/** Theta forecast with prediction intervals. */
export function fitTheta(y: readonly number[], horizon: number, m: number | undefined): ModelFit {
  const adj = m4Deseasonalise(y, m, horizon)
  const d = adj.adjusted
  const n = d.length
  // θ=0 line: least-squares regression on t = 1..n.
  let sx = 0
  let sy = 0
  let sxx = 0
  let sxy = 0
  for (let t = 0; t < n; t++) {
    sx += t + 1
    sy += d[t]
    sxx += (t + 1) * (t + 1)
    sxy += (t + 1) * d[t]
  }
  const den = n * sxx - sx * sx
  const b = den > 0 ? (n * sxy - sx * sy) / den : 0
  const a = (sy - b * sx) / n
  const theta2 = d.map((v, t) => 2 * v - (a + b * (t + 1)))
  const ses = fitSes(theta2)
  const meanAdj: number[] = []
  for (let h = 1; h <= horizon; h++) meanAdj.push(0.5 * ses.level + 0.5 * (a + b * (n + h)))
  // One-step in-sample errors of the combined forecast give σ for the SES-with-drift intervals.
  const errors = d.map((v, t) => v - (0.5 * ses.fitted[t] + 0.5 * (a + b * (t + 1))))
  const sigma = rms(errors.slice(1))
  const sdAdj = meanAdj.map((_, i) => sigma * Math.sqrt(1 + i * ses.alpha * ses.alpha))
  const mean = reseasonalise(adj, meanAdj)
  const sd = adj.kind === 'multiplicative' ? sdAdj.map((s, i) => s * adj.future[i]) : sdAdj
  const name = `Theta${adj.kind === 'none' ? '' : ` m=${m}`}`
  return { model: name, mean, interval: normalInterval(mean, sd) }
}
