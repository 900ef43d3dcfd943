// Alertmanager's timing defaults and the built-in fallback route.
import type { RouteSpec } from './types'

export const DEFAULT_GROUP_WAIT_MS = 30_000
export const DEFAULT_GROUP_INTERVAL_MS = 5 * 60_000
export const DEFAULT_REPEAT_INTERVAL_MS = 4 * 3_600_000
/** Expired silences stay visible this long, then drop out of the state. */
export const SILENCE_RETENTION_MS = 5 * 86_400_000
/** Route id of the built-in fallback (used when no route matches and the config names none). */
export const FALLBACK_ROUTE_ID = 'unrouted'

/** A route with Alertmanager's defaults for every field not given (group_by [] = one group, no receivers). */
export function routeWithDefaults(partial: Partial<RouteSpec> & { id: string }): RouteSpec {
  return {
    matchers: [],
    continue: false,
    groupBy: [],
    groupWaitMs: DEFAULT_GROUP_WAIT_MS,
    groupIntervalMs: DEFAULT_GROUP_INTERVAL_MS,
    repeatIntervalMs: DEFAULT_REPEAT_INTERVAL_MS,
    escalation: [],
    ackTimeoutMs: null,
    muteWindows: [],
    ...partial
  }
}

/** The fallback used when the config has none: groups by alertname, notifies nobody. */
export const BUILTIN_FALLBACK: RouteSpec = routeWithDefaults({ id: FALLBACK_ROUTE_ID, groupBy: ['alertname'] })
