// getViews: the built-in views merged with the configured ones, and the wallboard playlist.
import type { VigilApi, ViewsResult } from '@shared/api'
import type { VigilConfig } from '@shared/config/schema'
import type { ViewConfig } from '@shared/config/views-schema'
import { builtInViews } from './built-in-views'

export interface ViewsApiDeps {
  /** The current (last good) config; read at every call so a reload shows at once. */
  config(): VigilConfig
}

/**
 * Built-ins first, in their fixed order; a configured view with a built-in's id takes that
 * built-in's place, and the others follow in config order.
 */
export function mergeViews(builtIns: readonly ViewConfig[], configured: readonly ViewConfig[]): ViewConfig[] {
  const byId = new Map(configured.map((v) => [v.id, v]))
  const merged = builtIns.map((b) => byId.get(b.id) ?? b)
  const builtInIds = new Set(builtIns.map((b) => b.id))
  return [...merged, ...configured.filter((v) => !builtInIds.has(v.id))]
}

/** The views and wallboard settings of a config (the playlist was checked against the views when the config was parsed). */
export function viewsOf(config: VigilConfig, builtIns: readonly ViewConfig[] = builtInViews()): ViewsResult {
  const views = mergeViews(builtIns, config.views)
  const { playlist, interval, stale_after } = config.wallboard
  return {
    views,
    wallboard: { playlist: playlist ?? views.map((v) => v.id), intervalMs: interval, staleAfterMs: stale_after }
  }
}

/** Builds the views part of the API; parses the built-in views now, so a broken one stops the start. */
export function createViewsApi(deps: ViewsApiDeps): Pick<VigilApi, 'getViews'> {
  const builtIns = builtInViews()
  return {
    async getViews() {
      return viewsOf(deps.config(), builtIns)
    }
  }
}
