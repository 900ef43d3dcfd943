// The alerting composition: rules are evaluated every evaluation_interval (data from the store and
// the KPI engine), their state changes go to the alert history, to chart annotations and to the
// routing engine; routing's notification intents go into the outbox, whose dispatcher delivers
// them. Routing is ticked every second or so. The routing state and every rule's active instances
// are saved after the intents are in the outbox, so a restart carries on where it stopped and a
// crash in between produces the same intents again (the outbox records each once).
// Clock and timers are injected: tests call evaluate(), tick() and runDeliveries() with stepped time.
import { randomUUID } from 'node:crypto'
import type {
  AlertHistoryEntry,
  AlertHistoryInput,
  AlertInstance,
  AlertNoiseMark,
  AlertQuality,
  AlertsEvent,
  AlertsView,
  NotificationLogItem,
  Silence,
  SilenceView
} from '@shared/alerts'
import type { AlertingConfig } from '@shared/config/alerting-schema'
import { BadRequestError, NotFoundError } from '../engine/errors'
import { mapBounded } from '../kpi/bounded'
import type { AlertHistoryQuery } from '../store/alert-store'
import type { AnnotationInput } from '../store/metric-store'
import { SerialQueue } from '../store/serial-queue'
import { alertAnnotations } from './alert-annotations'
import { alertQuality } from './alert-quality'
import type { AcknowledgeRequest, AcknowledgeResult, AlertServiceOptions, NoiseRequest, SilenceRequest } from './alert-service-types'
import { alertsEvent } from './alerts-event'
import { buildAlertsView } from './alerts-view'
import { Dispatcher } from './delivery/dispatcher'
import type { DispatchReport } from './delivery/dispatcher'
import { createReceivers } from './delivery/receivers/create-receiver'
import type { Receiver, ReceiverDeps } from './delivery/receiver'
import { routingEntries, transitionEntry } from './history-entries'
import type { HistoryContext } from './history-entries'
import { HistoryRecordingOutbox } from './history-outbox'
import { noiseRecord, noiseTarget } from './noise-mark'
import { RoutingEngine } from './routing'
import type { Notification, RouteSpec, RoutingConfig, RoutingResult } from './routing'
import { routingConfigFrom } from './routing-config'
import { storeRuleDataSource } from './rule-data-source'
import { evaluateRule, fetchRuleInput, ruleQueries } from './rules'
import type { AlertTransition, RuleDataSource, RuleHealth } from './rules'
import { isActiveInstance } from './saved-instances'
import { realTimers, ServiceLoops } from './service-loops'

export type { AcknowledgeRequest, AcknowledgeResult, AlertServiceOptions, AlertTimers, NoiseRequest, SilenceRequest } from './alert-service-types'

const DEFAULT_TICK_MS = 1000
const DAY_MS = 86_400_000
const DEFAULT_RETENTION_MS = 400 * DAY_MS
/** A notification the outbox refuses this many times in a row is dropped (logged) so it cannot block the rest. */
const MAX_ENQUEUE_TRIES = 10

export class AlertService {
  private config: AlertingConfig
  private externalUrl: string
  private routingConfig: RoutingConfig
  private routing: RoutingEngine
  private readonly instances = new Map<string, Map<string, AlertInstance>>()
  private readonly health = new Map<string, RuleHealth>()
  private readonly dispatcher: Dispatcher
  private readonly source: RuleDataSource
  private readonly loops: ServiceLoops
  private readonly lock = new SerialQueue()
  private readonly pendingWrites = new Set<Promise<unknown>>()
  /** Intents routing produced that are not in the outbox yet (the outbox failed): retried on every tick. */
  private backlog: Notification[] = []
  private backlogTries = 0
  private evaluating: Promise<void> | null = null
  private running = false
  private stopped = false
  private lastPrune = Number.NEGATIVE_INFINITY

  constructor(private readonly opts: AlertServiceOptions) {
    this.config = opts.config
    this.externalUrl = opts.externalUrl ?? ''
    this.routingConfig = routingConfigFrom(opts.config)
    this.routing = new RoutingEngine(this.routingConfig)
    this.source = storeRuleDataSource(opts.store, opts.kpi, opts.ruleData)
    this.loops = new ServiceLoops(opts.timers ?? realTimers, {
      evaluate: () => this.evaluate(),
      tick: () => {
        this.pruneIfDue()
        return this.tick()
      },
      evaluationIntervalMs: () => this.config.evaluation_interval,
      tickIntervalMs: opts.tickIntervalMs ?? DEFAULT_TICK_MS,
      now: opts.now,
      onError: (what, err) => opts.log(`alerting: ${what} failed: ${err.message}`)
    })
    this.dispatcher = new Dispatcher({
      outbox: new HistoryRecordingOutbox(opts.store.outbox, (entry) => this.recordDelivery(entry)),
      receivers: this.buildReceivers(opts.config),
      now: opts.now,
      random: opts.random,
      backoff: opts.backoff,
      log: opts.log
    })
  }

