// Says so when live updates are interrupted: the numbers on screen may be stale.
import { useConnectionStatus } from '../api/use-connection-status'

export function ConnectionBanner() {
  const status = useConnectionStatus()
  if (status !== 'reconnecting') return null
  return (
    <div className="banner banner-warn" data-testid="connection-banner" role="status">
      <span aria-hidden="true">▲ </span>Live updates disconnected — reconnecting. Values shown may be out of date.
    </div>
  )
}
