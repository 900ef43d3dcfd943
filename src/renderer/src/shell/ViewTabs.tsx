// The three view tabs; also switchable with 1/2/3 and ←/→ (see use-view-keys.ts).
import { VIEW_IDS, type ViewId } from '../routing/hash-state'
import { VIEWS } from '../views/view-definitions'

export function ViewTabs({ current, onSelect }: { current: ViewId; onSelect(view: ViewId): void }) {
  return (
    <nav className="view-tabs" role="tablist" aria-label="Views">
      {VIEW_IDS.map((id, i) => (
        <button
          key={id}
          type="button"
          role="tab"
          aria-selected={id === current}
          className={id === current ? 'tab tab-active' : 'tab'}
          onClick={() => onSelect(id)}
          title={`${VIEWS[id].title} (key ${i + 1})`}
        >
          {VIEWS[id].title}
        </button>
      ))}
    </nav>
  )
}
