// The streaming detector: a robust seasonal forecaster whose standardised residuals become
// surprises (−ln p-value), and an anomaly likelihood: the tail probability of the short-term
// mean surprise under its long-term distribution (Numenta's anomaly likelihood, on residuals).
// A second view, context novelty, scores how improbable the sample's quantised level is after
// the last levels (a variable-order Markov model over the buffer), through its own likelihood;
// range novelty makes a value beyond everything seen certain. The two views are two tests of
// one sample, so their smaller p-value is Bonferroni-corrected. The reported score then counts
// each anomaly once (a later sample must beat the recent peak, held through an episode).
import { ContextModel } from './context-model'
import { describeVerdict } from './explain'
import { log10NormalTail, twoSidedSurprise } from './normal-tail'
import type { ResolvedOptions } from './options'
import { detectPeriod, seasonalProfile, snapToCalendar } from './period'
import { copyState, type ModelState } from './state'
import type { AnomalyVerdict, DetectorState, StreamingDetector } from './types'

/** Mean absolute deviation → standard deviation, for normal residuals (√(π/2)). */
const MAD_TO_SIGMA = Math.sqrt(Math.PI / 2)
/**
 * Score = −log10(tail probability) / SCORE_DECADES, capped at 1 (as Numenta's log likelihood:
 * p ≤ 1e-10 is certain). Saturating matters: beyond certainty, the size of an outlier says
 * nothing more about whether it is an anomaly, and must not outrank the next event.
 */
const SCORE_DECADES = 10
/**
 * A single surprise is capped at 30 nats (p = 1e-13): beyond that the residual model, not the
 * sample, is what is uncertain, and one outlier must not dominate the short-term mean.
 */
const MAX_SURPRISE = 30
/** Samples before residuals are clipped: the robust scale needs a first estimate. */
const UNCLIPPED_START = 30

export class SeasonalLikelihoodDetector implements StreamingDetector {
  constructor(
    private readonly o: ResolvedOptions,
    private s: ModelState
  ) {}

  /** The level n-gram counts: a function of the buffer and the seen range, rebuilt when stale. */
  private context: ContextModel | null = null

  snapshot(): DetectorState {
    return copyState(this.s)
  }

  update(ts: number, value: number): AnomalyVerdict {
    const s = this.s
    const o = this.o
    if (typeof ts !== 'number' || !Number.isFinite(ts)) throw new Error(`anomaly detector: timestamp ${String(ts)} is not a finite number (epoch ms)`)
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`anomaly detector: value ${String(value)} at ${isoOrNumber(ts)} is not a finite number`)
    if (s.lastTs !== null && ts < s.lastTs) throw new Error(`anomaly detector: timestamp ${isoOrNumber(ts)} is older than the previous sample's ${isoOrNumber(s.lastTs)} (samples must come in time order)`)
    if (s.lastTs !== null && ts > s.lastTs) s.step = ts - s.lastTs
    s.lastTs = ts

    if (s.n === 0) {
      s.levels = s.levels.map(() => value)
      s.low = value
      s.high = value
      this.push(value)
      return describeVerdict({ score: 0, likelihood: 0, expected: null, value, z: 0, since: null, warmupLeft: o.warmup, rangeSigma: o.rangeSigma })
    }

    // 1. Forecast from the past only.
    const phase = s.period > 0 ? s.n % s.period : -1
    const seasonal = phase >= 0 ? s.profile[phase] : 0
    const deseasonalised = value - seasonal
    const floor = Math.max(s.scaleFloor, 1e-9 * Math.max(1, Math.abs(value)))
    let best = 0
    for (let k = 1; k < s.scales.length; k++) if (s.scales[k] < s.scales[best]) best = k
    const sigma = Math.max(MAD_TO_SIGMA * s.scales[best], floor)
    const forecast = s.levels[best] + seasonal
    const z = (value - forecast) / sigma

