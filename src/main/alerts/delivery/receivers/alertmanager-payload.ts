// The body of a webhook notification: Alertmanager's webhook payload, version 4, so receivers
// written for Alertmanager (incident bots, chat bridges, ticketing hooks) accept it unchanged.
import { createHash } from 'node:crypto'
import type { AlertInstance } from '@shared/alerts'
import type { Labels } from '@shared/types'
import { alertStatus, commonAnnotations, commonLabels, groupStatus, rfc3339, startedAt } from '../group-text'
import type { GroupStatus } from '../group-text'
import type { DeliveryIntent } from '../intent'
import { alertLink } from '../receiver'

export interface AlertmanagerAlert {
  status: GroupStatus
  labels: Labels
  annotations: Record<string, string>
  startsAt: string
  /** "0001-01-01T00:00:00Z" while not resolved. */
  endsAt: string
  generatorURL: string
  fingerprint: string
}

export interface AlertmanagerWebhookPayload {
  version: '4'
  groupKey: string
  truncatedAlerts: number
  status: GroupStatus
  receiver: string
  groupLabels: Labels
  commonLabels: Labels
  commonAnnotations: Record<string, string>
  externalURL: string
  alerts: AlertmanagerAlert[]
}

/** The version-4 payload for a notification; `maxAlerts` > 0 keeps that many alerts and counts the rest in truncatedAlerts. */
export function alertmanagerPayload(n: DeliveryIntent, receiver: string, externalUrl: string, maxAlerts = 0): AlertmanagerWebhookPayload {
  const kept = maxAlerts > 0 ? n.alerts.slice(0, maxAlerts) : n.alerts
  return {
    version: '4',
    groupKey: n.groupKey,
    truncatedAlerts: n.alerts.length - kept.length,
    status: groupStatus(n.alerts),
    receiver,
    groupLabels: { ...n.groupLabels },
    commonLabels: commonLabels(n.alerts),
    commonAnnotations: commonAnnotations(n.alerts),
    externalURL: externalUrl,
    alerts: kept.map((a) => alertmanagerAlert(a, externalUrl))
  }
}

function alertmanagerAlert(a: AlertInstance, externalUrl: string): AlertmanagerAlert {
  const status = alertStatus(a)
  return {
    status,
    labels: { ...a.labels },
    annotations: { ...a.annotations },
    startsAt: rfc3339(startedAt(a) ?? a.lastEvalAt),
    endsAt: status === 'resolved' ? rfc3339(a.resolvedAt ?? a.lastEvalAt) : rfc3339(null),
    generatorURL: alertLink(externalUrl, a.id),
    fingerprint: fingerprint(a.labels)
  }
}

/** 16 hex digits identifying a label set (as Alertmanager's fingerprint does): the same labels, the same fingerprint. */
export function fingerprint(labels: Labels): string {
  const hash = createHash('sha256')
  for (const name of Object.keys(labels).sort()) hash.update(name).update('\u0000').update(labels[name]).update('\u0000')
  return hash.digest('hex').slice(0, 16)
}
