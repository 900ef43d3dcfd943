// Exponential smoothing in state-space form with additive errors (Hyndman et al. 2008):
// trend none / additive / additive damped, seasonality none / additive / multiplicative.
// Smoothing parameters and the initial level/trend are fitted by maximum likelihood (Nelder–Mead on
// the concentrated Gaussian likelihood n·log(SSE/n)) inside the usual admissible bounds.
import { classicalSeasonalFigure } from './decompose'
import { type Bounds, type ModelFit, empiricalInterval, normalInterval } from './model-fit'
import { nelderMead } from './nelder-mead'
import { normalSource } from './normal'

export type EtsTrend = 'N' | 'A' | 'Ad'
export type EtsSeason = 'N' | 'A' | 'M'

export interface EtsSpec {
  trend: EtsTrend
  season: EtsSeason
  /** Seasonal period (ignored when season is 'N'). */
  m: number
}

export interface EtsParams {
  alpha: number
  beta: number
  gamma: number
  phi: number
  l0: number
  b0: number
  s0: number[]
}

interface RunResult {
  sse: number
  level: number
  slope: number
  season: number[]
  residuals: number[]
}

const BOUNDS = { alpha: [1e-4, 0.9999], phi: [0.8, 0.98] } as const
const logistic = (u: number): number => 1 / (1 + Math.exp(-u))
const logit = (p: number): number => Math.log(p / (1 - p))

/** The model's name as shown to people, e.g. "ETS(A,Ad,M) m=24". */
export function etsName(spec: EtsSpec): string {
  return `ETS(A,${spec.trend},${spec.season})${spec.season === 'N' ? '' : ` m=${spec.m}`}`
}

/** Runs the filter over y and returns SSE, final states and one-step residuals (sse=Infinity if inadmissible). */
function run(y: readonly number[], spec: EtsSpec, p: EtsParams, keepResiduals: boolean): RunResult {
  const { trend, season } = spec
  const m = season === 'N' ? 1 : spec.m
  const phi = trend === 'Ad' ? p.phi : 1
  const s = season === 'N' ? [] : p.s0.slice()
  let l = p.l0
  let b = trend === 'N' ? 0 : p.b0
  let sse = 0
  const residuals: number[] = []
  for (let t = 0; t < y.length; t++) {
    const pb = trend === 'N' ? 0 : phi * b
    const base = l + pb
    let mu = base
    let sOld = 0
    if (season === 'A') {
      sOld = s[t % m]
      mu = base + sOld
    } else if (season === 'M') {
      sOld = s[t % m]
      if (!(sOld > 0) || !(base > 0)) return { sse: Infinity, level: l, slope: b, season: s, residuals }
      mu = base * sOld
    }
    const e = y[t] - mu
    sse += e * e
    if (keepResiduals) residuals.push(e)
    if (season === 'M') {
      l = base + (p.alpha * e) / sOld
      if (trend !== 'N') b = pb + (p.beta * e) / sOld
      s[t % m] = sOld + (p.gamma * e) / base
    } else {
      l = base + p.alpha * e
      if (trend !== 'N') b = pb + p.beta * e
      if (season === 'A') s[t % m] = sOld + p.gamma * e
    }
  }
  if (!Number.isFinite(sse)) return { sse: Infinity, level: l, slope: b, season: s, residuals }
  return { sse, level: l, slope: b, season: s, residuals }
}

/** Heuristic initial states: seasonal figure from the first cycles, level/trend from a regression. */
function initialStates(y: readonly number[], spec: EtsSpec): { l0: number; b0: number; s0: number[] } {
  const m = spec.m
  let s0: number[] = []
  let adj = y.slice(0, Math.min(y.length, 10))
  if (spec.season !== 'N') {
    const first = y.slice(0, Math.min(y.length, Math.max(3 * m, 2 * m + 1)))
    s0 = classicalSeasonalFigure(first, m, spec.season === 'M' ? 'multiplicative' : 'additive')
    adj = y.slice(0, Math.min(y.length, Math.max(m, 10))).map((v, t) => (spec.season === 'M' ? v / s0[t % m] : v - s0[t % m]))
  }
  const k = adj.length
  let sx = 0
  let sy = 0
  let sxx = 0
  let sxy = 0
  for (let t = 0; t < k; t++) {
    sx += t + 1
    sy += adj[t]
    sxx += (t + 1) * (t + 1)
    sxy += (t + 1) * adj[t]
  }
  const den = k * sxx - sx * sx
  const slope = den > 0 ? (k * sxy - sx * sy) / den : 0
  const intercept = (sy - slope * sx) / k
  if (spec.trend === 'N') return { l0: sy / k, b0: 0, s0 }
  return { l0: intercept, b0: slope, s0 }
}

