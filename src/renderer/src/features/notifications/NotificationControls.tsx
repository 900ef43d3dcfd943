// Laptop-mode notification controls: allow browser notifications (needs a click), the alert
// sound for critical notices, and a test notification through the engine.
import { useState } from 'react'
import type { Severity } from '@shared/types'
import { getBridge } from '../../api/bridge'
import { unlockAlertSound } from './alert-sound'
import { browserNotificationSupport, requestBrowserNotificationPermission, type BrowserNotificationSupport } from './browser-notifier'
import { setSoundEnabled, useSoundEnabled } from './sound-setting'

export function NotificationControls() {
  const native = window.vigil !== undefined
  const [support, setSupport] = useState<BrowserNotificationSupport>(() => browserNotificationSupport())
  const sound = useSoundEnabled()
  const [severity, setSeverity] = useState<Severity>('info')
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const ask = async () => {
    unlockAlertSound()
    setSupport(await requestBrowserNotificationPermission())
  }

  const sendTest = async () => {
    unlockAlertSound()
    setSending(true)
    setError(null)
    try {
      await getBridge().sendTestNotification({ severity })
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setSending(false)
    }
  }

  return (
    <div className="notify-controls" role="group" aria-label="Notifications">
      {!native && support === 'default' && (
        <button type="button" onClick={ask} data-testid="enable-notifications">
          Enable desktop notifications
        </button>
      )}
      {!native && support === 'denied' && (
        <span className="muted" title="Allow notifications for this site in the browser settings">
          Desktop notifications blocked
        </span>
      )}
      {!native && (
        <button
          type="button"
          aria-pressed={sound}
          onClick={() => {
            unlockAlertSound()
            setSoundEnabled(!sound)
          }}
          title="Play a sound for critical notifications"
          data-testid="sound-toggle"
        >
          <span aria-hidden="true">♪ </span>Alert sound
        </button>
      )}
      <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)} aria-label="Severity of the test notification">
        <option value="info">info</option>
        <option value="warning">warning</option>
        <option value="critical">critical</option>
      </select>
      <button type="button" onClick={sendTest} disabled={sending} data-testid="send-test-notification">
        Send test notification
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </div>
  )
}
