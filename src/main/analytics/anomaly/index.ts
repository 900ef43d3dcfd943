// Streaming anomaly detection: one detector per series, each sample scored from the past only.
import { SeasonalLikelihoodDetector } from './detector'
import { resolveOptions, type DetectorOptions } from './options'
import { initialState, restoreState } from './state'
import type { DetectorState, StreamingDetector } from './types'

export type { AnomalyVerdict, DetectorState, StreamingDetector } from './types'
export { DEFAULT_OPTIONS, type DetectorOptions } from './options'

/** Creates a detector, resuming from `state` (a previous snapshot()) when given. */
export function createDetector(options?: DetectorOptions, state?: DetectorState): StreamingDetector {
  const o = resolveOptions(options)
  return new SeasonalLikelihoodDetector(o, state ? restoreState(state, o) : initialState(o))
}