  /** Restores the saved state (routing, active instances); a state that cannot be read is reported and alerting starts empty. */
  async init(): Promise<void> {
    let saved: Awaited<ReturnType<AlertServiceOptions['store']['alerts']['loadState']>>
    try {
      saved = await this.opts.store.alerts.loadState()
    } catch (err) {
      this.opts.log(`alerting: the saved alert state cannot be read (${(err as Error).message}); starting with no active alerts`)
      return
    }
    if (saved.routing !== null) {
      try {
        this.routing = RoutingEngine.restore(this.routingConfig, saved.routing)
      } catch (err) {
        this.opts.log(`alerting: the saved routing state cannot be used (${(err as Error).message}); alert groups start afresh`)
      }
    }
    const rules = new Set(this.config.rules.map((r) => r.name))
    const ended: { rule: string; instances: AlertInstance[] }[] = []
    for (const [rule, list] of Object.entries(saved.instances)) {
      const active = list.filter((a) => isActiveInstance(a, rule))
      if (rules.has(rule)) this.instances.set(rule, new Map(active.map((a) => [a.id, a])))
      else ended.push({ rule, instances: active })
    }
    // Rules removed from the config while Vigil was stopped: their alerts end now.
    if (ended.length > 0) await this.lock.run(() => this.endRules(ended, this.opts.now(), 'rule no longer in the config'))
  }

  /** init(), then starts delivering (re-sending what the last run left unsent) and the evaluation and routing loops. */
  async start(): Promise<void> {
    if (this.running || this.stopped) throw new Error('the alert service is already started (or stopped); create a new one')
    await this.init()
    await this.dispatcher.start()
    this.running = true
    this.pruneIfDue()
    this.loops.start()
  }

  /** Stops the loops, writes what is pending, saves the state and stops delivering (running sends get a grace period). Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return
    this.running = false
    this.loops.stop()
    await this.evaluating?.catch(() => undefined)
    await this.lock.run(async () => {
      if (await this.flushBacklog()) await this.saveState(this.opts.now())
      this.stopped = true
    })
    await this.dispatcher.stop()
    await Promise.allSettled([...this.pendingWrites])
  }

  /** Evaluates every rule once at now() and applies the results (a call while one runs joins it). */
  evaluate(): Promise<void> {
    this.evaluating ??= this.evaluateNow().finally(() => {
      this.evaluating = null
    })
    return this.evaluating
  }

  /** Lets routing catch up with now(): flushes, escalations, reminders, expiries. */
  tick(): Promise<void> {
    return this.lock.run(async () => {
      if (this.stopped) return
      const now = this.opts.now()
      const result = this.routing.tick(now)
      const news = result.notifications.length > 0 || result.history.length > 0
      if (!news && this.backlog.length === 0) return
      await this.commit(result, [], now, false)
      if (news) this.announce('routing', now)
    })
  }

  /** Sends every notification due at now() and waits for the results (stepped tests; the background loop does this otherwise). */
  runDeliveries(): Promise<DispatchReport> {
    return this.dispatcher.runDue()
  }

  /** Vigil's own URL for links in messages; the config's alerting.external_url takes precedence. */
  setExternalUrl(url: string): void {
    this.externalUrl = url
    try {
      this.dispatcher.setReceivers(this.buildReceivers(this.config))
    } catch (err) {
      this.opts.log(`alerting: receivers keep the previous link URL: ${(err as Error).message}`)
    }
  }

  /** Takes a new `alerting:` section: rules, routes, receivers, inhibition and mute windows are replaced; alerts, groups, acknowledgements and silences are kept. */
  setConfig(next: AlertingConfig): Promise<void> {
    return this.lock.run(async () => {
      if (this.stopped) return
      const now = this.opts.now()
      try {
        const routingConfig = routingConfigFrom(next)
        this.routing.setConfig(routingConfig)
        this.routingConfig = routingConfig
      } catch (err) {
        this.opts.log(`alerting: the new routes were not applied (still using the previous ones): ${(err as Error).message}`)
      }
      try {
        this.dispatcher.setReceivers(this.buildReceivers(next))
      } catch (err) {
        this.opts.log(`alerting: the new receivers were not applied (still using the previous ones): ${(err as Error).message}`)
      }
      const kept = new Set(next.rules.map((r) => r.name))
      const ended = [...this.instances.keys()].filter((rule) => !kept.has(rule)).map((rule) => ({ rule, instances: [...(this.instances.get(rule)?.values() ?? [])] }))
      for (const rule of [...this.health.keys()]) if (!kept.has(rule)) this.health.delete(rule)
      this.config = next
      await this.endRules(ended, now, 'rule removed from the config')
      this.announce('config', now)
    })
  }

