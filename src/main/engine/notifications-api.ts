// sendTestNotification: lets a user check that desktop notifications reach them, through the
// same `notification` event the alerting engine uses (native in Electron, toast + browser
// Notification in the web UI).
import type { ArgsOf, VigilApi } from '@shared/api'
import type { NotificationEvent, Severity } from '@shared/types'
import type { EventBus } from './event-bus'

export interface NotificationsApiDeps {
  bus: EventBus
  now(): number
}

const BODY: Record<Severity, string> = {
  critical: 'Critical test notice: it stays on screen and plays a sound until dismissed.',
  warning: 'Warning test notice: desktop notifications are working.',
  info: 'Desktop notifications are working.'
}

/** Builds the test-notification request; each call emits one `notification` event and returns it. */
export function createNotificationsApi(deps: NotificationsApiDeps): Pick<VigilApi, 'sendTestNotification'> {
  let sequence = 0
  return {
    async sendTestNotification(args: ArgsOf<'sendTestNotification'>) {
      const severity: Severity = args?.severity ?? 'info'
      const ts = deps.now()
      sequence += 1
      const event: NotificationEvent = {
        id: `test-${ts}-${sequence}`,
        severity,
        title: `Vigil test notification (${severity})`,
        body: BODY[severity],
        route: null,
        sound: severity === 'critical',
        ts
      }
      deps.bus.emit('notification', event)
      return event
    }
  }
}
