// A panel's forecast. Its call has no time window (a forecast always starts now), so its query key
// carries the app clock rounded to FORECAST_REFRESH_MS: a wallboard gets a fresh forecast that
// often, with no polling loop, and the previous forecast stays on screen while the next loads.
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query'
import type { ForecastView } from '@shared/analytics'
import { callIdentity, type CallOf } from '@shared/views/panel-requests'
import { useClock } from '../clock/clock'
import { invokeCall } from '../views/use-call'

/** How often a shown forecast is remade. */
export const FORECAST_REFRESH_MS = 15 * 60_000

/** The query key of a forecast call as of a refresh slot. */
export function forecastKey(call: CallOf<'getForecast'>, asOf: number): readonly unknown[] {
  return ['analytics', 'forecast', callIdentity(call), asOf]
}

/** The forecast answer (a null call is disabled: the panel shows no forecast). */
export function useForecast(call: CallOf<'getForecast'> | null): UseQueryResult<ForecastView> {
  const asOf = useClock(FORECAST_REFRESH_MS)
  return useQuery({
    queryKey: call ? forecastKey(call, asOf) : ['analytics', 'forecast', 'none'],
    queryFn: () => invokeCall(call!),
    enabled: call !== null,
    placeholderData: keepPreviousData,
    // An engine error (e.g. too little history yet) is an answer: say it, do not hammer the engine.
    retry: false
  })
}