    // 2. Surprise → short-term mean → likelihood under the long-term distribution.
    const surprise = Math.min(twoSidedSurprise(z), MAX_SURPRISE)
    const shortMean = this.pushSurprise(surprise)
    let likelihood = 0
    const warm = s.n >= o.warmup
    if (warm && s.longCount > 0) {
      // Two views test the same sample: the smaller p-value times the number of views
      // (Bonferroni) keeps the false-alarm rate of the pair at that of one view.
      const views = o.contextWindow > 0 ? 2 : 1
      const evidence = Math.max(evidenceOf(shortMean, s.longMean, s.longVar, s.surprises.length), this.contextEvidence(value)) - Math.log10(views)
      likelihood = Math.min(1, Math.max(0, evidence) / SCORE_DECADES)
      if (this.outsideSeenRange(value)) likelihood = 1
    }
    s.low = Math.min(s.low ?? value, value)
    s.high = Math.max(s.high ?? value, value)
    // An anomaly is reported once: later samples score only if their evidence is stronger. The
    // peak holds through the episode (the run, and up to episodeGap calm samples after it) and
    // decays only after it ends, so a run that dips and returns to the same (saturated)
    // likelihood, or a burst of spikes a few samples apart, is one anomaly, not several.
    const score = o.repeatHalfLife === 0 || likelihood > s.peak ? likelihood : 0
    s.calm = likelihood >= o.alarmScore ? 0 : Math.min(s.calm + 1, o.episodeGap + 1)
    const inEpisode = s.since !== null || s.calm <= o.episodeGap
    if (o.repeatHalfLife > 0) s.peak = Math.max(likelihood, inEpisode ? s.peak : s.peak * 0.5 ** (1 / o.repeatHalfLife))
    this.feedLongTerm(shortMean)

    // 3. Learn from this sample (robustly), detect level shifts, refresh the season.
    this.learn(deseasonalised, phase, floor)
    this.trackShift(z, deseasonalised)
    this.push(value)
    if (this.context) {
      if (this.context.matches(s.low, s.high)) this.context.push(value)
      else this.context = null
    }

