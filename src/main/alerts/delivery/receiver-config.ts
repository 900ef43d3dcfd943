// Receiver settings as the `alerting.receivers` config section describes them (snake_case, as
// written in vigil.yaml; the config schema's parsed receivers fit these types). Any string may
// hold ${secret:NAME}; it is expanded at send time.

interface ReceiverCommon {
  id: string
  /** Also tell this receiver about resolved alerts (default true, as in Alertmanager). */
  send_resolved?: boolean
  /** Per-send timeout in milliseconds (default: the dispatcher's, 10 s). */
  timeout?: number
}

export interface DesktopReceiverConfig extends ReceiverCommon {
  kind: 'desktop'
  /** Play a sound for critical notices. */
  sound?: boolean
}

export interface WebhookReceiverConfig extends ReceiverCommon {
  kind: 'webhook'
  url: string
  headers?: Record<string, string>
  /** Most alerts per message (Alertmanager's max_alerts); the rest are counted in truncatedAlerts. 0 = all. */
  max_alerts?: number
}

export interface SlackReceiverConfig extends ReceiverCommon {
  kind: 'slack'
  /** Incoming-webhook URL (a secret: it carries the token). */
  webhook_url: string
  /** Channel and bot name overrides (honoured by legacy incoming webhooks only). */
  channel?: string
  username?: string
}

export interface PagerDutyReceiverConfig extends ReceiverCommon {
  kind: 'pagerduty'
  /** Events API v2 integration key. */
  routing_key: string
  /** Events API endpoint (default https://events.pagerduty.com/v2/enqueue); tests point it elsewhere. */
  url?: string
}

export interface EmailReceiverConfig extends ReceiverCommon {
  kind: 'email'
  to: string[]
  /** Sender address (default vigil@<smtp host>). */
  from?: string
  smtp: {
    host: string
    port: number
    /** Implicit TLS (default: true on port 465); otherwise STARTTLS is used when the server offers it. */
    secure?: boolean
    /** Refuse to send unless the server offers STARTTLS. */
    require_tls?: boolean
    username?: string
    password?: string
  }
}

export type ReceiverConfig =
  | DesktopReceiverConfig
  | WebhookReceiverConfig
  | SlackReceiverConfig
  | PagerDutyReceiverConfig
  | EmailReceiverConfig

export type ReceiverKind = ReceiverConfig['kind']

export const RECEIVER_KINDS: readonly ReceiverKind[] = ['desktop', 'webhook', 'slack', 'pagerduty', 'email']

/** PagerDuty's Events API v2 endpoint. */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue'
