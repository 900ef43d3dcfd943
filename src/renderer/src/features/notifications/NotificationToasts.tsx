// In-app notices (bottom right): every notification shows here, on the wallboard too.
import type { NotificationEvent, Severity } from '@shared/types'
import { formatClock } from '../../clock/format-time'
import { useToasts } from './notification-center'
import type { ToastStore } from './toast-store'

/** Severity as a shape and a word as well as a colour (colour-blind safe). */
const SEVERITY_DISPLAY: Record<Severity, { shape: string; word: string }> = {
  critical: { shape: '▲', word: 'CRITICAL' },
  warning: { shape: '◆', word: 'WARNING' },
  info: { shape: '●', word: 'INFO' }
}

export function NotificationToasts({ store, onOpen, interactive }: { store: ToastStore; onOpen(event: NotificationEvent): void; interactive: boolean }) {
  const toasts = useToasts(store)
  return (
    <section className="toasts" aria-label="Notifications" aria-live="polite">
      {toasts.map(({ event }) => {
        const display = SEVERITY_DISPLAY[event.severity]
        return (
          <article
            key={event.id}
            className={`toast toast-${event.severity}`}
            data-testid="notification-toast"
            data-severity={event.severity}
            data-notification-id={event.id}
            role={event.severity === 'critical' ? 'alert' : undefined}
          >
            <p className="toast-head">
              <span className="toast-severity">
                <span aria-hidden="true">{display.shape} </span>
                {display.word}
              </span>
              <span className="toast-time">{formatClock(event.ts)}</span>
            </p>
            <p className="toast-title">{event.title}</p>
            {event.body && <p className="toast-body">{event.body}</p>}
            {interactive && (
              <p className="toast-actions">
                {event.route && (
                  <button type="button" onClick={() => onOpen(event)} data-testid="toast-open">
                    {event.ack ? 'Acknowledge…' : 'Open'}
                  </button>
                )}
                <button type="button" onClick={() => store.dismiss(event.id)} aria-label={`Dismiss notification: ${event.title}`}>
                  Dismiss
                </button>
              </p>
            )}
          </article>
        )
      })}
    </section>
  )
}
