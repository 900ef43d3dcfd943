// Test helper: alert instances and notification intents with sensible defaults.
import type { AlertInstance } from '@shared/alerts'
import type { DeliveryIntent } from '../intent'

export const T0 = Date.UTC(2025, 5, 1, 12, 0, 0)

/** A firing HighLatency alert for service `service` (value 312). */
export function alert(over: Partial<AlertInstance> = {}, service = 'checkout'): AlertInstance {
  return {
    id: `HighLatency-${service}`,
    rule: 'HighLatency',
    severity: 'critical',
    state: 'firing',
    labels: { alertname: 'HighLatency', severity: 'critical', service, team: 'platform' },
    annotations: { summary: `${service} latency 312 ms` },
    value: 312,
    activeAt: T0 - 180_000,
    firedAt: T0 - 60_000,
    resolvedAt: null,
    lastEvalAt: T0,
    keepFiringSince: null,
    ...over
  }
}

/** A firing notification of the HighLatency group to `receiver`. */
export function intent(receiver: string, over: Partial<DeliveryIntent> = {}): DeliveryIntent {
  return {
    id: `vigil-episode1-${receiver}-0`,
    dedupKey: `vigil-episode1-${receiver}`,
    receiver,
    groupKey: 'critical{alertname="HighLatency"}',
    route: 'critical',
    groupLabels: { alertname: 'HighLatency' },
    level: 0,
    kind: 'firing',
    alerts: [alert()],
    reason: 'new alert group',
    at: T0,
    ack: null,
    ...over
  }
}

/** The alert as resolved at `at`. */
export function resolved(a: AlertInstance, at: number): AlertInstance {
  return { ...a, state: 'resolved', resolvedAt: at, lastEvalAt: at }
}
