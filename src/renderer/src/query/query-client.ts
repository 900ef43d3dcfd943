// Query defaults: data stays fresh until a push event invalidates it, so there is no polling
// and no refetch on window focus.
import { QueryClient } from '@tanstack/react-query'

/** The app's QueryClient. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: Infinity,
        refetchOnWindowFocus: false,
        retry: 1,
        // Sliding windows leave one query per window position behind; drop them soon.
        gcTime: 60_000
      }
    }
  })
}
