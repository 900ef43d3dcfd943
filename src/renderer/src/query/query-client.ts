// Query defaults: data stays fresh until a push event invalidates it, so there is no polling
// and no refetch on window focus.
import { QueryClient } from '@tanstack/react-query'
import { pruneSupersededWindows } from './superseded-windows'

/** The app's QueryClient; windows a newer one replaced leave its cache at once (superseded-windows.ts). */
export function createQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: Infinity,
        refetchOnWindowFocus: false,
        retry: 1,
        // Unshown queries (a view the playlist left) are kept a minute, so coming back paints at
        // once; superseded positions of a sliding window are dropped sooner (see below).
        gcTime: 60_000
      }
    }
  })
  // For the client's whole life (the page's): nothing to unsubscribe.
  pruneSupersededWindows(client.getQueryCache())
  return client
}
