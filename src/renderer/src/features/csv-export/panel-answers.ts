// The answers to a panel's CSV calls: from the TanStack Query cache under the same keys the
// panels query (views/call-key.ts), fetched (and cached) when absent, e.g. an analytics call the
// panel keys by refresh slot.
import type { QueryClient } from '@tanstack/react-query'
import type { ContractCall } from '@shared/views/panel-requests'
import { callKey } from '../../views/call-key'
import { invokeCall } from '../../views/use-call'
import type { Answered } from './flatten'

/** Each call with its answer, in order; rejects with the first call's error. */
export async function panelAnswers(queryClient: QueryClient, calls: readonly ContractCall[]): Promise<Answered[]> {
  return Promise.all(
    calls.map(async (call) => {
      const key = callKey(call)
      const cached = queryClient.getQueryData(key)
      const answer = cached !== undefined ? cached : await queryClient.fetchQuery({ queryKey: key, queryFn: () => invokeCall(call as never) })
      return { call, answer }
    })
  )
}