/** Number of estimated parameters, counting σ² and the initial states (for AICc). */
function parameterCount(spec: EtsSpec): number {
  let k = 2 // alpha, l0
  if (spec.trend !== 'N') k += 2 // beta, b0
  if (spec.trend === 'Ad') k += 1 // phi
  if (spec.season !== 'N') k += 1 + (spec.m - 1) // gamma, initial seasonal states (normalised)
  return k + 1 // sigma²
}

export interface EtsFitted {
  spec: EtsSpec
  params: EtsParams
  sigma2: number
  aicc: number
  residuals: number[]
  final: { level: number; slope: number; season: number[] }
  n: number
}

/** Whether spec can be fitted to y (enough data for its parameters, positive data for 'M'). */
export function etsApplicable(y: readonly number[], spec: EtsSpec): boolean {
  const n = y.length
  if (spec.season !== 'N') {
    if (spec.m < 2 || n < 2 * spec.m) return false
    if (spec.season === 'M' && y.some((v) => !(v > 0))) return false
  }
  return n - parameterCount(spec) - 1 > 0
}

/** Fits one ETS model by maximum likelihood. */
export function fitEts(y: readonly number[], spec: EtsSpec): EtsFitted {
  const n = y.length
  const init = initialStates(y, spec)
  const scale = Math.max(1e-8, y.reduce((a, v) => a + Math.abs(v), 0) / n)
  const hasTrend = spec.trend !== 'N'
  const hasSeason = spec.season !== 'N'
  // Unconstrained coordinates: [uα, uβ?, uγ?, uφ?, l0/scale, b0/scale?]; β ∈ (1e-4, α), γ ∈ (1e-4, 1-α).
  const decode = (u: number[]): EtsParams => {
    let i = 0
    const alpha = BOUNDS.alpha[0] + (BOUNDS.alpha[1] - BOUNDS.alpha[0]) * logistic(u[i++])
    const beta = hasTrend ? 1e-4 + (alpha - 1e-4) * logistic(u[i++]) : 0
    const gamma = hasSeason ? 1e-4 + Math.max(0, 1 - alpha - 1e-4) * logistic(u[i++]) : 0
    const phi = spec.trend === 'Ad' ? BOUNDS.phi[0] + (BOUNDS.phi[1] - BOUNDS.phi[0]) * logistic(u[i++]) : 1
    const l0 = u[i++] * scale
    const b0 = hasTrend ? u[i++] * scale : 0
    return { alpha, beta, gamma, phi, l0, b0, s0: init.s0 }
  }
  const u0: number[] = [logit(0.2)]
  const step: number[] = [1]
  if (hasTrend) u0.push(logit(0.1)), step.push(1)
  if (hasSeason) u0.push(logit(0.05)), step.push(1)
  if (spec.trend === 'Ad') u0.push(logit(0.9)), step.push(1)
  u0.push(init.l0 / scale), step.push(0.05)
  if (hasTrend) u0.push(init.b0 / scale), step.push(0.005)
  const objective = (u: number[]): number => {
    const r = run(y, spec, decode(u), false)
    return r.sse
  }
  let best = nelderMead(objective, u0, step, 600, 1e-10)
  best = nelderMead(objective, best.x, step.map((s) => s / 2), 400, 1e-10)
  const params = decode(best.x)
  const r = run(y, spec, params, true)
  const k = parameterCount(spec)
  const sse = Math.max(r.sse, 1e-300)
  const loglik = n * Math.log(sse / n)
  const aic = loglik + 2 * k
  const aicc = n - k - 1 > 0 ? aic + (2 * k * (k + 1)) / (n - k - 1) : Infinity
  return {
    spec,
    params,
    sigma2: sse / Math.max(1, n - k + 1),
    aicc: Number.isFinite(r.sse) ? aicc : Infinity,
    residuals: r.residuals,
    final: { level: r.level, slope: r.slope, season: r.season },
    n
  }
}

