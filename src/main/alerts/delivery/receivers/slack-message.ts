// The Slack incoming-webhook message: Block Kit (header, a section with the alert lines and fields,
// a context line) plus a plain `text` fallback for notifications and old clients. Texts are
// cut to Block Kit's limits; user text is escaped for mrkdwn.
import { alertStatus, alertSummary, clip, commonLabels, countByStatus, groupSeverity, groupStatus, sortedNames, subject } from '../group-text'
import type { DeliveryIntent } from '../intent'
import { alertLink } from '../receiver'

export interface SlackText {
  type: 'plain_text' | 'mrkdwn'
  text: string
  emoji?: boolean
}

export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text?: SlackText; fields?: SlackText[] }
  | { type: 'context'; elements: SlackText[] }

export interface SlackMessage {
  text: string
  blocks: SlackBlock[]
}

// Block Kit limits.
const HEADER_MAX = 150
const SECTION_TEXT_MAX = 3000
const FIELD_MAX = 2000
const MAX_FIELDS = 10
const MAX_ALERT_LINES = 10

/** Builds the message for one notification. */
export function slackMessage(n: DeliveryIntent, externalUrl: string): SlackMessage {
  const title = subject(n)
  const status = groupStatus(n.alerts)
  const { firing, resolved } = countByStatus(n.alerts)
  const lines = n.alerts.slice(0, MAX_ALERT_LINES).map((a) => {
    const mark = alertStatus(a) === 'resolved' ? ':white_check_mark:' : ':rotating_light:'
    const link = alertLink(externalUrl, a.id)
    const text = escapeMrkdwn(alertSummary(a))
    return `${mark} ${link ? `<${link}|${text}>` : text}`
  })
  if (n.alerts.length > MAX_ALERT_LINES) lines.push(`…and ${n.alerts.length - MAX_ALERT_LINES} more`)

  const fields: SlackText[] = [
    field('Status', status === 'firing' ? `firing (${firing})` : 'resolved'),
    field('Severity', groupSeverity(n.alerts)),
    field('Alerts', `${firing} firing, ${resolved} resolved`),
    field('Notification', n.kind === 'escalated' ? `escalated (level ${n.level})` : n.kind)
  ]
  const common = commonLabels(n.alerts)
  for (const name of sortedNames(common)) {
    if (fields.length >= MAX_FIELDS || name === 'severity') continue
    fields.push(field(name, common[name]))
  }

  const context = [`Vigil`, n.route ? `route ${n.route}` : '', n.reason].filter((s) => s !== '').map(escapeMrkdwn)
  if (n.kind === 'acknowledged' && n.ack) context.push(escapeMrkdwn(`acknowledged by ${n.ack.by}${n.ack.comment ? `: ${n.ack.comment}` : ''}`))
  return {
    text: title,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(title, HEADER_MAX), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: clip(lines.join('\n'), SECTION_TEXT_MAX) }, fields },
      { type: 'context', elements: [{ type: 'mrkdwn', text: clip(context.join(' · '), SECTION_TEXT_MAX) }] }
    ]
  }
}

function field(name: string, value: string): SlackText {
  return { type: 'mrkdwn', text: clip(`*${escapeMrkdwn(name)}*\n${escapeMrkdwn(value)}`, FIELD_MAX) }
}

/** Slack's three control characters in mrkdwn. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
