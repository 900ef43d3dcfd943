// Queries one contract call (from a view plan) through the bridge, keyed by callKey.
import { keepPreviousData, useQueries, useQuery, type UseQueryResult } from '@tanstack/react-query'
import type { ResultOf } from '@shared/api'
import type { RequestName } from '@shared/api-names'
import type { CallOf, ContractCall } from '@shared/views/panel-requests'
import { getBridge } from '../api/bridge'
import { callKey } from './call-key'

/** Sends a call through the page's bridge. */
export function invokeCall<K extends RequestName>(call: CallOf<K>): Promise<ResultOf<K>> {
  const fn = getBridge()[call.method] as unknown as (args: unknown) => Promise<ResultOf<K>>
  return fn(call.args)
}

/**
 * The result of a call; while a new window loads, the previous window's data stays on screen.
 * A null call is disabled (a panel option that is not configured).
 */
export function useCall<K extends RequestName>(call: CallOf<K> | null): UseQueryResult<ResultOf<K>> {
  return useQuery({
    queryKey: call ? callKey(call as ContractCall) : ['call', 'none'],
    queryFn: () => invokeCall(call!),
    enabled: call !== null,
    placeholderData: keepPreviousData
  })
}

/** The results of several calls of one method, in order (e.g. a chart's lines). */
export function useCalls<K extends RequestName>(calls: readonly CallOf<K>[]): UseQueryResult<ResultOf<K>>[] {
  return useQueries({
    queries: calls.map((call) => ({
      queryKey: callKey(call as ContractCall),
      queryFn: () => invokeCall(call),
      placeholderData: keepPreviousData
    }))
  }) as UseQueryResult<ResultOf<K>>[]
}
