// React bindings: the page's one engine watch (created on first use, alive as long as the page,
// like the event stream it watches) and the staleness verdict for the banner.
import { useMemo, useSyncExternalStore } from 'react'
import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { getBridge, getConnection } from '../../api/bridge'
import { useClock } from '../../clock/clock'
import { realTimerClock } from '../../clock/timer-clock'
import { healthKeys } from '../health/health-keys'
import { useHealth } from '../health/use-health'
import { createEngineWatch, engineStatusOf, type EngineWatch, type EngineWatchSnapshot } from './engine-watch'
import { detectStaleness, type Staleness } from './stale-detection'

let watch: EngineWatch | null = null

function engineWatch(queryClient: QueryClient): EngineWatch {
  watch ??= createEngineWatch({
    connection: getConnection(),
    clock: realTimerClock,
    // A probe that gets through also refreshes the source health shown on screen.
    probe: async () => {
      const health = await getBridge().getHealth({})
      queryClient.setQueryData(healthKeys.all, health)
    }
  })
  return watch
}

/** The engine watch's state (connection, when it was lost, whether the engine answers). */
export function useEngineWatch(): EngineWatchSnapshot {
  const w = engineWatch(useQueryClient())
  return useSyncExternalStore(w.subscribe, w.get)
}

/** Whether the data on screen is stale, since when, and why. */
export function useStaleness(staleAfterMs: number): { staleness: Staleness; now: number } {
  const engine = engineStatusOf(useEngineWatch())
  const health = useHealth()
  const now = useClock()
  const sources = health.data?.sources ?? null
  const staleness = useMemo(
    () => detectStaleness({ now, staleAfterMs, engine, sources }),
    [now, staleAfterMs, engine.down, engine.lostAt, sources]
  )
  return { staleness, now }
}
