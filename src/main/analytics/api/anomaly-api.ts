// The getAnomalies request: each matching series replayed through a fresh streaming detector on
// the chart's grid (with a warm-up before the range, so the first steps are judged too), and the
// steps whose anomaly level (the detector's ongoing likelihood) is at or above minScore merged
// into periods.
import type { AnomalyLatest, AnomalyPeriod, AnomalyView } from '@shared/analytics'
import type { ArgsOf } from '@shared/api'
import type { Labels, QueryResult, RangeQuery, SeriesInfo } from '@shared/types'
import { BadRequestError } from '../../engine/errors'
import { pickStep } from '../../engine/pick-step'
import type { AnomalyVerdict, StreamingDetector } from '../anomaly/types'
import { anomalyLevel } from '../rule-hooks/anomaly-hook'

/** Steps replayed before the range so the detector has learned the series by `from`. */
export const WARMUP_STEPS = 600
/** Most label sets one request scores. */
const MAX_SERIES = 50
const MAX_STEPS = 20_000
const DEFAULT_MIN_SCORE = 0.9

export interface AnomalyApiDeps {
  listSeries(match?: string): Promise<SeriesInfo[]>
  queryRangeMany(queries: RangeQuery[]): Promise<QueryResult[]>
  createDetector(): StreamingDetector
}

const includes = (labels: Labels, wanted: Labels | undefined): boolean => !wanted || Object.entries(wanted).every(([k, v]) => labels[k] === v)

/** Merges anomalous verdicts into periods (a step below minScore ends a period). */
export function anomalyPeriods(labels: Labels, verdicts: readonly { ts: number; verdict: AnomalyVerdict }[], minScore: number): AnomalyPeriod[] {
  const periods: AnomalyPeriod[] = []
  let open: AnomalyPeriod | null = null
  for (const { ts, verdict } of verdicts) {
    const level = anomalyLevel(verdict)
    if (level >= minScore) {
      if (!open) {
        open = { labels, from: ts, to: ts, peakScore: level, explanation: verdict.explanation }
        periods.push(open)
      }
      open.to = ts
      if (level > open.peakScore) {
        open.peakScore = level
        open.explanation = verdict.explanation
      }
    } else {
      open = null
    }
  }
  return periods
}

/** Builds getAnomalies. */
export function createAnomalyApi(deps: AnomalyApiDeps): (args: ArgsOf<'getAnomalies'>) => Promise<AnomalyView> {
  return async ({ series, labels, from, to, stepMs: askedStep, minScore: askedMin }) => {
    const stepMs = askedStep ?? pickStep(from, to) * 1000
    const minScore = askedMin ?? DEFAULT_MIN_SCORE
    if ((to - from) / stepMs > MAX_STEPS) throw new BadRequestError(`step ${stepMs} ms over the range gives more than ${MAX_STEPS} points (use a larger stepMs)`)
    const matching = (await deps.listSeries(series)).filter((s) => s.name === series && includes(s.labels, labels))
    if (matching.length > MAX_SERIES) {
      throw new BadRequestError(`"${series}" has ${matching.length} label sets matching; anomalies are scored for at most ${MAX_SERIES} (filter with labels)`)
    }
    const warmFrom = from - WARMUP_STEPS * stepMs
    const results = await deps.queryRangeMany(matching.map((s) => ({ series, labels: s.labels, from: warmFrom, to, step: stepMs / 1000, agg: 'avg' as const })))
    const periods: AnomalyPeriod[] = []
    const latest: AnomalyLatest[] = []
    results.forEach((result, i) => {
      const detector = deps.createDetector()
      const inRange: { ts: number; verdict: AnomalyVerdict }[] = []
      let last: AnomalyLatest | null = null
      for (const [ts, value] of result.points) {
        if (!Number.isFinite(value)) continue
        const verdict = detector.update(ts, value)
        if (ts >= from) {
          inRange.push({ ts, verdict })
          last = { labels: matching[i].labels, ts, value, score: anomalyLevel(verdict), explanation: verdict.explanation }
        }
      }
      periods.push(...anomalyPeriods(matching[i].labels, inRange, minScore))
      if (last) latest.push(last)
    })
    periods.sort((a, b) => a.from - b.from)
    return { series, stepMs, minScore, periods, latest }
  }
}
