// Shows the engine's `notification` events as native desktop notifications: critical ones
// stay on screen and sound; a click focuses the window and opens the notice's route.
import type { BrowserWindow } from 'electron'
import type { NotificationEvent, Severity } from '@shared/types'
import type { EventBus } from '../engine/event-bus'
import { showNotification, type NativeNotice } from './notifications'

const URGENCY: Record<Severity, NativeNotice['urgency']> = { critical: 'critical', warning: 'normal', info: 'low' }

export interface RelayOptions {
  /** The window runs the wallboard (--kiosk): routes opened from a notice keep it a wallboard. */
  kiosk?: boolean
  /** Acknowledges an alert group from a notice's Acknowledge button (as the desktop user). */
  acknowledge?: (groupKey: string) => Promise<unknown>
}

/** The route a click opens: the notice's own, with `kiosk=1` added on a wallboard. */
export function clickRoute(route: string, kiosk: boolean): string {
  if (!kiosk || /[?&]kiosk=/.test(route)) return route
  return `${route}${route.includes('?') ? '&' : '?'}kiosk=1`
}

/** The native notice for a notification event; throws naming the field when the event is malformed. */
export function nativeNoticeFor(event: NotificationEvent, options: RelayOptions = {}): NativeNotice {
  if (typeof event !== 'object' || event === null) throw new Error('notification event: expected an object')
  if (typeof event.title !== 'string' || event.title === '') throw new Error('notification event: "title" must be a non-empty string')
  const urgency = URGENCY[event.severity]
  if (!urgency) throw new Error(`notification "${event.title}": severity ${JSON.stringify(event.severity)} is not critical, warning or info`)
  return {
    title: event.title,
    body: typeof event.body === 'string' ? event.body : '',
    urgency,
    ...(typeof event.route === 'string' ? { route: clickRoute(event.route, options.kiosk ?? false) } : {}),
    silent: !event.sound,
    ...(typeof event.ack === 'string' && event.ack !== '' && options.acknowledge ? { onAcknowledge: () => void options.acknowledge?.(event.ack as string) } : {})
  }
}

/**
 * Subscribes to the bus; returns the unsubscribe function. A bad event is logged and dropped,
 * and a notice whose route is refused is still shown, without the route.
 */
export function relayNotifications(
  bus: Pick<EventBus, 'on'>,
  getWindow: () => BrowserWindow | null,
  options: RelayOptions = {},
  log: (message: string) => void = (m) => console.error(`vigil: ${m}`)
): () => void {
  const acknowledge = options.acknowledge
  const relayOptions: RelayOptions = {
    ...options,
    ...(acknowledge
      ? {
          acknowledge: (groupKey: string) =>
            acknowledge(groupKey).catch((err: unknown) => log(`acknowledging from the notification failed: ${(err as Error).message}`))
        }
      : {})
  }
  return bus.on('notification', (event) => {
    let notice: NativeNotice
    try {
      notice = nativeNoticeFor(event, relayOptions)
    } catch (err) {
      log((err as Error).message)
      return
    }
    try {
      showNotification(notice, getWindow)
    } catch (err) {
      log(`${(err as Error).message}; shown without it`)
      const { route: _dropped, ...withoutRoute } = notice
      showNotification(withoutRoute, getWindow)
    }
  })
}
