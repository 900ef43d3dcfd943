// Detector settings. Defaults are chosen from the method (time constants, significance levels),
// not fitted to a benchmark; see README.md for the reasoning behind each one.

export interface DetectorOptions {
  /** Samples kept for period detection and re-estimation (bounds the state size). */
  bufferSize?: number
  /** Largest seasonal period looked for, in samples (at most bufferSize / 3). */
  maxPeriod?: number
  /** Smallest seasonal period looked for, in samples. */
  minPeriod?: number
  /** Autocorrelation a lag needs before it is accepted as the seasonal period. */
  minSeasonalCorrelation?: number
  /** Re-run period detection every this many samples. */
  periodCheckEvery?: number
  /** Level smoothing factors of the competing forecasters (fast to slow). */
  levelAlphas?: number[]
  /** Smoothing factor of each seasonal phase (one update per period). */
  seasonalGamma?: number
  /** Smoothing factor of the robust residual scale. */
  scaleAlpha?: number
  /** Residuals are clipped at this many σ before they update the model (Huber). */
  clipSigma?: number
  /** This many consecutive same-side residuals beyond clipSigma mean a level shift. */
  shiftRun?: number
  /** Samples averaged into the short-term surprise (Numenta averages 10 noisy HTM scores; a residual surprise is already calibrated per sample, so a few suffice). */
  shortWindow?: number
  /** Horizon, in samples, of the long-term surprise distribution. */
  longHorizon?: number
  /**
   * Samples before any score is given: the model and the surprise distributions learn first
   * (Numenta's anomaly likelihood: learning period 288 + 100 estimation samples = 388).
   */
  warmup?: number
  /**
   * Repeat suppression: a sample's score counts only when its likelihood beats the highest of
   * the recent past, a peak that halves every this many samples (0 turns suppression off).
   */
  repeatHalfLife?: number
  /**
   * Range novelty: a value beyond everything seen by more than this fraction of the seen range
   * is certain to be anomalous (Numenta's spatial anomaly; 0 turns it off).
   */
  rangeTolerance?: number
  /**
   * Context novelty (second view): values are quantised into this many equal-width levels of the
   * range seen so far (CAD OSE's 3 bits: 8), and the next level is predicted from the last
   * `contextOrder` levels over the buffer.
   */
  contextLevels?: number
  /** Longest context, in samples, of the level model (0: only the level's frequency). */
  contextOrder?: number
  /**
   * Context surprises averaged into the short-term mean of the second view (Numenta's 10: like
   * an HTM raw score, a context surprise is coarse and needs averaging); 0 turns the view off.
   */
  contextWindow?: number
  /**
   * An anomalous episode ends only after this many consecutive samples below alarmScore; until
   * then a renewed rise is the same anomaly and is not reported again (Numenta's 10-sample
   * averaging window: evidence this close together is not independent).
   */
  episodeGap?: number
  /** Score at or above which a sample counts as anomalous (for `since` and the explanation). */
  alarmScore?: number
  /** Width of the expected range, in σ either side of the forecast. */
  rangeSigma?: number
}

export type ResolvedOptions = Required<DetectorOptions>

export const DEFAULT_OPTIONS: ResolvedOptions = {
  bufferSize: 1024,
  maxPeriod: 340,
  minPeriod: 4,
  minSeasonalCorrelation: 0.3,
  periodCheckEvery: 128,
  levelAlphas: [0.5, 0.15, 0.03],
  seasonalGamma: 0.1,
  scaleAlpha: 0.02,
  clipSigma: 3,
  shiftRun: 5,
  shortWindow: 3,
  longHorizon: 2000,
  warmup: 388,
  repeatHalfLife: 100,
  rangeTolerance: 0.05,
  contextLevels: 8,
  contextOrder: 2,
  contextWindow: 10,
  episodeGap: 10,
  alarmScore: 0.5,
  rangeSigma: 3
}

/** Merges options over the defaults and checks them; throws naming the bad option. */
export function resolveOptions(options: DetectorOptions = {}): ResolvedOptions {
  const o: ResolvedOptions = { ...DEFAULT_OPTIONS, ...stripUndefined(options) }
  const int = (name: keyof ResolvedOptions, min: number): void => {
    const v = o[name] as number
    if (!Number.isInteger(v) || v < min) throw new Error(`anomaly detector option ${name}: expected an integer ≥ ${min}, got ${String(v)}`)
  }
  const frac = (name: keyof ResolvedOptions, v: number): void => {
    if (!(Number.isFinite(v) && v > 0 && v <= 1)) throw new Error(`anomaly detector option ${name}: expected a number in (0, 1], got ${String(v)}`)
  }
  const pos = (name: keyof ResolvedOptions): void => {
    const v = o[name] as number
    if (!(Number.isFinite(v) && v > 0)) throw new Error(`anomaly detector option ${name}: expected a positive number, got ${String(v)}`)
  }
  int('bufferSize', 16)
  int('minPeriod', 2)
  int('maxPeriod', o.minPeriod)
  if (o.maxPeriod * 3 > o.bufferSize) throw new Error(`anomaly detector option maxPeriod: ${o.maxPeriod} needs bufferSize ≥ ${o.maxPeriod * 3}, got ${o.bufferSize}`)
  int('periodCheckEvery', 1)
  int('shiftRun', 1)
  int('shortWindow', 1)
  int('warmup', 0)
  int('episodeGap', 0)
  int('contextLevels', 2)
  int('contextOrder', 0)
  int('contextWindow', 0)
  if (o.contextLevels > 256) throw new Error(`anomaly detector option contextLevels: expected at most 256, got ${o.contextLevels}`)
  if (o.contextLevels ** (o.contextOrder + 1) > 65_536) throw new Error(`anomaly detector option contextOrder: ${o.contextLevels} levels over ${o.contextOrder + 1} samples make more than 65536 contexts`)
  if (!(Number.isFinite(o.rangeTolerance) && o.rangeTolerance >= 0)) throw new Error(`anomaly detector option rangeTolerance: expected a number ≥ 0, got ${String(o.rangeTolerance)}`)
  if (!(Number.isFinite(o.repeatHalfLife) && o.repeatHalfLife >= 0)) throw new Error(`anomaly detector option repeatHalfLife: expected a number ≥ 0, got ${String(o.repeatHalfLife)}`)
  frac('minSeasonalCorrelation', o.minSeasonalCorrelation)
  frac('seasonalGamma', o.seasonalGamma)
  frac('scaleAlpha', o.scaleAlpha)
  frac('alarmScore', o.alarmScore)
  pos('clipSigma')
  pos('longHorizon')
  pos('rangeSigma')
  if (!Array.isArray(o.levelAlphas) || o.levelAlphas.length === 0) throw new Error('anomaly detector option levelAlphas: expected at least one smoothing factor')
  o.levelAlphas.forEach((a, i) => frac(`levelAlphas[${i}]` as keyof ResolvedOptions, a))
  return o
}

function stripUndefined(o: DetectorOptions): DetectorOptions {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as DetectorOptions
}
