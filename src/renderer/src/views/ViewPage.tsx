// One view: its tiles, its charts and (when a series is being explored) the Explore panel.
import { useClock } from '../clock/clock'
import { RANGE_SPECS, timeWindow } from '../clock/time-window'
import { ExplorePanel } from '../features/explore/ExplorePanel'
import type { HashState } from '../routing/hash-state'
import { ChartPanel } from './ChartPanel'
import { Tile } from './Tile'
import { VIEWS } from './view-definitions'

export function ViewPage({ state, update }: { state: HashState; update(patch: Partial<HashState>): void }) {
  const def = VIEWS[state.view]
  // Re-render only when the window moves to the next bucket, not on every clock tick.
  const now = useClock(RANGE_SPECS[state.range].step * 1000)
  const window = timeWindow(state.range, now)
  const interactive = state.mode === 'laptop'
  return (
    <main className="view" data-testid={`view-${def.id}`} aria-label={`${def.title} view`}>
      <div className="tile-row" style={{ gridTemplateColumns: `repeat(${def.tiles.length}, minmax(0, 1fr))` }}>
        {def.tiles.map((tile) => (
          <Tile key={tile.ref.series + JSON.stringify(tile.ref.labels ?? {})} def={tile} />
        ))}
      </div>
      <div className="chart-grid">
        {def.charts.map((chart) => (
          <ChartPanel key={chart.title} def={chart} window={window} interactive={interactive} />
        ))}
        {state.series && (
          <ExplorePanel
            series={state.series}
            window={window}
            interactive={interactive}
            onClose={() => update({ series: null })}
          />
        )}
      </div>
    </main>
  )
}
