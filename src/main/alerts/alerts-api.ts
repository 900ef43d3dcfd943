// The alerting part of the API. While alerting runs, requests go to the alert service; without
// it (a read-only engine reviewing an archive) the history, the notification log and alert quality
// are still read from the store, and changes are refused.
import type { AlertsView, NotificationLogItem } from '@shared/alerts'
import type { VigilApi } from '@shared/api'
import type { VigilConfig } from '@shared/config/schema'
import { ReadOnlyError } from '../engine/errors'
import type { MetricStore } from '../store/metric-store'
import { alertQuality } from './alert-quality'
import type { AlertService } from './alert-service'

export type AlertsApi = Pick<
  VigilApi,
  'listAlerts' | 'getAlertHistory' | 'acknowledgeAlert' | 'listSilences' | 'addSilence' | 'expireSilence' | 'listNotifications' | 'markAlertNoise' | 'getAlertQuality'
>

export interface AlertsApiDeps {
  /** The running alert service, or null when alerting does not run. */
  service(): AlertService | null
  store: Pick<MetricStore, 'alerts' | 'outbox'>
  config(): VigilConfig
  now(): number
  readOnly: boolean
}

/** Builds the alerting requests. */
export function createAlertsApi(deps: AlertsApiDeps): AlertsApi {
  const running = (what: string): AlertService => {
    const service = deps.service()
    if (service) return service
    if (deps.readOnly) throw new ReadOnlyError(`this Vigil is read-only (archive review mode): ${what} is not possible`)
    throw new Error(`alerting is not running: ${what} is not possible`)
  }
  return {
    async listAlerts() {
      const service = deps.service()
      return service ? service.listAlerts() : disabledView(deps.config(), deps.now())
    },
    async getAlertHistory({ from, to, limit, alertId }) {
      return deps.store.alerts.history({ from, to, limit, alertId })
    },
    async acknowledgeAlert({ id, by, comment, expiresInMs }) {
      return running('acknowledging an alert').acknowledge({ id, by, comment, expiresInMs })
    },
    async listSilences() {
      return deps.service()?.listSilences() ?? []
    },
    async addSilence({ matchers, startsAt, endsAt, createdBy, comment }) {
      return running('adding a silence').addSilence({ matchers: matchers.map((m) => ({ name: m.name, op: m.op ?? '=', value: m.value })), startsAt, endsAt, createdBy, comment })
    },
    async expireSilence({ id }) {
      return running('expiring a silence').expireSilence(id)
    },
    async listNotifications({ limit, receiver }) {
      const service = deps.service()
      if (service) return service.notifications({ limit, receiver })
      return (await deps.store.outbox.list({ limit, receiver })).map(
        (e): NotificationLogItem => ({
          id: e.id,
          notificationKey: e.dedupKey,
          receiver: e.receiver,
          receiverKind: null,
          groupKey: e.groupKey,
          kind: e.kind as NotificationLogItem['kind'],
          level: e.level,
          summary: e.summary,
          state: e.state,
          attempts: e.attempts,
          lastError: e.lastError,
          createdAt: e.created,
          updatedAt: e.updated,
          nextAttemptAt: e.state === 'pending' ? e.nextAttemptAt : null,
          deliveredAt: e.deliveredAt
        })
      )
    },
    async markAlertNoise({ id, noise, by, episode }) {
      return running('marking an alert as noise').markNoise({ id, noise, by, episode })
    },
    async getAlertQuality({ from, to }) {
      const service = deps.service()
      if (service) return service.quality(from, to)
      return alertQuality(from, to, await deps.store.alerts.firingCounts(from, to), deps.config().alerting.rules)
    }
  }
}

/** The view when alerting does not run: no active alerts; every rule listed as not evaluated. */
function disabledView(config: VigilConfig, now: number): AlertsView {
  return {
    now,
    enabled: false,
    evaluationIntervalMs: config.alerting.evaluation_interval,
    alerts: [],
    groups: [],
    rules: config.alerting.rules.map((r) => ({
      rule: r.name,
      kind: r.kind,
      severity: r.severity,
      state: 'unknown',
      error: null,
      evaluatedAt: null,
      firing: 0,
      pending: 0
    })),
    activeSilences: 0
  }
}
