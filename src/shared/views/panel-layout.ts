// Where a panel sits in its view's 12-column grid when the config does not say: shared by the
// renderer (CSS grid spans) and the request planner (chart width in pixels → bucket width).
import type { PanelConfig } from '../config/views-schema'

/** Columns of every view's grid. */
export const GRID_COLUMNS = 12

const DEFAULT_WIDTH: Record<string, number> = {
  kpi: 3,
  stat: 3,
  'kpi-chart': 6,
  chart: 6,
  milestones: 6,
  'kpi-list': 6,
  process: 6,
  'status-grid': 6,
  table: 6,
  sources: 6,
  events: 4
}

/** Width in grid columns (1–12): the configured one, else the type's default. */
export function panelColumns(panel: Pick<PanelConfig, 'type' | 'width'>): number {
  const w = panel.width ?? DEFAULT_WIDTH[panel.type] ?? 4
  return Math.min(GRID_COLUMNS, Math.max(1, Math.round(w)))
}

/** Height in grid rows (default 1). */
export function panelRows(panel: Pick<PanelConfig, 'height'>): number {
  return Math.max(1, Math.round(panel.height ?? 1))
}

/** The stable key of a panel within its view: its id, else type + position. */
export function panelKey(panel: Pick<PanelConfig, 'type' | 'id'>, index: number): string {
  return panel.id ?? `${panel.type}-${index}`
}
