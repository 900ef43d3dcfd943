// Which routes take an alert: the first matching route wins unless it says `continue`.
import type { Labels } from '@shared/types'
import { BUILTIN_FALLBACK } from './defaults'
import { matchesAll } from './matchers'
import type { RouteSpec, RoutingConfig } from './types'

/** Routes an alert with these labels goes to, in config order; the fallback when none matches. */
export function routesFor(config: RoutingConfig, labels: Labels): RouteSpec[] {
  const chosen: RouteSpec[] = []
  for (const route of config.routes) {
    if (!matchesAll(route.matchers, labels)) continue
    chosen.push(route)
    if (!route.continue) break
  }
  if (chosen.length === 0) chosen.push(config.fallback ?? BUILTIN_FALLBACK)
  return chosen
}

/** The route with this id (configured routes, then the fallback), or null when the config no longer has it. */
export function routeById(config: RoutingConfig, id: string): RouteSpec | null {
  const fallback = config.fallback ?? BUILTIN_FALLBACK
  return config.routes.find((r) => r.id === id) ?? (fallback.id === id ? fallback : null)
}
