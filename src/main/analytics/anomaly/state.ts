// The detector's persisted state: plain numbers and arrays (JSON-safe), bounded in size.
import type { DetectorState } from './types'
import type { ResolvedOptions } from './options'

export const STATE_VERSION = 2

/** Everything the detector remembers; its size depends on the options, not on the samples seen. */
export interface ModelState {
  version: number
  /** Samples seen. */
  n: number
  /** Timestamp of the last sample (epoch ms), null before the first. */
  lastTs: number | null
  /** The latest positive gap between samples (ms), 0 before one is seen. */
  step: number
  /** Ring buffer of the most recent raw values, and the slot the next one goes to. */
  buffer: number[]
  bufferHead: number
  /** Seasonal period in samples (0: none) and its profile, indexed by sample index mod period. */
  period: number
  profile: number[]
  /** Level and robust mean absolute residual of each competing forecaster. */
  levels: number[]
  scales: number[]
  /** Lower bound of the residual scale, from the spread of the buffer. */
  scaleFloor: number
  /** Consecutive residuals beyond the clip on the same side (sign, count). */
  runSign: number
  runLength: number
  /** Ring of the latest surprises. */
  surprises: number[]
  surpriseHead: number
  /** Long-term mean and variance of the short-term mean surprise, and how many fed them. */
  longMean: number
  longVar: number
  longCount: number
  /** The context view's ring of surprises and the long-term mean/variance of their mean. */
  contextSurprises: number[]
  contextHead: number
  contextMean: number
  contextVar: number
  contextCount: number
  /** Lowest and highest value seen (null before the first). */
  low: number | null
  high: number | null
  /** Decaying peak of recent likelihoods (repeat suppression). */
  peak: number
  /** Consecutive samples below alarmScore (capped at episodeGap + 1): the episode ends after episodeGap. */
  calm: number
  /** Start of the current anomalous run (epoch ms), null when not anomalous. */
  since: number | null
}

/** A fresh state for the given options. */
export function initialState(o: ResolvedOptions): ModelState {
  return {
    version: STATE_VERSION,
    n: 0,
    lastTs: null,
    step: 0,
    buffer: [],
    bufferHead: 0,
    period: 0,
    profile: [],
    levels: o.levelAlphas.map(() => 0),
    scales: o.levelAlphas.map(() => 0),
    scaleFloor: 0,
    runSign: 0,
    runLength: 0,
    surprises: [],
    surpriseHead: 0,
    longMean: 0,
    longVar: 0,
    longCount: 0,
    contextSurprises: [],
    contextHead: 0,
    contextMean: 0,
    contextVar: 0,
    contextCount: 0,
    peak: 0,
    calm: 0,
    low: null,
    high: null,
    since: null
  }
}

/** Checks a persisted state against the options; throws naming the first bad field. */
export function restoreState(state: DetectorState, o: ResolvedOptions): ModelState {
  const s = state as unknown as Record<string, unknown>
  // Version 1 had no context view: it starts empty, everything else resumes.
  if (s.version !== STATE_VERSION && s.version !== 1) throw new Error(`anomaly detector state: version ${String(s.version)} is not supported (expected 1 or ${STATE_VERSION})`)
  const num = (k: string): number => {
    const v = s[k]
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`anomaly detector state: ${k} is ${JSON.stringify(v)}, expected a finite number`)
    return v
  }
  const numOrNull = (k: string): number | null => (s[k] === null ? null : num(k))
  const arr = (k: string, maxLen: number, exactLen?: number): number[] => {
    const v = s[k]
    if (!Array.isArray(v) || v.length > maxLen || (exactLen !== undefined && v.length !== exactLen) || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new Error(`anomaly detector state: ${k} must be an array of at most ${maxLen} finite numbers${exactLen !== undefined ? ` (exactly ${exactLen})` : ''}`)
    }
    return [...v] as number[]
  }
  const out: ModelState = {
    version: STATE_VERSION,
    n: num('n'),
    lastTs: numOrNull('lastTs'),
    step: num('step'),
    buffer: arr('buffer', o.bufferSize),
    bufferHead: num('bufferHead'),
    period: num('period'),
    profile: arr('profile', o.maxPeriod),
    levels: arr('levels', o.levelAlphas.length, o.levelAlphas.length),
    scales: arr('scales', o.levelAlphas.length, o.levelAlphas.length),
    scaleFloor: num('scaleFloor'),
    runSign: num('runSign'),
    runLength: num('runLength'),
    surprises: arr('surprises', o.shortWindow),
    surpriseHead: num('surpriseHead'),
    longMean: num('longMean'),
    longVar: num('longVar'),
    longCount: num('longCount'),
    contextSurprises: s.version === 1 ? [] : arr('contextSurprises', o.contextWindow),
    contextHead: s.version === 1 ? 0 : num('contextHead'),
    contextMean: s.version === 1 ? 0 : num('contextMean'),
    contextVar: s.version === 1 ? 0 : num('contextVar'),
    contextCount: s.version === 1 ? 0 : num('contextCount'),
    peak: num('peak'),
    // Saved before episodes existed: no episode is open.
    calm: s.calm === undefined ? o.episodeGap + 1 : num('calm'),
    low: numOrNull('low'),
    high: numOrNull('high'),
    since: numOrNull('since')
  }
  if (out.profile.length !== out.period) throw new Error(`anomaly detector state: profile has ${out.profile.length} phases but period is ${out.period}`)
  return out
}

/** A deep copy safe to hand out (the caller may serialise or mutate it). */
export function copyState(s: ModelState): DetectorState {
  return { ...s, buffer: [...s.buffer], profile: [...s.profile], levels: [...s.levels], scales: [...s.scales], surprises: [...s.surprises], contextSurprises: [...s.contextSurprises] }
}
