// The streaming anomaly detector's interface: one detector per series, fed samples in time
// order; each verdict uses only the samples before and at it (no look-ahead).

export interface AnomalyVerdict {
  /** Anomaly likelihood in [0, 1]; 0 during warm-up. */
  score: number
  /**
   * The likelihood before repeat suppression (optional; detectors that report each anomaly once
   * in `score` keep the continuing level here, e.g. for shading a whole anomalous period).
   */
  likelihood?: number
  /** The range the detector expected for this sample (null during warm-up). */
  expected: { low: number; high: number } | null
  /** How far outside the expected range, in the detector's robust scale units (0 inside). */
  deviation: number
  /** Start of the current anomalous run (epoch ms), or null when not anomalous. */
  since: number | null
  /** One sentence for people, e.g. "expected 120–180, got 412 (4.1σ above) since 10:05". */
  explanation: string
}

/** JSON-safe detector state, small (bounded, independent of how many samples were seen). */
export type DetectorState = { version: number } & Record<string, unknown>

export interface StreamingDetector {
  /** Scores one sample; samples must come in non-decreasing time order (an older one throws). */
  update(ts: number, value: number): AnomalyVerdict
  /** The state to persist; `createDetector(options, state)` resumes from it. */
  snapshot(): DetectorState
}