    const anomalous = warm && likelihood >= o.alarmScore
    s.since = anomalous ? (s.since ?? ts) : null
    return describeVerdict({
      score,
      likelihood,
      expected: { low: forecast - o.rangeSigma * sigma, high: forecast + o.rangeSigma * sigma },
      value,
      z,
      since: s.since,
      warmupLeft: warm ? 0 : o.warmup - s.n,
      rangeSigma: o.rangeSigma
    })
  }

  /**
   * The second view's evidence (decades): the surprise (−ln p-value) of the value's level after
   * the last levels, averaged over contextWindow samples, against its own long-term distribution.
   */
  private contextEvidence(value: number): number {
    const s = this.s
    const o = this.o
    const w = o.contextWindow
    if (w === 0 || s.low === null || s.high === null) return 0
    if (!this.context) {
      this.context = new ContextModel(o.contextLevels, o.contextOrder, o.bufferSize)
      this.context.rebuild(this.orderedBuffer(), s.low, s.high)
    }
    const surprise = Math.min(-Math.log(this.context.pValue(value)), MAX_SURPRISE)
    if (s.contextSurprises.length < w) s.contextSurprises.push(surprise)
    else s.contextSurprises[s.contextHead] = surprise
    s.contextHead = (s.contextHead + 1) % w
    let sum = 0
    for (const v of s.contextSurprises) sum += v
    const mean = sum / s.contextSurprises.length
    const evidence = s.contextCount > 0 ? evidenceOf(mean, s.contextMean, s.contextVar, s.contextSurprises.length) : 0
    s.contextCount++
    const a = 1 / Math.min(s.contextCount, o.longHorizon)
    const d = mean - s.contextMean
    s.contextMean += a * d
    s.contextVar = (1 - a) * (s.contextVar + a * d * d)
    return evidence
  }

  /** Beyond the lowest/highest value ever seen by more than rangeTolerance of that range. */
  private outsideSeenRange(value: number): boolean {
    const { low, high } = this.s
    const tol = this.o.rangeTolerance
    if (tol === 0 || low === null || high === null || !(high > low)) return false
    const margin = tol * (high - low)
    return value > high + margin || value < low - margin
  }

  /** Huber-clipped exponential smoothing of each level, its scale and the seasonal phase. */
  private learn(deseasonalised: number, phase: number, floor: number): void {
    const s = this.s
    const o = this.o
    const clip = s.n >= UNCLIPPED_START
    const scaleAlpha = Math.max(o.scaleAlpha, 1 / s.n)
    for (let k = 0; k < s.levels.length; k++) {
      const r = deseasonalised - s.levels[k]
      const bound = o.clipSigma * Math.max(MAD_TO_SIGMA * s.scales[k], floor)
      const rc = clip ? Math.max(-bound, Math.min(bound, r)) : r
      s.levels[k] += o.levelAlphas[k] * rc
      s.scales[k] += scaleAlpha * (Math.abs(rc) - s.scales[k])
      // The slowest level is the season's baseline: its residual is the phase's error.
      if (phase >= 0 && k === s.levels.length - 1) s.profile[phase] += o.seasonalGamma * rc
    }
  }

  /** Several residuals in a row beyond the clip on one side: accept the new level. */
  private trackShift(z: number, deseasonalised: number): void {
    const s = this.s
    if (Math.abs(z) <= this.o.clipSigma) {
      s.runLength = 0
      return
    }
    const sign = Math.sign(z)
    s.runLength = sign === s.runSign ? s.runLength + 1 : 1
    s.runSign = sign
    if (s.runLength >= this.o.shiftRun) {
      s.levels = s.levels.map(() => deseasonalised)
      s.runLength = 0
    }
  }

  private pushSurprise(surprise: number): number {
    const s = this.s
    const w = this.o.shortWindow
    if (s.surprises.length < w) s.surprises.push(surprise)
    else s.surprises[s.surpriseHead] = surprise
    s.surpriseHead = (s.surpriseHead + 1) % w
    let sum = 0
    for (const v of s.surprises) sum += v
    return sum / s.surprises.length
  }

  /** Exponentially weighted mean and variance (a plain average until longHorizon samples). */
  private feedLongTerm(x: number): void {
    const s = this.s
    s.longCount++
    const a = 1 / Math.min(s.longCount, this.o.longHorizon)
    const d = x - s.longMean
    s.longMean += a * d
    s.longVar = (1 - a) * (s.longVar + a * d * d)
  }

  private push(value: number): void {
    const s = this.s
    const size = this.o.bufferSize
    if (s.buffer.length < size) s.buffer.push(value)
    else s.buffer[s.bufferHead] = value
    s.bufferHead = (s.bufferHead + 1) % size
    s.n++
    if (s.n % this.o.periodCheckEvery === 0) this.refreshSeason()
  }

  /** Re-detects the period on the buffer; a new period must beat the current one clearly. */
  private refreshSeason(): void {
    const s = this.s
    const o = this.o
    const values = this.orderedBuffer()
    s.scaleFloor = 1e-4 * spread(values)
    const est = detectPeriod(values, o.minPeriod, o.maxPeriod, o.minSeasonalCorrelation)
    const found = snapToCalendar(est.period, s.step)
    const current = s.period > 0 ? est.at(s.period) : 0
    let next = s.period
    if (found > 0 && found <= o.maxPeriod && found !== s.period && est.at(found) > current + 0.1) next = found
    else if (s.period > 0 && current < o.minSeasonalCorrelation / 2) next = 0
    if (next === s.period) return
    const oldSeasonNow = s.period > 0 ? s.profile[s.n % s.period] : 0
    s.period = next
    s.profile = next > 0 ? seasonalProfile(values, s.n - values.length, next) : []
    // Levels live in deseasonalised units: move them by the change of the current phase's term.
    const newSeasonNow = next > 0 ? s.profile[s.n % next] : 0
    s.levels = s.levels.map((l) => l + oldSeasonNow - newSeasonNow)
  }

  private orderedBuffer(): Float64Array {
    const s = this.s
    const len = s.buffer.length
    const out = new Float64Array(len)
    const start = len < this.o.bufferSize ? 0 : s.bufferHead
    for (let i = 0; i < len; i++) out[i] = s.buffer[(start + i) % len]
    return out
  }
}

/**
 * Numenta's anomaly likelihood of a short-term mean surprise (over `count` samples) under the
 * long-term mean and variance, as evidence: −log10 of the Gaussian tail (SCORE_DECADES of it
 * being certain). Under a calibrated model a surprise is Exp(1), so the short mean has sd
 * 1/√count; the empirical spread may widen that, and narrow it at most by half.
 */
function evidenceOf(shortMean: number, longMean: number, longVar: number, count: number): number {
  const sd = Math.max(Math.sqrt(longVar), 0.5 / Math.sqrt(count))
  return Math.max(0, -log10NormalTail((shortMean - longMean) / sd))
}

/** Max − min, or |mean| when the values are all equal (so a flat series still has a scale). */
function spread(values: Float64Array): number {
  let lo = Infinity
  let hi = -Infinity
  let sum = 0
  for (const v of values) {
    if (v < lo) lo = v
    if (v > hi) hi = v
    sum += v
  }
  return hi > lo ? hi - lo : Math.abs(sum / values.length)
}

function isoOrNumber(ts: number): string {
  return Number.isFinite(ts) && Math.abs(ts) < 8.64e15 ? new Date(ts).toISOString() : String(ts)
}
