// A panel's analytics answer (model quality and drift, business forecasts, recommendations). These
// calls have no view window: they are about "now", so, like a forecast, the query key carries the
// app clock rounded to ANALYTICS_REFRESH_MS. A wallboard gets fresh figures that often with no
// polling loop, the previous answer stays on screen while the next loads, and panels asking the
// same call (the business panels of a view) share one request. `config` events invalidate
// ['analytics'] (features/views/live-updates.ts).
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query'
import type { ResultOf } from '@shared/api'
import { callIdentity, type CallOf, type ContractCall } from '@shared/views/panel-requests'
import { useClock } from '../clock/clock'
import { invokeCall } from '../views/use-call'

/** How often a shown analytics answer is remade (the engine caches business forecasts as long). */
export const ANALYTICS_REFRESH_MS = 5 * 60_000

export type AnalyticsMethod = 'getModelQuality' | 'getModelDrift' | 'getBusinessForecasts' | 'getRecommendations'

/** The query key of an analytics call as of a refresh slot (under the 'analytics' prefix). */
export function analyticsKey(call: CallOf<AnalyticsMethod>, asOf: number): readonly unknown[] {
  return ['analytics', call.method, callIdentity(call as ContractCall), asOf]
}

/** The answer to an analytics call, remade every ANALYTICS_REFRESH_MS. */
export function useAnalytics<K extends AnalyticsMethod>(call: CallOf<K>): UseQueryResult<ResultOf<K>> {
  const asOf = useClock(ANALYTICS_REFRESH_MS)
  return useQuery({
    queryKey: analyticsKey(call as CallOf<AnalyticsMethod>, asOf),
    queryFn: () => invokeCall(call),
    placeholderData: keepPreviousData,
    // An engine error (an unknown model, too little data) is an answer: say it, do not hammer the engine.
    retry: false
  })
}
