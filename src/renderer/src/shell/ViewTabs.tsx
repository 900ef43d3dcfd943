// The view tabs (one per configured view, then Alerts and Secrets); views also switch with 1–9 and ←/→ (see use-view-keys.ts).
import { AlertsTab } from '../features/alerts/AlertsTab'
import { ALERTS_VIEW, SECRETS_VIEW } from '../routing/hash-state'
import { useRole } from '../features/app-info/use-role'
import type { ViewListEntry } from './use-view-list'

export function ViewTabs({ views, current, onSelect }: { views: ViewListEntry[]; current: string; onSelect(view: string): void }) {
  // Secrets are for admins (the server refuses the others anyway).
  const { canAdminister } = useRole()
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
      {canAdminister && (
      <button
        type="button"
        aria-current={current === SECRETS_VIEW ? 'page' : undefined}
        className={current === SECRETS_VIEW ? 'tab tab-active' : 'tab'}
        onClick={() => onSelect(SECRETS_VIEW)}
        title="Secrets: ${secret:NAME} values for the config (admins)"
        data-testid="tab-secrets"
      >
        Secrets
      </button>
      )}
    </nav>
  )
}
