// Mounts the notification center for the app: one toast list for the page, subscribed to
// `notification` events while the app is mounted.
import { useEffect, useRef, useState } from 'react'
import { getBridge } from '../../api/bridge'
import { realTimerClock } from '../../clock/timer-clock'
import { unlockAlertSound } from './alert-sound'
import { createNotificationCenter, type NotificationCenter } from './notification-center'
import { createToastStore, type ToastStore } from './toast-store'

/** The toast list and an `open` action; `navigate` receives a notice's hash route on click. */
export function useNotificationCenter(navigate: (route: string) => void): { toasts: ToastStore; open: NotificationCenter['open'] } {
  const [toasts] = useState(() => createToastStore(realTimerClock))
  const navigateRef = useRef(navigate)
  navigateRef.current = navigate
  const center = useRef<NotificationCenter | null>(null)

  useEffect(() => {
    const c = createNotificationCenter({
      bridge: getBridge(),
      native: window.vigil !== undefined,
      navigate: (route) => navigateRef.current(route),
      toasts
    })
    center.current = c
    return () => {
      c.dispose()
      center.current = null
    }
  }, [toasts])

  useEffect(() => () => toasts.dispose(), [toasts])

  // Browsers start audio only after a user gesture: the first key or click on the page unlocks
  // the alert sound (a wallboard nobody touches stays silent unless the browser allows autoplay).
  useEffect(() => {
    if (window.vigil !== undefined) return
    const stop = () => {
      window.removeEventListener('pointerdown', unlock)
      window.removeEventListener('keydown', unlock)
    }
    const unlock = () => {
      unlockAlertSound()
      stop()
    }
    window.addEventListener('pointerdown', unlock)
    window.addEventListener('keydown', unlock)
    return stop
  }, [])

  return {
    toasts,
    open: (event) => {
      if (center.current) center.current.open(event)
      else toasts.dismiss(event.id)
    }
  }
}
