// Answers a rule's queries from whatever the engine reads (store, KPI engine). The engine
// implements RuleDataSource over MetricStore and the KPI API; tests implement it in memory.
import type { KpiValue } from '@shared/kpi'
import type { Labels, LatestValue, Point } from '@shared/types'
import type { DatasetDrift } from '../../analytics/model-quality/types'
import type { RuleData, RuleInput, RuleQuery, SeriesSamples } from './types'

export type SamplesQuery = Extract<RuleQuery, { kind: 'samples' }>
export type RangeRuleQuery = Extract<RuleQuery, { kind: 'range' }>
export type KpiTrendQuery = Extract<RuleQuery, { kind: 'kpiTrend' }>
export type DriftQuery = Extract<RuleQuery, { kind: 'drift' }>

export interface RuleDataSource {
  /** Raw samples per matching series with q.from < ts ≤ q.to (extra points outside the window are ignored). */
  samples(q: SamplesQuery): Promise<SeriesSamples[]>
  /** The newest sample of each matching series (MetricStore.latest). */
  latest(series: string, labels: Labels): Promise<LatestValue[]>
  /** The KPI's current value and status at `now`; null when no KPI has that id. */
  kpi(id: string, now: number): Promise<KpiValue | null>
  /** Bucketed averages (analytics hooks); absent = such rules report that the engine cannot answer. */
  range?(q: RangeRuleQuery): Promise<Point[]>
  /** A KPI's bucketed values (analytics hooks); null when no KPI has that id. */
  kpiTrend?(q: KpiTrendQuery): Promise<KpiValue | null>
  /** A model's input drift (analytics hooks); null when it has no predictions. */
  drift?(q: DriftQuery, now: number): Promise<DatasetDrift | null>
}

function unsupported(kind: string): never {
  throw new Error(`this engine cannot answer "${kind}" queries (the analytics engine is not running)`)
}

async function answer(q: RuleQuery, source: RuleDataSource, now: number): Promise<RuleData> {
  switch (q.kind) {
    case 'samples':
      return { kind: 'samples', series: await source.samples(q) }
    case 'latest':
      return { kind: 'latest', series: await source.latest(q.series, q.labels) }
    case 'kpi':
      return { kind: 'kpi', kpi: await source.kpi(q.kpi, now) }
    case 'range':
      return { kind: 'range', points: source.range ? await source.range(q) : unsupported(q.kind) }
    case 'kpiTrend':
      return { kind: 'kpiTrend', kpi: source.kpiTrend ? await source.kpiTrend(q) : unsupported(q.kind) }
    case 'drift':
      return { kind: 'drift', drift: source.drift ? await source.drift(q, now) : unsupported(q.kind) }
  }
}

/** Fetches the answers to a rule's queries; a failure becomes RuleInput.error (it never rejects). */
export async function fetchRuleInput(queries: readonly RuleQuery[], source: RuleDataSource, now: number): Promise<RuleInput> {
  try {
    return { data: await Promise.all(queries.map((q) => answer(q, source, now))) }
  } catch (err) {
    return { data: [], error: err instanceof Error ? err.message : String(err) }
  }
}
