// Laptop-mode header: product name, view tabs, live status and display switches; below it the
// toolbar with the time range, Explore input and notification controls.
import { useAppInfo } from '../features/app-info/use-app-info'
import { SeriesInput } from '../features/explore/SeriesInput'
import { NotificationControls } from '../features/notifications/NotificationControls'
import type { TimeWindow } from '../clock/time-window'
import type { HashState } from '../routing/hash-state'
import type { LiveStatus } from './live-status'
import { RangePicker } from './RangePicker'
import { ThemeToggle } from './ThemeToggle'
import type { ViewListEntry } from './use-view-list'
import { ViewTabs } from './ViewTabs'

export interface HeaderProps {
  state: HashState
  window: TimeWindow
  views: ViewListEntry[]
  status: LiveStatus
  update(patch: Partial<HashState>): void
}

export function Header({ state, window, views, status, update }: HeaderProps) {
  const info = useAppInfo()
  return (
    <header className="app-header">
      <div className="header-row">
        <h1 className="brand">Vigil</h1>
        <ViewTabs views={views} current={state.view} onSelect={(view) => update({ view, drill: null, alert: null, ack: false })} />
        <div className="header-tools">
          {info.data?.mode === 'archive' && <span className="badge">ARCHIVE</span>}
          <span className={`live-status status-${status.kind}`} data-testid="live-status" data-status={status.kind}>
            <span aria-hidden="true">{status.shape} </span>
            {status.word}
          </span>
          <ThemeToggle />
          <button
            type="button"
            className="mode-toggle"
            onClick={() => update({ mode: 'wallboard', drill: null })}
            title="Wallboard (kiosk) mode: full screen, no controls, views rotate; Esc returns here"
            data-testid="kiosk-toggle"
          >
            Wallboard mode
          </button>
        </div>
      </div>
      <div className="header-row toolbar" role="group" aria-label="View controls">
        <RangePicker state={state} window={window} update={update} />
        <SeriesInput key={state.series ?? ''} current={state.series} onOpen={(series) => update({ series })} />
        <NotificationControls />
      </div>
    </header>
  )
}
