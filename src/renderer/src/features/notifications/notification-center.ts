// Routes every `notification` event: an in-app toast always; in the browser (no Electron
// preload) also an OS notification when permitted and, for notices that ask for it, a sound.
// In Electron, main shows the native notification (with its sound), so the page does not.
import { useSyncExternalStore } from 'react'
import type { VigilBridge } from '@shared/api'
import { HASH_ROUTE_PATTERN } from '@shared/api-names'
import type { NotificationEvent } from '@shared/types'
import { realTimerClock } from '../../clock/timer-clock'
import { playAlertSound } from './alert-sound'
import { showBrowserNotification } from './browser-notifier'
import { soundEnabled } from './sound-setting'
import { createToastStore, isNotificationEvent, type Toast, type ToastStore } from './toast-store'

export interface NotificationCenterDeps {
  bridge: Pick<VigilBridge, 'on'>
  /** True inside Electron (main shows native notifications and plays their sound). */
  native: boolean
  /** Opens a notice's hash route. */
  navigate(route: string): void
  /** The toast list to fill; when given, the caller owns it (dispose() leaves it alone). */
  toasts?: ToastStore
  /** Browser-side effects; injectable for tests. */
  showOsNotification?: (event: NotificationEvent, onOpen: () => void) => boolean
  playSound?: () => void
  soundOn?: () => boolean
}

export interface NotificationCenter {
  toasts: ToastStore
  /** Opens a notice's route (if any) and dismisses it. */
  open(event: NotificationEvent): void
  dispose(): void
}

/** Subscribes to notification events; dispose() unsubscribes and clears timers. */
export function createNotificationCenter(deps: NotificationCenterDeps): NotificationCenter {
  const toasts = deps.toasts ?? createToastStore(realTimerClock)
  const showOs = deps.showOsNotification ?? showBrowserNotification
  const sound = deps.playSound ?? playAlertSound
  const soundOn = deps.soundOn ?? soundEnabled

  const open = (event: NotificationEvent): void => {
    toasts.dismiss(event.id)
    if (event.route && HASH_ROUTE_PATTERN.test(event.route)) deps.navigate(event.route)
  }

  const off = deps.bridge.on('notification', (payload) => {
    if (!isNotificationEvent(payload)) return
    toasts.add(payload)
    if (deps.native) return
    showOs(payload, () => open(payload))
    if (payload.sound && soundOn()) sound()
  })

  return {
    toasts,
    open,
    dispose() {
      off()
      if (!deps.toasts) toasts.dispose()
    }
  }
}

/** React binding of a toast list. */
export function useToasts(store: ToastStore): readonly Toast[] {
  return useSyncExternalStore(store.subscribe, store.get)
}
