// What the alert service is given and what its operator actions take and return.
import type { Acknowledgement, SilenceMatcher } from '@shared/alerts'
import type { AlertingConfig } from '@shared/config/alerting-schema'
import type { EventBus } from '../engine/event-bus'
import type { AnnotationInput, MetricStore } from '../store/metric-store'
import type { BackoffPolicy } from './delivery/backoff'
import type { ExpandSecrets } from './delivery/redactor'
import type { AnalyticsRuleData, KpiLookup } from './rule-data-source'
import type { RuleHooks } from './rules'

/** Timers the service schedules its loops with (injected by tests; the default ones do not keep the process alive). */
export interface AlertTimers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface AlertServiceOptions {
  config: AlertingConfig
  store: Pick<MetricStore, 'samples' | 'latest' | 'outbox' | 'alerts'>
  /** The current value of a KPI (kpi rules). */
  kpi: KpiLookup
  /** `alerts` events go here; desktop receivers emit `notification` events on it. */
  bus: Pick<EventBus, 'emit'>
  /** Stores an alert marker annotation (and announces it). */
  annotate(input: AnnotationInput): Promise<unknown>
  now(): number
  log(message: string): void
  expandSecrets: ExpandSecrets
  /** Vigil's own URL for links in messages ('' = no links). */
  externalUrl?: string
  hooks?: RuleHooks
  /** Data the hooks' rules read (bucketed ranges, KPI trends, drift); from the analytics engine. */
  ruleData?: AnalyticsRuleData
  /** How often routing is ticked (default 1 s). */
  tickIntervalMs?: number
  /** Delivery retry policy (default: 5 s doubling up to 10 min). */
  backoff?: BackoffPolicy
  /** [0, 1) for the retry jitter (tests fix it). */
  random?: () => number
  timers?: AlertTimers
  /** How long alert history and noise marks are kept (default 400 days: a year of alert quality). */
  historyRetentionMs?: number
  /** Rules whose data is read at once (default 4). */
  concurrency?: number
}

export interface AcknowledgeRequest {
  /** An alert id (acknowledges every group holding it) or a group key. */
  id: string
  by: string
  comment?: string | null
  /** The acknowledgement lapses after this long (default: the route's ack_timeout, else until resolved). */
  expiresInMs?: number | null
}

export interface AcknowledgeResult {
  groups: string[]
  ack: Acknowledgement
}

export interface SilenceRequest {
  matchers: SilenceMatcher[]
  startsAt?: number
  endsAt: number
  createdBy: string
  comment: string
}

export interface NoiseRequest {
  id: string
  noise: boolean
  by: string
  /** The episode (its firedAt); default: the current one, else the latest. */
  episode?: number
}

