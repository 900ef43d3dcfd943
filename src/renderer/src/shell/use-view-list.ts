// The configured views (ids and titles, in order) and the wallboard settings, from the views
// feature's getViews query (one cached answer for the tabs, the playlist and the view page).
import { useViews } from '../features/views/use-views'

export interface ViewListEntry {
  id: string
  title: string
}

export interface WallboardSettings {
  playlist: string[]
  intervalMs: number
  staleAfterMs: number
}

/** The config schema's defaults (30 s per view, stale after 2 min), used until getViews answers. */
export const DEFAULT_WALLBOARD: WallboardSettings = { playlist: [], intervalMs: 30_000, staleAfterMs: 120_000 }

export interface ViewList {
  views: ViewListEntry[]
  wallboard: WallboardSettings
  isPending: boolean
  error: unknown
}

/** The views for tabs, keys and the playlist (empty playlist = every view). */
export function useViewList(): ViewList {
  const q = useViews()
  const views = (q.data?.views ?? []).map((v) => ({ id: v.id, title: v.title }))
  const configured = q.data?.wallboard
  const playlist = configured && configured.playlist.length > 0 ? configured.playlist.filter((id) => views.some((v) => v.id === id)) : views.map((v) => v.id)
  return {
    views,
    wallboard: {
      playlist,
      intervalMs: configured?.intervalMs ?? DEFAULT_WALLBOARD.intervalMs,
      staleAfterMs: configured?.staleAfterMs ?? DEFAULT_WALLBOARD.staleAfterMs
    },
    isPending: q.isPending,
    error: q.error
  }
}
