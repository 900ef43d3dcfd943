// The e-mail for a notification: Alertmanager-style subject, a plain-text body and an HTML body
// with the same content (firing alerts first, then resolved ones). All user text is escaped in HTML.
import type { AlertInstance } from '@shared/alerts'
import { alertStatus, alertSummary, countByStatus, groupSeverity, labelText, rfc3339, startedAt, subject } from '../group-text'
import type { DeliveryIntent } from '../intent'
import { alertLink } from '../receiver'

export interface EmailBody {
  subject: string
  text: string
  html: string
}

/** Alerts listed per section; the rest are counted. */
const MAX_LISTED = 100

/** Builds subject, text and HTML for one notification. */
export function emailBody(n: DeliveryIntent, receiver: string, externalUrl: string): EmailBody {
  const title = subject(n)
  const { firing, resolved } = countByStatus(n.alerts)
  const overview = `${firing} firing, ${resolved} resolved · severity ${groupSeverity(n.alerts)} · ${kindText(n)}`
  const ack = n.kind === 'acknowledged' && n.ack ? `Acknowledged by ${n.ack.by}${n.ack.comment ? `: ${n.ack.comment}` : ''}` : ''
  const sections = [
    { name: 'Firing', alerts: n.alerts.filter((a) => alertStatus(a) === 'firing') },
    { name: 'Resolved', alerts: n.alerts.filter((a) => alertStatus(a) === 'resolved') }
  ].filter((s) => s.alerts.length > 0)
  const footer = `Sent by Vigil to receiver "${receiver}" for group ${n.groupKey}.`

  const text: string[] = [title, '', overview]
  if (n.reason) text.push(`Reason: ${n.reason}`)
  if (ack) text.push(ack)
  for (const s of sections) {
    text.push('', `${s.name}:`)
    for (const a of s.alerts.slice(0, MAX_LISTED)) text.push(...alertText(a, externalUrl))
    if (s.alerts.length > MAX_LISTED) text.push(`- …and ${s.alerts.length - MAX_LISTED} more`)
  }
  text.push('', '-- ', footer)

  const html: string[] = [
    '<!doctype html><html><body style="font-family:sans-serif;color:#111">',
    `<h2 style="margin:0 0 8px">${esc(title)}</h2>`,
    `<p style="margin:0 0 4px">${esc(overview)}</p>`
  ]
  if (n.reason) html.push(`<p style="margin:0 0 4px">Reason: ${esc(n.reason)}</p>`)
  if (ack) html.push(`<p style="margin:0 0 4px">${esc(ack)}</p>`)
  for (const s of sections) {
    html.push(`<h3 style="margin:16px 0 4px">${esc(s.name)}</h3>`, '<table cellpadding="4" style="border-collapse:collapse">')
    html.push('<tr><th align="left">Alert</th><th align="left">Labels</th><th align="left">Since</th><th align="left">Value</th></tr>')
    for (const a of s.alerts.slice(0, MAX_LISTED)) html.push(alertRow(a, externalUrl))
    html.push('</table>')
    if (s.alerts.length > MAX_LISTED) html.push(`<p>…and ${s.alerts.length - MAX_LISTED} more</p>`)
  }
  html.push(`<p style="margin-top:16px;color:#555;font-size:12px">${esc(footer)}</p>`, '</body></html>')
  return { subject: title, text: text.join('\n'), html: html.join('\n') }
}

function kindText(n: DeliveryIntent): string {
  switch (n.kind) {
    case 'escalated':
      return `escalated to level ${n.level}`
    case 'reminder':
      return 'reminder: still firing'
    default:
      return n.kind
  }
}

function alertText(a: AlertInstance, externalUrl: string): string[] {
  const lines = [`- ${alertSummary(a)}`, `  Labels: ${labelText(a.labels)}`, `  Since: ${rfc3339(startedAt(a) ?? a.lastEvalAt)}`]
  if (a.value !== null) lines.push(`  Value: ${a.value}`)
  if (alertStatus(a) === 'resolved' && a.resolvedAt !== null) lines.push(`  Resolved: ${rfc3339(a.resolvedAt)}`)
  const link = alertLink(externalUrl, a.id)
  if (link) lines.push(`  Link: ${link}`)
  return lines
}

function alertRow(a: AlertInstance, externalUrl: string): string {
  const link = alertLink(externalUrl, a.id)
  const summary = link ? `<a href="${esc(link)}">${esc(alertSummary(a))}</a>` : esc(alertSummary(a))
  const cells = [summary, esc(labelText(a.labels)), esc(rfc3339(startedAt(a) ?? a.lastEvalAt)), a.value === null ? '' : esc(String(a.value))]
  return `<tr>${cells.map((c) => `<td style="border-top:1px solid #ddd">${c}</td>`).join('')}</tr>`
}

/** Escapes text for HTML element content and attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}