  /** Acknowledges an alert (all its groups) or a group: no more escalation or reminders until it resolves or the acknowledgement lapses. */
  acknowledge(req: AcknowledgeRequest): Promise<AcknowledgeResult> {
    return this.lock.run(async () => {
      this.checkRunning()
      const now = this.opts.now()
      const view = this.routing.state()
      const groups = view.groups.some((g) => g.key === req.id) ? [req.id] : (view.alerts.find((a) => a.alert.id === req.id)?.groups ?? [])
      if (groups.length === 0) {
        const pending = [...this.instances.values()].some((m) => m.get(req.id)?.state === 'pending')
        throw new NotFoundError(
          pending ? `alert "${req.id}" is pending, not firing: there is nothing to acknowledge yet` : `no firing alert or alert group "${req.id}" (it may have resolved)`
        )
      }
      if (req.expiresInMs != null && (!Number.isFinite(req.expiresInMs) || req.expiresInMs <= 0)) {
        throw new BadRequestError(`acknowledge "${req.id}": expiresInMs must be a positive number of milliseconds`)
      }
      let result: RoutingResult
      try {
        result = this.routing.acknowledge(req.id, req.by, req.comment ?? null, req.expiresInMs != null ? now + req.expiresInMs : undefined, now)
      } catch (err) {
        throw new BadRequestError((err as Error).message)
      }
      await this.commit(result, [], now, true)
      this.announce('acknowledged', now)
      const after = this.routing.state()
      const ack = after.groups.find((g) => g.key === groups[0])?.ack
      return { groups, ack: ack ?? { by: req.by, at: now, comment: req.comment ?? null, expiresAt: null } }
    })
  }

  /** Adds a silence (from now unless startsAt is given). */
  addSilence(req: SilenceRequest): Promise<Silence> {
    return this.lock.run(async () => {
      this.checkRunning()
      const now = this.opts.now()
      const silence: Silence = {
        id: randomUUID(),
        matchers: req.matchers.map((m) => ({ name: m.name, op: m.op, value: m.value })),
        startsAt: req.startsAt ?? now,
        endsAt: req.endsAt,
        createdBy: req.createdBy,
        comment: req.comment,
        createdAt: now
      }
      if (silence.endsAt <= now) throw new BadRequestError(`silence: endsAt (${new Date(silence.endsAt).toISOString()}) must be in the future`)
      let result: RoutingResult
      try {
        result = this.routing.addSilence(silence, now)
      } catch (err) {
        throw new BadRequestError((err as Error).message)
      }
      await this.commit(result, [], now, true)
      this.announce('silence', now)
      return silence
    })
  }

  /** Ends a silence now. */
  expireSilence(id: string): Promise<SilenceView> {
    return this.lock.run(async () => {
      this.checkRunning()
      const now = this.opts.now()
      if (!this.routing.state().silences.some((s) => s.id === id)) throw new NotFoundError(`no silence "${id}"`)
      const result = this.routing.expireSilence(id, now)
      await this.commit(result, [], now, true)
      this.announce('silence', now)
      const s = this.listSilences().find((x) => x.id === id)
      if (!s) throw new NotFoundError(`silence "${id}" is gone`)
      return s
    })
  }

