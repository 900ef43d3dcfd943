// The desktop receiver: a `notification` event on the engine bus, which the Electron shell shows
// natively and the wallboard as a banner (with sound for critical notices when configured).
// Its id is the outbox id, so a notice re-emitted after a restart replaces the earlier one.
import type { AlertInstance } from '@shared/alerts'
import type { NotificationEvent, Severity } from '@shared/types'
import { alertSummary, countByStatus, groupSeverity, groupStatus, labelText } from '../group-text'
import type { DeliveryIntent } from '../intent'
import type { Outgoing, Receiver, ReceiverDeps } from '../receiver'
import type { DesktopReceiverConfig } from '../receiver-config'

/** Most alert lines in a notice body. */
const MAX_BODY_LINES = 5
const VIEW_ID = /^[a-z][a-z0-9-]{0,31}$/

/** Builds the notice for one notification. */
export function desktopNotice(config: DesktopReceiverConfig, notificationId: string, n: DeliveryIntent): NotificationEvent {
  const status = groupStatus(n.alerts)
  const newsOfTrouble = status === 'firing' && n.kind !== 'acknowledged'
  // Good news (resolved, acknowledged) is shown as information, whatever the alerts' severity.
  const severity: Severity = newsOfTrouble ? groupSeverity(n.alerts) : 'info'
  return {
    id: notificationId,
    severity,
    title: noticeTitle(n),
    body: noticeBody(n),
    // A click on news of trouble opens the acknowledge form for it ("click to acknowledge").
    route: newsOfTrouble ? ackRoute(n.alerts) : noticeRoute(n.alerts),
    sound: config.sound === true && newsOfTrouble && severity === 'critical',
    ack: newsOfTrouble ? n.groupKey : null,
    ts: n.at
  }
}

export class DesktopReceiver implements Receiver {
  readonly kind = 'desktop'
  readonly id: string
  readonly sendResolved: boolean

  constructor(
    private readonly config: DesktopReceiverConfig,
    private readonly deps: ReceiverDeps
  ) {
    this.id = config.id
    this.sendResolved = config.send_resolved ?? true
  }

  async send(out: Outgoing): Promise<void> {
    this.deps.bus.emit('notification', desktopNotice(this.config, out.notificationId, out.intent))
  }
}

function noticeTitle(n: DeliveryIntent): string {
  const prefix = { firing: '', escalated: 'Escalated: ', reminder: 'Still firing: ', acknowledged: 'Acknowledged: ', resolved: 'Resolved: ' }[n.kind]
  const status = groupStatus(n.alerts)
  const lead = status === 'resolved' && n.kind !== 'resolved' ? 'Resolved: ' : prefix
  if (n.alerts.length === 1) return `${lead}${alertSummary(n.alerts[0])}`
  const { firing, resolved } = countByStatus(n.alerts)
  const rules = [...new Set(n.alerts.map((a) => a.rule))].join(', ')
  const count = status === 'firing' ? `${firing} alerts firing` : `${resolved} alerts resolved`
  return `${lead}${count}: ${rules}`
}

function noticeBody(n: DeliveryIntent): string {
  const lines: string[] = []
  if (n.alerts.length === 1) {
    const a = n.alerts[0]
    const labels = labelText(a.labels, ['alertname', 'severity'])
    lines.push([a.rule, a.severity, labels].filter((s) => s !== '').join(' · '))
  } else {
    for (const a of n.alerts.slice(0, MAX_BODY_LINES)) lines.push(`${a.state === 'resolved' ? '✓' : '•'} ${alertSummary(a)}`)
    if (n.alerts.length > MAX_BODY_LINES) lines.push(`…and ${n.alerts.length - MAX_BODY_LINES} more`)
  }
  if (n.kind === 'acknowledged' && n.ack) lines.push(`Acknowledged by ${n.ack.by}${n.ack.comment ? `: ${n.ack.comment}` : ''}`)
  else if (n.kind === 'escalated' || n.kind === 'reminder') lines.push(n.reason)
  return lines.filter((l) => l !== '').join('\n')
}

/** The alerts view with the acknowledge form open on the first firing alert. */
function ackRoute(alerts: readonly AlertInstance[]): string {
  const first = alerts.find((a) => a.state === 'firing') ?? alerts[0]
  return `#/alerts?alert=${encodeURIComponent(first.id)}&ack=1`
}

/** Where a click on good news leads: the alert's `route` annotation ("#/…"), else its `view` annotation, else the alerts view opened on the (first) alert. */
function noticeRoute(alerts: readonly AlertInstance[]): string {
  for (const a of alerts) {
    const route = a.annotations.route?.trim()
    if (route?.startsWith('#/')) return route
    const view = a.annotations.view?.trim()
    if (view && VIEW_ID.test(view)) return `#/${view}`
  }
  return alerts.length > 0 ? `#/alerts?alert=${encodeURIComponent(alerts[0].id)}` : '#/alerts'
}
