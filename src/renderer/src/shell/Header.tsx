// Top bar: product name, view tabs, time range, Explore input and display-mode switch.
import { useAppInfo } from '../features/app-info/use-app-info'
import { SeriesInput } from '../features/explore/SeriesInput'
import type { HashState } from '../routing/hash-state'
import { RangeSelector } from './RangeSelector'
import { ViewTabs } from './ViewTabs'

export function Header({ state, update }: { state: HashState; update(patch: Partial<HashState>): void }) {
  const info = useAppInfo()
  const laptop = state.mode === 'laptop'
  return (
    <header className="app-header">
      <h1 className="brand">Vigil</h1>
      <ViewTabs current={state.view} onSelect={(view) => update({ view })} />
      <div className="header-tools">
        {info.data?.mode === 'archive' && <span className="badge">ARCHIVE</span>}
        <RangeSelector range={state.range} interactive={laptop} onSelect={(range) => update({ range })} />
        {laptop && <SeriesInput key={state.series ?? ''} current={state.series} onOpen={(series) => update({ series })} />}
        <button
          type="button"
          className="mode-toggle"
          onClick={() => update({ mode: laptop ? 'wallboard' : 'laptop' })}
          title={laptop ? 'Wallboard mode: display only' : 'Laptop mode: range, zoom and explore'}
        >
          {laptop ? 'Wallboard' : 'Laptop'}
        </button>
      </div>
    </header>
  )
}
