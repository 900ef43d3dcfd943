// The "Alerts" tab after the configured views, with the number of firing alerts that need someone.
import { bannerAlerts } from './alert-display'
import { useAlerts } from './use-alerts'

export function AlertsTab({ current, onSelect }: { current: boolean; onSelect(): void }) {
  const alerts = useAlerts()
  const firing = alerts.data?.alerts.filter((a) => a.status === 'firing') ?? []
  const critical = bannerAlerts(firing).length
  return (
    <button
      type="button"
      aria-current={current ? 'page' : undefined}
      className={current ? 'tab tab-active' : 'tab'}
      onClick={onSelect}
      title={firing.length > 0 ? `Alerts: ${firing.length} firing (${critical} critical)` : 'Alerts'}
      data-testid="tab-alerts"
      data-firing={firing.length}
    >
      Alerts
      {firing.length > 0 && (
        <span className="tab-count" aria-label={`${firing.length} firing`}>
          {critical > 0 ? '▲ ' : '● '}
          {firing.length}
        </span>
      )}
    </button>
  )
}
