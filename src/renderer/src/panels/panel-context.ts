// What every panel gets from its view besides its own config and calls.
import type { Labels } from '@shared/types'

/** A drill-down target: a series (narrowed by labels), maybe reached from a KPI. */
export interface DrillRequest {
  series: string
  labels?: Labels
  kpi?: string
}

export interface PanelContext {
  /** Laptop mode: zoom, clickable tiles. Wallboard mode: display only. */
  interactive: boolean
  /** Opens the drill-down of a series (laptop mode; absent when nothing handles it). */
  onDrillDown?: (target: DrillRequest) => void
  /** The user zoomed a chart to [from, to). */
  onZoom?: (from: number, to: number) => void
}

/** The drill handler to use: only in laptop mode and when the view has one. */
export function drillHandler(ctx: PanelContext): ((target: DrillRequest) => void) | null {
  return ctx.interactive && ctx.onDrillDown ? ctx.onDrillDown : null
}

export type PanelState = 'loading' | 'error' | 'empty' | 'ready'

/** The state of a panel from its queries: ready once it has data to show, else error/loading/empty. */
export function queriesState(queries: readonly { data?: unknown; error: unknown; isPending: boolean }[], hasData: boolean): PanelState {
  if (hasData) return 'ready'
  if (queries.some((q) => q.error)) return 'error'
  if (queries.some((q) => q.isPending)) return 'loading'
  return 'empty'
}
