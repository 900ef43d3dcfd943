// The wallboard's only chrome: a slim strip with the view name, the time, the live/stale status,
// and the playlist state (a progress bar, or "paused" while someone is at the screen).
import { useClock } from '../../clock/clock'
import { formatClock } from '../../clock/format-time'
import type { LiveStatus } from '../live-status'
import type { RotationSnapshot } from './playlist-scheduler'

export interface KioskStripProps {
  title: string
  position: { index: number; count: number } | null
  status: LiveStatus
  rotation: RotationSnapshot | null
  intervalMs: number
}

export function KioskStrip({ title, position, status, rotation, intervalMs }: KioskStripProps) {
  const now = useClock(1_000)
  return (
    <header className="kiosk-strip" data-testid="kiosk-strip">
      <h1 className="kiosk-title" data-testid="kiosk-view-title">
        {title}
        {position && (
          <span className="kiosk-position">
            {' '}
            {position.index + 1}/{position.count}
          </span>
        )}
      </h1>
      {rotation?.paused && (
        <span className="kiosk-paused" data-testid="rotation-paused" role="status">
          <span aria-hidden="true">❚❚ </span>Paused — rotation resumes after 30 s without input
        </span>
      )}
      <span className={`kiosk-status status-${status.kind}`} data-testid="live-status" data-status={status.kind}>
        <span aria-hidden="true">{status.shape} </span>
        {status.word}
      </span>
      <time className="kiosk-clock" dateTime={new Date(now).toISOString()}>
        {formatClock(now)}
      </time>
      {rotation && !rotation.paused && rotation.nextAt !== null && (
        <div
          // A new key restarts the CSS animation for each view; no JS runs per frame.
          key={rotation.since}
          className="rotation-progress"
          data-testid="rotation-progress"
          style={{ animationDuration: `${Math.max(0, rotation.nextAt - rotation.since) || intervalMs}ms` }}
          aria-hidden="true"
        />
      )}
    </header>
  )
}
