// What the delivery layer is asked to send: one notification intent for one receiver about one
// alert group. The routing engine's `Notification` fits this shape; the delivery layer needs only
// these fields, so it does not depend on the routing folder.
import type { Acknowledgement, AlertInstance } from '@shared/alerts'
import type { Labels } from '@shared/types'

export const DELIVERY_KINDS = ['firing', 'resolved', 'escalated', 'reminder', 'acknowledged'] as const
export type DeliveryKind = (typeof DELIVERY_KINDS)[number]

export interface DeliveryIntent {
  /** Unique per intent (the same intent produced again has the same id): the outbox's dedup key. */
  id: string
  /** Stable per group + receiver + episode: trigger, reminders, acknowledge and resolve share it (PagerDuty's dedup_key). */
  dedupKey: string
  receiver: string
  groupKey: string
  /** The route that produced it (shown in messages). */
  route?: string
  /** The group_by label values of the group. */
  groupLabels: Labels
  /** Escalation level (0 = first). */
  level: number
  kind: DeliveryKind
  /** Alerts as of this notification (firing ones, plus the resolved ones being reported). */
  alerts: AlertInstance[]
  /** Why it is sent, e.g. "escalation level 1 after 15m". */
  reason: string
  /** When it was produced (epoch ms). */
  at: number
  /** The acknowledgement, for kind "acknowledged". */
  ack?: Acknowledgement | null
}

const SEVERITIES = ['critical', 'warning', 'info']
const STATES = ['inactive', 'pending', 'firing', 'resolved']
/** Most alerts one notification may carry. */
export const MAX_INTENT_ALERTS = 10_000

/** Checks an intent (from routing, or read back from the outbox); returns it or throws naming the field. */
export function checkIntent(value: unknown, where = 'notification'): DeliveryIntent {
  if (!isObject(value)) throw new Error(`${where} must be an object, got ${describe(value)}`)
  const n = value as Record<string, unknown>
  const receiver = n.receiver
  const at = typeof receiver === 'string' && receiver !== '' ? `${where} for receiver "${receiver}"` : where
  for (const key of ['id', 'dedupKey', 'receiver', 'groupKey'] as const) {
    if (typeof n[key] !== 'string' || n[key] === '') throw new Error(`${at}: ${key} must be a non-empty string, got ${describe(n[key])}`)
  }
  if (n.route !== undefined && typeof n.route !== 'string') throw new Error(`${at}: route must be a string, got ${describe(n.route)}`)
  checkStringRecord(n.groupLabels, `${at}: groupLabels`)
  if (!Number.isInteger(n.level) || (n.level as number) < 0) throw new Error(`${at}: level must be a whole number ≥ 0, got ${describe(n.level)}`)
  if (!(DELIVERY_KINDS as readonly unknown[]).includes(n.kind)) {
    throw new Error(`${at}: kind ${describe(n.kind)} is not one of ${DELIVERY_KINDS.join(', ')}`)
  }
  if (typeof n.reason !== 'string') throw new Error(`${at}: reason must be a string, got ${describe(n.reason)}`)
  if (!isTime(n.at)) throw new Error(`${at}: at must be epoch milliseconds, got ${describe(n.at)}`)
  if (!Array.isArray(n.alerts) || n.alerts.length === 0) throw new Error(`${at}: alerts must be a non-empty list`)
  if (n.alerts.length > MAX_INTENT_ALERTS) throw new Error(`${at}: ${n.alerts.length} alerts, at most ${MAX_INTENT_ALERTS} allowed`)
  n.alerts.forEach((a, i) => checkAlert(a, `${at}: alerts[${i}]`))
  if (n.ack !== undefined && n.ack !== null) {
    if (!isObject(n.ack) || typeof (n.ack as Record<string, unknown>).by !== 'string' || !isTime((n.ack as Record<string, unknown>).at)) {
      throw new Error(`${at}: ack must be { by, at, comment, expiresAt } or null`)
    }
  }
  return value as unknown as DeliveryIntent
}

function checkAlert(value: unknown, where: string): void {
  if (!isObject(value)) throw new Error(`${where} must be an alert object, got ${describe(value)}`)
  const a = value as Record<string, unknown>
  if (typeof a.id !== 'string' || a.id === '') throw new Error(`${where}.id must be a non-empty string, got ${describe(a.id)}`)
  if (typeof a.rule !== 'string' || a.rule === '') throw new Error(`${where}.rule must be a non-empty string, got ${describe(a.rule)}`)
  if (!SEVERITIES.includes(a.severity as string)) throw new Error(`${where}.severity is ${describe(a.severity)}, expected ${SEVERITIES.join(', ')}`)
  if (!STATES.includes(a.state as string)) throw new Error(`${where}.state is ${describe(a.state)}, expected ${STATES.join(', ')}`)
  checkStringRecord(a.labels, `${where}.labels`)
  checkStringRecord(a.annotations, `${where}.annotations`)
  if (a.value !== null && (typeof a.value !== 'number' || Number.isNaN(a.value))) throw new Error(`${where}.value must be a number or null, got ${describe(a.value)}`)
  for (const key of ['activeAt', 'firedAt', 'resolvedAt'] as const) {
    if (a[key] !== null && a[key] !== undefined && !isTime(a[key])) throw new Error(`${where}.${key} must be epoch milliseconds or null, got ${describe(a[key])}`)
  }
}

function checkStringRecord(value: unknown, where: string): void {
  if (!isObject(value)) throw new Error(`${where} must be an object of strings, got ${describe(value)}`)
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new Error(`${where}["${key}"] is ${describe(v)}, expected a string`)
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)
  if (typeof value === 'number') return String(value)
  return typeof value
}