/** Point forecasts of a fitted ETS model. */
function etsMean(f: EtsFitted, horizon: number): number[] {
  const { spec, params, final } = f
  const phi = spec.trend === 'Ad' ? params.phi : 1
  const out: number[] = []
  let damp = 0
  for (let h = 1; h <= horizon; h++) {
    damp += spec.trend === 'N' ? 0 : Math.pow(phi, h)
    const base = final.level + damp * final.slope
    const s = spec.season === 'N' ? undefined : final.season[(f.n + h - 1) % spec.m]
    out.push(s === undefined ? base : spec.season === 'A' ? base + s : base * s)
  }
  return out
}

/** Forecast standard deviations for the linear (class 1) models: σ²(1 + Σ_{j<h} c_j²). */
function etsLinearSd(f: EtsFitted, horizon: number): number[] {
  const { spec, params } = f
  const phi = spec.trend === 'Ad' ? params.phi : 1
  const out: number[] = []
  let acc = 1
  let phiSum = 0
  for (let h = 1; h <= horizon; h++) {
    out.push(Math.sqrt(f.sigma2 * acc))
    // c_h for the next step.
    phiSum += spec.trend === 'N' ? 0 : Math.pow(phi, h)
    let c = params.alpha + params.beta * phiSum
    if (spec.season === 'A' && h % spec.m === 0) c += params.gamma
    acc += c * c
  }
  return out
}

/** Simulated sample paths from the final state (multiplicative seasonality has no closed form). */
function etsSimulatedDraws(f: EtsFitted, horizon: number, paths = 1000, seed = 20240601): Float64Array[] {
  const { spec, params, final } = f
  const phi = spec.trend === 'Ad' ? params.phi : 1
  const sigma = Math.sqrt(f.sigma2)
  const draws = Array.from({ length: horizon }, () => new Float64Array(paths))
  const rnd = normalSource(seed)
  const m = spec.m
  for (let k = 0; k < paths; k++) {
    let l = final.level
    let b = final.slope
    const s = final.season.slice()
    for (let h = 0; h < horizon; h++) {
      const pb = spec.trend === 'N' ? 0 : phi * b
      const base = l + pb
      const idx = (f.n + h) % m
      const sOld = s[idx]
      const e = sigma * rnd()
      const yv = base * sOld + e
      draws[h][k] = yv
      const safeS = Math.abs(sOld) > 1e-12 ? sOld : 1e-12
      const safeB = Math.abs(base) > 1e-12 ? base : 1e-12
      l = base + (params.alpha * e) / safeS
      if (spec.trend !== 'N') b = pb + (params.beta * e) / safeS
      s[idx] = sOld + (params.gamma * e) / safeB
    }
  }
  for (const d of draws) d.sort()
  return draws
}

/** Forecast from a fitted ETS model: point forecasts and intervals (analytic, or simulated for 'M'). */
export function etsForecast(f: EtsFitted, horizon: number): ModelFit {
  const mean = etsMean(f, horizon)
  if (f.spec.season !== 'M') return { model: etsName(f.spec), mean, interval: normalInterval(mean, etsLinearSd(f, horizon)), aicc: f.aicc }
  // Simulate only when an interval is asked for (holdout fits never ask).
  let simulated: ((level: number) => Bounds) | undefined
  const interval = (level: number): Bounds => (simulated ??= empiricalInterval(etsSimulatedDraws(f, horizon)))(level)
  return { model: etsName(f.spec), mean, interval, aicc: f.aicc }
}

/** All candidate specs for a series: non-seasonal always, seasonal ones when m is given and fits. */
export function etsCandidates(y: readonly number[], m: number | undefined): EtsSpec[] {
  const trends: EtsTrend[] = ['N', 'A', 'Ad']
  const seasons: EtsSeason[] = m === undefined ? ['N'] : ['N', 'A', 'M']
  const specs: EtsSpec[] = []
  for (const season of seasons) for (const trend of trends) specs.push({ trend, season, m: m ?? 1 })
  return specs.filter((s) => etsApplicable(y, s))
}

/** Automatic ETS: fits every applicable candidate and keeps the lowest AICc; undefined if none fits. */
export function fitAutoEts(y: readonly number[], m: number | undefined): EtsFitted | undefined {
  let best: EtsFitted | undefined
  for (const spec of etsCandidates(y, m)) {
    const f = fitEts(y, spec)
    if (Number.isFinite(f.aicc) && (best === undefined || f.aicc < best.aicc)) best = f
  }
  return best
}
