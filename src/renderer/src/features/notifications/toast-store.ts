// The in-app notices (toasts): every `notification` event shows here, so a wallboard shows it
// even without OS notifications. Non-critical notices leave by themselves; critical ones stay
// until dismissed. The list is bounded, so a notification storm cannot grow memory.
import type { NotificationEvent, Severity } from '@shared/types'
import type { TimerClock } from '../../clock/timer-clock'

export interface Toast {
  event: NotificationEvent
  shownAt: number
  /** When it leaves by itself; null for notices that stay until dismissed. */
  expiresAt: number | null
}

/** How long a notice stays on screen (null: until dismissed). */
export const TOAST_LIFETIME_MS: Record<Severity, number | null> = { info: 15_000, warning: 60_000, critical: null }
/** Most notices on screen; the oldest (non-critical first) make room for new ones. */
export const MAX_TOASTS = 5

const SEVERITIES: readonly string[] = ['critical', 'warning', 'info']

/** True when a pushed payload has what a toast needs (it came over the network or IPC). */
export function isNotificationEvent(value: unknown): value is NotificationEvent {
  const v = value as Partial<NotificationEvent> | null
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    typeof v.title === 'string' &&
    typeof v.severity === 'string' &&
    SEVERITIES.includes(v.severity) &&
    (v.body === undefined || typeof v.body === 'string') &&
    (v.route === undefined || v.route === null || typeof v.route === 'string')
  )
}

/** The list after adding `event` at `now`: replaces a notice with the same id, then trims to MAX_TOASTS. */
export function addToast(list: readonly Toast[], event: NotificationEvent, now: number): Toast[] {
  const lifetime = TOAST_LIFETIME_MS[event.severity]
  const next = [...list.filter((t) => t.event.id !== event.id), { event, shownAt: now, expiresAt: lifetime === null ? null : now + lifetime }]
  while (next.length > MAX_TOASTS) {
    const oldestTransient = next.findIndex((t) => t.expiresAt !== null)
    next.splice(oldestTransient === -1 ? 0 : oldestTransient, 1)
  }
  return next
}

/** The list without notices that have expired by `now`. */
export function expireToasts(list: readonly Toast[], now: number): Toast[] {
  return list.filter((t) => t.expiresAt === null || t.expiresAt > now)
}

export interface ToastStore {
  get(): readonly Toast[]
  subscribe(listener: () => void): () => void
  add(event: NotificationEvent): void
  dismiss(id: string): void
  dispose(): void
}

/** A toast list with one timer for the next expiry. */
export function createToastStore(clock: TimerClock): ToastStore {
  let toasts: readonly Toast[] = []
  let timer: unknown = null
  const listeners = new Set<() => void>()

  function set(next: readonly Toast[]): void {
    toasts = next
    rearm()
    for (const listener of listeners) listener()
  }

  function rearm(): void {
    if (timer !== null) clock.clearTimeout(timer)
    timer = null
    const expiries = toasts.map((t) => t.expiresAt).filter((e): e is number => e !== null)
    if (expiries.length === 0) return
    timer = clock.setTimeout(() => {
      timer = null
      set(expireToasts(toasts, clock.now()))
    }, Math.max(0, Math.min(...expiries) - clock.now()))
  }

  return {
    get: () => toasts,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    add: (event) => set(addToast(toasts, event, clock.now())),
    dismiss(id) {
      if (toasts.some((t) => t.event.id === id)) set(toasts.filter((t) => t.event.id !== id))
    },
    dispose() {
      if (timer !== null) clock.clearTimeout(timer)
      timer = null
      listeners.clear()
    }
  }
}