  /** Every silence routing keeps (expired ones for 5 days), newest first. */
  listSilences(): SilenceView[] {
    const now = this.opts.now()
    return this.routing
      .state()
      .silences.map((s) => ({ ...s, active: s.startsAt <= now && now < s.endsAt }))
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1))
  }

  /** The active alerts with their routing status, the groups and the rules' health. */
  async listAlerts(): Promise<AlertsView> {
    const now = this.opts.now()
    const episodes: [string, number][] = []
    for (const m of this.instances.values()) for (const a of m.values()) if (a.state === 'firing' && a.firedAt !== null) episodes.push([a.id, a.firedAt])
    const marks = await this.opts.store.alerts.noiseMarks(episodes).catch((err: Error) => {
      this.opts.log(`alerting: cannot read noise marks: ${err.message}`)
      return []
    })
    return buildAlertsView({
      now,
      enabled: true,
      config: this.config,
      instances: this.instances,
      health: this.health,
      routing: this.routing.state(),
      routes: this.routingConfig.routes,
      marks
    })
  }

  /** The alert history, newest first. */
  history(query: AlertHistoryQuery): Promise<AlertHistoryEntry[]> {
    return this.opts.store.alerts.history(query)
  }

  /** The notification log (one entry per notification and receiver, with its delivery state), newest first. */
  async notifications(query: { limit?: number; receiver?: string }): Promise<NotificationLogItem[]> {
    return (await this.dispatcher.notificationLog(query)).map((e) => ({ ...e }))
  }

  /** Marks (or unmarks) one firing episode of an alert as noise. */
  async markNoise(req: NoiseRequest): Promise<AlertNoiseMark> {
    this.checkRunning()
    const active = [...this.instances.values()].map((m) => m.get(req.id)).find((a) => a !== undefined)
    const target = await noiseTarget(req, active, this.opts.store.alerts)
    const now = this.opts.now()
    const { mark, entry } = noiseRecord(req, target, now)
    await this.opts.store.alerts.markNoise(mark, entry)
    this.announce('noise', now)
    return mark
  }

  /** False-positive rate per rule over [from, to). */
  async quality(from: number, to: number): Promise<AlertQuality> {
    return alertQuality(from, to, await this.opts.store.alerts.firingCounts(from, to), this.config.rules)
  }

  private async evaluateNow(): Promise<void> {
    const now = this.opts.now()
    const rules = this.config.rules
    const hooks = this.opts.hooks
    const inputs = await mapBounded(rules, this.opts.concurrency ?? 4, (rule) => fetchRuleInput(ruleQueries(rule, now, hooks), this.source, now))
    await this.lock.run(async () => {
      if (this.stopped) return
      const current = new Set(this.config.rules.map((r) => r.name))
      const transitions: AlertTransition[] = []
      const changes: AlertInstance[] = []
      rules.forEach((rule, i) => {
        // A reload while the data was read may have removed the rule (its alerts ended then).
        if (!current.has(rule.name)) return
        const result = evaluateRule(rule, this.instances.get(rule.name) ?? new Map(), inputs[i], now, hooks)
        this.instances.set(rule.name, result.instances)
        this.health.set(rule.name, result.health)
        transitions.push(...result.transitions)
        const changed = new Set(result.transitions.map((t) => t.id))
        changes.push(...result.transitions.map((t) => t.instance))
        // Firing alerts' values and annotations follow every evaluation (routing shows and sends the latest).
        for (const a of result.instances.values()) if (a.state === 'firing' && !changed.has(a.id)) changes.push(a)
      })
      let result: RoutingResult = { notifications: [], history: [] }
      try {
        result = this.routing.update(changes, now)
      } catch (err) {
        this.opts.log(`alerting: routing refused the evaluation's alerts: ${(err as Error).message}`)
      }
      await this.commit(result, transitions.map(transitionEntry), now, true)
      this.writeAnnotations(alertAnnotations(transitions))
      const active = [...this.instances.values()].some((m) => m.size > 0)
      if (transitions.length > 0 || result.notifications.length > 0 || result.history.length > 0 || active) this.announce('evaluation', now)
    })
  }

  /** Ends the alerts of rules that are gone (firing ones resolve, pending ones lapse). Runs inside the lock. */
  private async endRules(ended: readonly { rule: string; instances: AlertInstance[] }[], now: number, why: string): Promise<void> {
    const transitions: AlertTransition[] = []
    for (const { rule, instances } of ended) {
      this.instances.delete(rule)
      for (const a of instances) {
        const end: AlertInstance = a.state === 'firing' ? { ...a, state: 'resolved', resolvedAt: now, lastEvalAt: now } : { ...a, state: 'inactive', lastEvalAt: now }
        transitions.push({ id: a.id, rule, from: a.state, to: end.state, at: now, instance: end })
      }
    }
    let result: RoutingResult = { notifications: [], history: [] }
    try {
      result = this.routing.update(
        transitions.map((t) => t.instance),
        now
      )
    } catch (err) {
      this.opts.log(`alerting: routing refused the ended alerts: ${(err as Error).message}`)
    }
    const history = transitions.map((t) => ({ ...transitionEntry(t), detail: `${transitionEntry(t).detail}; ${why}` }))
    await this.commit(result, history, now, true)
    this.writeAnnotations(alertAnnotations(transitions))
  }

  /** Records history, puts the intents into the outbox, then saves the state. Runs inside the lock. */
  private async commit(result: RoutingResult, extra: readonly AlertHistoryInput[], now: number, saveAlways: boolean): Promise<void> {
    const entries = [...extra, ...routingEntries(result.history, this.historyContext())]
    try {
      await this.opts.store.alerts.appendHistory(entries)
    } catch (err) {
      this.opts.log(`alerting: ${entries.length} alert history entries were not recorded: ${(err as Error).message}`)
    }
    this.backlog.push(...result.notifications)
    const inOutbox = await this.flushBacklog()
    // Saved only once every intent is in the outbox: after a crash, restored routing produces the missing ones again.
    if (inOutbox && (saveAlways || result.notifications.length > 0 || result.history.length > 0)) await this.saveState(now)
  }

  /** Enqueues the backlog in order; false when the outbox refused one (it is tried again later). */
  private async flushBacklog(): Promise<boolean> {
    while (this.backlog.length > 0) {
      const n = this.backlog[0]
      try {
        await this.dispatcher.enqueue(n)
      } catch (err) {
        this.backlogTries++
        const message = (err as Error).message
        if (this.backlogTries < MAX_ENQUEUE_TRIES) {
          this.opts.log(`alerting: notification ${n.id} to "${n.receiver}" could not be recorded (will retry): ${message}`)
          return false
        }
        this.opts.log(`alerting: notification ${n.id} to "${n.receiver}" dropped after ${MAX_ENQUEUE_TRIES} failed attempts to record it: ${message}`)
      }
      this.backlog.shift()
      this.backlogTries = 0
    }
    return true
  }

  private async saveState(now: number): Promise<void> {
    const instances: Record<string, AlertInstance[]> = {}
    for (const [rule, m] of this.instances) instances[rule] = [...m.values()]
    try {
      await this.opts.store.alerts.saveState({ routing: this.routing.serialize(), instances }, now)
    } catch (err) {
      this.opts.log(`alerting: the alert state was not saved: ${(err as Error).message}`)
    }
  }

  private historyContext(): HistoryContext {
    let groups: Map<string, Record<string, string>> | null = null
    return {
      alert: (id) => {
        for (const m of this.instances.values()) {
          const a = m.get(id)
          if (a) return a
        }
        return this.routing.state().alerts.find((a) => a.alert.id === id)?.alert
      },
      groupLabels: (key) => {
        groups ??= new Map(this.routing.state().groups.map((g) => [g.key, g.labels]))
        return groups.get(key)
      }
    }
  }

  private recordDelivery(entry: AlertHistoryInput): void {
    const write = this.opts.store.alerts
      .appendHistory([entry])
      .catch((err: Error) => this.opts.log(`alerting: delivery result not recorded in the history: ${err.message}`))
      .then(() => this.announce('delivery', entry.at))
    this.pendingWrites.add(write)
    void write.finally(() => this.pendingWrites.delete(write))
  }

  private writeAnnotations(inputs: readonly AnnotationInput[]): void {
    for (const input of inputs) {
      const write = this.opts
        .annotate(input)
        .catch((err: Error) => this.opts.log(`alerting: alert marker "${input.title}" not stored: ${err.message}`))
      this.pendingWrites.add(write)
      void write.finally(() => this.pendingWrites.delete(write))
    }
  }

  private announce(reason: AlertsEvent['reason'], at: number): void {
    this.opts.bus.emit('alerts', alertsEvent(reason, at, this.instances.values(), () => this.routing.state()))
  }

  private buildReceivers(config: AlertingConfig): Map<string, Receiver> {
    const deps: ReceiverDeps = { bus: this.opts.bus, expandSecrets: this.opts.expandSecrets, externalUrl: config.external_url ?? this.externalUrl }
    return createReceivers(config.receivers, deps)
  }

  private checkRunning(): void {
    if (this.stopped) throw new Error('alerting is stopped')
  }

  private pruneIfDue(): void {
    const now = this.opts.now()
    if (now - this.lastPrune < DAY_MS) return
    this.lastPrune = now
    const cutoff = now - (this.opts.historyRetentionMs ?? DEFAULT_RETENTION_MS)
    const write = this.opts.store.alerts.prune(cutoff).catch((err: Error) => this.opts.log(`alerting: old alert history not pruned: ${err.message}`))
    this.pendingWrites.add(write)
    void write.finally(() => this.pendingWrites.delete(write))
  }

  /** Route specs in use (for views and tests). */
  routes(): readonly RouteSpec[] {
    return this.routingConfig.routes
  }
}
