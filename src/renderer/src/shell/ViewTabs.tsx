// The view tabs (one per configured view, then Alerts); views also switch with 1–9 and ←/→ (see use-view-keys.ts).
import { AlertsTab } from '../features/alerts/AlertsTab'
import { ALERTS_VIEW } from '../routing/hash-state'
import type { ViewListEntry } from './use-view-list'

export function ViewTabs({ views, current, onSelect }: { views: ViewListEntry[]; current: string; onSelect(view: string): void }) {
  return (
    <nav className="view-tabs" aria-label="Views" data-testid="view-tabs">
      {views.map((v, i) => (
        <button
          key={v.id}
          type="button"
          aria-current={v.id === current ? 'page' : undefined}
          className={v.id === current ? 'tab tab-active' : 'tab'}
          onClick={() => onSelect(v.id)}
          title={i < 9 ? `${v.title} (key ${i + 1})` : v.title}
          data-testid={`tab-${v.id}`}
        >
          {v.title}
        </button>
      ))}
      <AlertsTab current={current === ALERTS_VIEW} onSelect={() => onSelect(ALERTS_VIEW)} />
    </nav>
  )
}
