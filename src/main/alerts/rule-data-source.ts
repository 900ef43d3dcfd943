// Answers alert rules' queries from the metric store (windows, latest values) and the KPI engine.
import type { KpiValue } from '@shared/kpi'
import type { MetricStore } from '../store/metric-store'
import type { RuleDataSource } from './rules'

/** The current value of a KPI as of `now`, or null when no KPI has that id. */
export type KpiLookup = (id: string, now: number) => Promise<KpiValue | null>

/** What analytics rules read besides samples and KPI values (bucketed ranges, KPI trends, model drift). */
export type AnalyticsRuleData = Pick<RuleDataSource, 'range' | 'kpiTrend' | 'drift'>

/** A RuleDataSource over the store and a KPI lookup, plus the analytics engine's reads when it runs. */
export function storeRuleDataSource(store: Pick<MetricStore, 'samples' | 'latest'>, kpi: KpiLookup, analytics: AnalyticsRuleData = {}): RuleDataSource {
  return {
    samples: (q) => store.samples(q.series, q.labels, q.from, q.to),
    latest: (series, labels) => store.latest(series, labels),
    kpi: (id, now) => kpi(id, now),
    ...analytics
  }
}
