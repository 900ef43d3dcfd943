// Answers alert rules' queries from the metric store (windows, latest values) and the KPI engine.
import type { KpiValue } from '@shared/kpi'
import type { MetricStore } from '../store/metric-store'
import type { RuleDataSource } from './rules'

/** The current value of a KPI as of `now`, or null when no KPI has that id. */
export type KpiLookup = (id: string, now: number) => Promise<KpiValue | null>

/** A RuleDataSource over the store and a KPI lookup. */
export function storeRuleDataSource(store: Pick<MetricStore, 'samples' | 'latest'>, kpi: KpiLookup): RuleDataSource {
  return {
    samples: (q) => store.samples(q.series, q.labels, q.from, q.to),
    latest: (series, labels) => store.latest(series, labels),
    kpi: (id, now) => kpi(id, now)
  }
}
