// One view from the server's view definitions: its panels in a 12-column grid of `rows` rows
// that fills the screen, each panel fed by the view plan (src/shared/views/panel-requests.ts),
// plus the Explore panel when a series is being explored.
import { useMemo, useRef } from 'react'
import type { ViewConfig } from '@shared/config/views-schema'
import { panelColumns, panelRows } from '@shared/views/panel-layout'
import { viewPlan } from '@shared/views/panel-requests'
import type { TimeWindow } from '../clock/time-window'
import { useTimeWindow } from '../clock/use-time-window'
import { ExplorePanel } from '../features/explore/ExplorePanel'
import { useViews } from '../features/views/use-views'
import type { HashState } from '../routing/hash-state'
import { Panel } from '../panels/Panel'
import type { DrillRequest, PanelContext } from '../panels/panel-context'
import { ErrorNote, Loading } from './panel-states'
import { useElementWidth } from './use-element-width'

export interface ViewPageProps {
  state: HashState
  update(patch: Partial<HashState>): void
  /** The window to show (default: the state's range, sliding with the clock). */
  window?: TimeWindow
  /** Opens the drill-down for a tile, table cell or chart (default: the Explore panel). */
  onDrillDown?: (target: DrillRequest) => void
  /** The user zoomed a chart to [from, to) in laptop mode (e.g. set a custom time range). */
  onZoom?: (from: number, to: number) => void
}

export function ViewPage({ state, update, window: windowProp, onDrillDown, onZoom }: ViewPageProps) {
  const views = useViews()
  const stateWindow = useTimeWindow(state)
  const window = windowProp ?? stateWindow
  const interactive = state.mode === 'laptop'
  const view = views.data?.views.find((v) => v.id === state.view)

  let content
  if (view) {
    content = (
      <ViewGrid
        view={view}
        window={window}
        ctx={{ interactive, onDrillDown: onDrillDown ?? ((t) => update({ series: t.series })), onZoom }}
      />
    )
  } else if (views.data) {
    const ids = views.data.views.map((v) => v.id).join(', ')
    content = <ErrorNote error={`There is no view "${state.view}" (configured views: ${ids || 'none'})`} />
  } else if (views.error) {
    content = <ErrorNote error={views.error} />
  } else {
    content = <Loading />
  }

  return (
    <main
      className="view"
      data-testid={`view-${state.view}`}
      data-state={view ? 'ready' : views.error || views.data ? 'error' : 'loading'}
      aria-label={`${view?.title ?? state.view} view`}
    >
      {content}
      {state.series && (
        <div className="explore-overlay">
          <ExplorePanel series={state.series} window={window} interactive={interactive} onClose={() => update({ series: null })} />
        </div>
      )}
    </main>
  )
}

function ViewGrid({ view, window, ctx }: { view: ViewConfig; window: TimeWindow; ctx: PanelContext }) {
  const grid = useRef<HTMLDivElement>(null)
  const width = useElementWidth(grid)
  const plan = useMemo(
    () => (width === null ? null : viewPlan(view, window, { widthPx: width })),
    [view, window.from, window.to, window.step, width]
  )
  return (
    <div ref={grid} className="view-grid" style={{ ['--view-rows' as string]: view.rows ?? 3 }} data-view-width={width ?? ''}>
      {plan?.panels.map((p) => (
        <div
          key={p.key}
          className="view-cell"
          style={{ gridColumn: `span ${panelColumns(p.panel)}`, gridRow: `span ${panelRows(p.panel)}` }}
        >
          <Panel plan={p} ctx={ctx} />
        </div>
      ))}
    </div>
  )
}
