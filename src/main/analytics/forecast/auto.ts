// Automatic model: holdout validation across families. Every candidate is fitted to the series
// minus its last `horizon` values (at most a third of the series), scored by mean absolute error on
// those held-out values, and the winner is refitted to the whole series. Within ETS the model is
// chosen by AICc as usual. Selection uses only the training data, so it carries over to new series.
import { etsForecast, fitAutoEts } from './ets'
import type { ModelFit } from './model-fit'
import { fitMstl, usablePeriods } from './mstl'
import { fitNaive, fitSeasonalNaive } from './simple'
import { fitTheta } from './theta'

interface Candidate {
  name: string
  /** Whether the candidate applies to a series of length n (with these values). */
  applies: (y: readonly number[]) => boolean
  fit: (y: readonly number[], horizon: number) => ModelFit
}

const positive = (y: readonly number[]): boolean => y.every((v) => v > 0)

/** The candidate models for the given seasonal periods (sorted ascending). */
export function autoCandidates(periods: readonly number[]): Candidate[] {
  const out: Candidate[] = [{ name: 'naive', applies: (y) => y.length >= 2 && periods.length === 0, fit: (y, h) => fitNaive(y, h) }]
  for (const p of periods) out.push({ name: `snaive ${p}`, applies: (y) => y.length >= p, fit: (y, h) => fitSeasonalNaive(y, h, p) })
  const primary = (y: readonly number[]): number | undefined => usablePeriods(y.length, periods)[0]
  out.push({
    name: 'ets',
    applies: (y) => y.length >= 4,
    fit: (y, h) => {
      const f = fitAutoEts(y, primary(y))
      return f ? etsForecast(f, h) : fitNaive(y, h)
    }
  })
  out.push({ name: 'theta', applies: (y) => y.length >= 4, fit: (y, h) => fitTheta(y, h, primary(y)) })
  out.push({ name: 'mstl', applies: (y) => usablePeriods(y.length, periods).length > 0, fit: (y, h) => fitMstl(y, h, periods) })
  out.push({ name: 'mstl-log', applies: (y) => positive(y) && usablePeriods(y.length, periods).length > 0, fit: (y, h) => logScale(fitMstl(y.map(Math.log), h, periods)) })
  return out
}

/** Back-transforms a model fitted on log values (median forecasts; interval bounds map exactly). */
function logScale(f: ModelFit): ModelFit {
  return {
    model: `exp(${f.model} on log)`,
    mean: f.mean.map(Math.exp),
    interval: (level) => {
      const b = f.interval(level)
      return { lower: b.lower.map(Math.exp), upper: b.upper.map(Math.exp) }
    }
  }
}

/** Holdout-validated choice among the candidate families; fits and forecasts the winner. */
export function fitAuto(y: readonly number[], horizon: number, periods: readonly number[]): ModelFit {
  const n = y.length
  if (n < 4) return fitNaive(y, horizon)
  const hold = Math.min(horizon, Math.floor(n / 3))
  const train = y.slice(0, n - hold)
  const actual = y.slice(n - hold)
  const candidates = autoCandidates(periods).filter((c) => c.applies(y))
  let best: { c: Candidate; mae: number } | undefined
  for (const c of candidates) {
    if (!c.applies(train)) continue
    const f = c.fit(train, hold).mean
    let mae = 0
    for (let i = 0; i < hold; i++) mae += Math.abs(actual[i] - f[i])
    mae /= hold
    if (Number.isFinite(mae) && (best === undefined || mae < best.mae)) best = { c, mae }
  }
  const chosen = best?.c ?? candidates.find((c) => c.name === 'ets')!
  const fit = chosen.fit(y, horizon)
  return { ...fit, model: `${fit.model} (auto: best of ${candidates.length} on a ${hold}-step holdout)` }
}
