// `anomaly` alert rules: one streaming detector per rule and series, fed every new raw sample
// at each evaluation. Detector states are kept between evaluations and persisted by the
// analytics service, so a restart resumes where the detectors were instead of relearning.
import type { AnomalyRuleConfig } from '@shared/config/alerting-schema'
import type { HookSignal, RuleHook } from '../../alerts/rules/hooks'
import { labelsInclude, labelsKey } from '../../alerts/rules/labels'
import type { RuleData } from '../../alerts/rules/types'
import type { AnomalyVerdict, DetectorState, StreamingDetector } from '../anomaly/types'

/** History a detector learns from before it first judges (fresh start, or a new series). */
export const ANOMALY_WARMUP_MS = 86_400_000
/** Each read reaches back this far before the previous one: samples stamped before an evaluation may become durable after it. Samples already fed are skipped. */
export const ANOMALY_READ_OVERLAP_MS = 10 * 60_000

/** What is persisted per rule and series. */
export interface SavedDetector {
  labels: Record<string, string>
  state: DetectorState
  /** Newest sample time fed. */
  lastTs: number
  verdict: AnomalyVerdict | null
}

interface Live {
  labels: Record<string, string>
  detector: StreamingDetector
  lastTs: number
  verdict: AnomalyVerdict | null
  dirty: boolean
}

export class AnomalyRuleHook implements RuleHook<AnomalyRuleConfig> {
  private readonly live = new Map<string, Live>()
  /** The `to` of each rule's previous evaluation: the next one reads only samples after it. */
  private readonly readUpTo = new Map<string, number>()
  private saved = new Map<string, SavedDetector>()

  constructor(private readonly createDetector: (state?: DetectorState) => StreamingDetector) {}

  /** Takes persisted detectors (from restore at start); they are resumed on first use. */
  restore(saved: ReadonlyMap<string, SavedDetector>): void {
    this.saved = new Map(saved)
  }

  /** Detectors changed since the last call, to persist (key → saved form). */
  takeDirty(): Map<string, SavedDetector> {
    const out = new Map<string, SavedDetector>()
    for (const [key, d] of this.live) {
      if (!d.dirty) continue
      out.set(key, { labels: d.labels, state: d.detector.snapshot(), lastTs: d.lastTs, verdict: d.verdict })
      d.dirty = false
    }
    return out
  }

  queries(rule: AnomalyRuleConfig, now: number) {
    const previous = this.readUpTo.get(rule.name)
    const from = Math.min(previous === undefined ? now - ANOMALY_WARMUP_MS : previous - ANOMALY_READ_OVERLAP_MS, now)
    return [{ kind: 'samples' as const, series: rule.series, labels: rule.labels_match, from, to: now }]
  }

  evaluate(rule: AnomalyRuleConfig, data: RuleData[], now: number): HookSignal[] {
    const answer = data[0]
    if (answer?.kind !== 'samples') throw new Error('expected the samples of the series')
    const signals: HookSignal[] = []
    const seen = new Set<string>()
    // A series first seen in a short (overlap) read would start learning from a few samples: it
    // waits for the next read, which then reaches back the whole warm-up window.
    const warmRead = !this.readUpTo.has(rule.name)
    let needWarmRead = false
    for (const s of answer.series) {
      if (!labelsInclude(s.labels, rule.labels_match)) continue
      const key = detectorKey(rule, s.labels)
      if (!warmRead && !this.live.has(key) && !this.saved.has(key)) {
        needWarmRead = true
        continue
      }
      seen.add(key)
      const d = this.detectorFor(key, s.labels)
      for (const [ts, value] of s.points) {
        if (ts <= d.lastTs || !Number.isFinite(value)) continue
        d.verdict = d.detector.update(ts, value)
        d.lastTs = ts
        d.dirty = true
      }
      signals.push(signalOf(s.labels, d.verdict, rule.min_score))
    }
    // Series with no new samples this time keep their last verdict.
    const prefix = detectorKeyPrefix(rule)
    for (const [key, d] of this.live) {
      if (key.startsWith(prefix) && !seen.has(key) && d.verdict !== null) signals.push(signalOf(d.labels, d.verdict, rule.min_score))
    }
    if (needWarmRead) this.readUpTo.delete(rule.name)
    else this.readUpTo.set(rule.name, now)
    return signals
  }

  private detectorFor(key: string, labels: Record<string, string>): Live {
    let d = this.live.get(key)
    if (!d) {
      const saved = this.saved.get(key)
      d = saved
        ? { labels, detector: this.createDetector(saved.state), lastTs: saved.lastTs, verdict: saved.verdict, dirty: false }
        : { labels, detector: this.createDetector(), lastTs: Number.NEGATIVE_INFINITY, verdict: null, dirty: true }
      this.saved.delete(key)
      this.live.set(key, d)
    }
    return d
  }
}

/** How anomalous the series is now: the detector's ongoing likelihood (its `score` is reported once per anomaly, at the onset). */
export function anomalyLevel(verdict: AnomalyVerdict): number {
  return Math.max(verdict.score, verdict.likelihood ?? 0)
}

function signalOf(labels: Record<string, string>, verdict: AnomalyVerdict | null, minScore: number): HookSignal {
  if (!verdict) return { labels, active: false, value: null }
  const level = anomalyLevel(verdict)
  return {
    labels,
    active: level >= minScore,
    value: level,
    annotations: { explanation: verdict.explanation, summary: `anomaly score ${verdict.score.toFixed(2)}: ${verdict.explanation}` }
  }
}

/** Rule name, series and labels: a detector per rule and series (two rules on one series learn separately). */
function detectorKey(rule: AnomalyRuleConfig, labels: Record<string, string>): string {
  return `${detectorKeyPrefix(rule)}${labelsKey(labels)}`
}

function detectorKeyPrefix(rule: AnomalyRuleConfig): string {
  return `${rule.name}|${rule.series}|`
}
