// Keeps the views' data current from push events (the series, health and app-info wiring is in
// query/push-invalidation.ts):
// - config: views, KPIs and milestones may have changed definition → refetch them, and every
//   analytics answer (forecasts, model quality and drift, business forecasts and recommendations,
//   keyed under ['analytics'] by panels/use-forecast.ts and use-analytics.ts; anomalies, keyed as
//   plain calls), since the `analytics:` config or what it reads may have changed;
// - annotation: refetch annotation lists (charts' markers, the events panel);
// - samples: refetch the cached KPI answers that read one of the named series, at most once per
//   KPI_REFRESH_MS (KPIs are computed over whole windows; a refresh per 5 s push is plenty).
import type { QueryClient } from '@tanstack/react-query'
import type { VigilBridge } from '@shared/api'
import type { KpiValue } from '@shared/kpi'
import { createCoalescer, type CoalescerClock } from '../../query/invalidation-coalescer'
import { annotationKeys } from '../annotations/annotation-keys'
import { kpiKeys } from '../kpis/kpi-keys'
import { milestoneKeys } from '../milestones/milestone-keys'
import { viewsKeys } from './views-keys'

export const KPI_REFRESH_MS = 5000

/** The prefix of every analytics query key (forecasts, anomalies, models, business forecasts, recommendations). */
export const ANALYTICS_KEY = ['analytics'] as const
/** The prefix of anomaly answers (views/call-key.ts keys them as plain calls). */
export const ANOMALIES_KEY = ['call', 'getAnomalies'] as const

export interface ViewLiveUpdateDeps {
  bridge: Pick<VigilBridge, 'on'>
  queryClient: QueryClient
  clock?: CoalescerClock
}

/** Subscribes; returns the function that unsubscribes. */
export function connectViewLiveUpdates({ bridge, queryClient, clock }: ViewLiveUpdateDeps): () => void {
  const kpiRefresh = createCoalescer<string>(
    (names) => {
      void queryClient.invalidateQueries({
        queryKey: kpiKeys.all,
        predicate: (q) => {
          const data = q.state.data as KpiValue[] | undefined
          // No answer yet (or an error): new samples may be what it was missing.
          if (!Array.isArray(data)) return true
          return data.some((k) => Array.isArray(k?.series) && k.series.some((s) => names.has(s)))
        }
      })
    },
    KPI_REFRESH_MS,
    clock
  )
  const offSamples = bridge.on('samples', (event) => {
    if (Array.isArray(event?.series)) kpiRefresh.add(event.series.filter((s): s is string => typeof s === 'string'))
  })
  const offConfig = bridge.on('config', () => {
    for (const queryKey of [viewsKeys.all, kpiKeys.all, milestoneKeys.all, ANALYTICS_KEY, ANOMALIES_KEY]) void queryClient.invalidateQueries({ queryKey })
  })
  const offAnnotation = bridge.on('annotation', () => {
    void queryClient.invalidateQueries({ queryKey: annotationKeys.all })
  })
  return () => {
    offSamples()
    offConfig()
    offAnnotation()
    kpiRefresh.dispose()
  }
}
