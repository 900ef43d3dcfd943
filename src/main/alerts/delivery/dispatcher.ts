// The dispatcher: records each notification intent in the outbox, then claims due rows and sends
// them through their receivers with bounded concurrency (overall and per receiver, so one slow or
// failing receiver never holds up the others). A failed send is retried with exponential backoff
// and jitter, or recorded as failed when the receiver rejected it for good. At start-up, rows a
// stopped process left in `sending` are sent again with the same dedup key (at-least-once;
// receivers deduplicate on the key, so the result is exactly-once by dedup key).
import type { NotificationOutbox, OutboxRow } from '../../store/outbox'
import { checkBackoff, DEFAULT_BACKOFF, retryDelay } from './backoff'
import type { BackoffPolicy } from './backoff'
import { DeliveryError, toDeliveryError } from './delivery-error'
import { alertStatus, subject } from './group-text'
import { checkIntent } from './intent'
import type { DeliveryIntent } from './intent'
import { toLogEntry } from './notification-log'
import type { NotificationLogEntry, NotificationLogQuery } from './notification-log'
import type { Receiver } from './receiver'

export interface DispatcherOptions {
  outbox: NotificationOutbox
  receivers: ReadonlyMap<string, Receiver>
  /** Clock (epoch ms); tests step it. */
  now?: () => number
  /** [0, 1) for backoff jitter; tests fix it. */
  random?: () => number
  /** Most sends at once (default 4). */
  concurrency?: number
  /** Most sends at once to one receiver (default 2). */
  perReceiverConcurrency?: number
  backoff?: BackoffPolicy
  /** A notification still failing this long after it was recorded is given up as failed (default 24 h). */
  giveUpAfterMs?: number
  /** Delivered and failed entries stay in the log this long (default 30 days). */
  keepLogMs?: number
  /** Longest sleep of the background loop between looks at the outbox (default 30 s). */
  maxIdleMs?: number
  /** How long stop() lets running sends finish before interrupting them (default 5 s). */
  stopGraceMs?: number
  /** Where delivery problems are reported (default console.error); messages hold no secret values. */
  log?: (message: string) => void
}

export interface EnqueueResult {
  /** The notification's id (stable per receiver and intent); null when skipped. */
  id: string | null
  /** False when it was already recorded (or skipped). */
  inserted: boolean
  /** Why nothing was recorded, or null. */
  skipped: string | null
}

/** What one send ended in. */
export type SendOutcome = 'delivered' | 'retrying' | 'failed' | 'interrupted' | 'unrecorded'

export interface DispatchReport {
  delivered: number
  retrying: number
  failed: number
  interrupted: number
  /** The result could not be written (store closed); the row is sent again after a restart. */
  unrecorded: number
}

/** The version of the stored payload layout. */
const PAYLOAD_VERSION = 1
const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
/** Pause before looking again after the outbox could not be read. */
const ERROR_PAUSE_MS = 1000
/** Most claim rounds one runDue call makes. */
const MAX_ROUNDS = 1000

interface InFlight {
  receiver: string
  controller: AbortController
  done: Promise<SendOutcome>
}

interface StoredPayload {
  version: number
  intent: DeliveryIntent
}

export class Dispatcher {
  private receivers: ReadonlyMap<string, Receiver>
  private readonly outbox: NotificationOutbox
  private readonly now: () => number
  private readonly random: () => number
  private readonly concurrency: number
  private readonly perReceiver: number
  private readonly backoff: BackoffPolicy
  private readonly giveUpAfterMs: number
  private readonly keepLogMs: number
  private readonly maxIdleMs: number
  private readonly stopGraceMs: number
  private readonly log: (message: string) => void
  private readonly inFlight = new Map<string, InFlight>()
  private running = false
  private stopping = false
  private timer: NodeJS.Timeout | null = null
  private pumping: Promise<void> | null = null
  private pumpAgain = false
  private lastPrune = Number.NEGATIVE_INFINITY
  /** Sends finished so far (runDue uses it to notice a send finishing while it claims). */
  private finished = 0

  constructor(opts: DispatcherOptions) {
    this.outbox = opts.outbox
    this.receivers = opts.receivers
    this.now = opts.now ?? Date.now
    this.random = opts.random ?? Math.random
    this.concurrency = positiveInt(opts.concurrency ?? 4, 'concurrency')
    this.perReceiver = positiveInt(opts.perReceiverConcurrency ?? 2, 'perReceiverConcurrency')
    this.backoff = checkBackoff(opts.backoff ?? DEFAULT_BACKOFF)
    this.giveUpAfterMs = positiveInt(opts.giveUpAfterMs ?? DAY_MS, 'giveUpAfterMs')
    this.keepLogMs = positiveInt(opts.keepLogMs ?? 30 * DAY_MS, 'keepLogMs')
    this.maxIdleMs = positiveInt(opts.maxIdleMs ?? 30_000, 'maxIdleMs')
    this.stopGraceMs = Math.max(0, opts.stopGraceMs ?? 5000)
    this.log = opts.log ?? ((m) => console.error(`vigil: ${m}`))
  }

  /**
   * Records a notification (before anything is sent) and wakes the sender; a repeated intent id
   * for the same receiver is ignored. For a receiver with send_resolved: false, resolved alerts are
   * left out, and a notification with only resolved alerts is skipped (not recorded).
   */
  async enqueue(intent: DeliveryIntent): Promise<EnqueueResult> {
    let n = checkIntent(intent, 'notification intent')
    if (this.receivers.get(n.receiver)?.sendResolved === false) {
      const firing = n.alerts.filter((a) => alertStatus(a) === 'firing')
      if (firing.length === 0) return { id: null, inserted: false, skipped: `receiver "${n.receiver}" has send_resolved: false` }
      n = { ...n, alerts: firing }
    }
    const payload: StoredPayload = { version: PAYLOAD_VERSION, intent: n }
    const result = await this.outbox.enqueue(
      { dedupKey: n.id, receiver: n.receiver, groupKey: n.groupKey, kind: n.kind, level: n.level, summary: subject(n), payload },
      this.now()
    )
    if (result.inserted) this.kick()
    return { ...result, skipped: null }
  }

  /** Replaces the receivers (config reload); sends already running finish with the old ones. */
  setReceivers(receivers: ReadonlyMap<string, Receiver>): void {
    this.receivers = receivers
    this.kick()
  }

  /** Recovers rows a stopped process left in `sending`, prunes the log, and starts sending in the background. */
  async start(): Promise<void> {
    if (this.running || this.stopping) throw new Error('the notification dispatcher is already started (or stopped); create a new one')
    await this.recover()
    await this.prune()
    this.running = true
    this.kick()
  }

  /** Makes rows left in `sending` by a stopped process due again; returns how many (start() does this). */
  async recover(): Promise<number> {
    const count = await this.outbox.requeueInterrupted(this.now())
    if (count > 0) this.log(`notifications: ${count} interrupted by the last shutdown will be sent again (same dedup keys)`)
    return count
  }

  /** Sends everything due at now() and waits for the results (claiming again as sends finish); for tests and one-shot runs. */
  async runDue(): Promise<DispatchReport> {
    if (this.stopping) throw new Error('the notification dispatcher is stopped')
    const sends: Promise<SendOutcome>[] = []
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const finishedBefore = this.finished
      const launched = await this.claimAndLaunch()
      sends.push(...launched)
      // Done only when nothing was claimed and nothing is running, and no send finished during the
      // claim (its slot, or the group it unblocked, was not seen by that claim).
      if (this.inFlight.size === 0 && launched.length === 0 && this.finished === finishedBefore) break
      if (this.inFlight.size === 0) continue
      // Wait for one send to finish, then claim again: a freed slot (or an unblocked group) may have work.
      await Promise.race([...this.inFlight.values()].map((f) => f.done))
    }
    const report: DispatchReport = { delivered: 0, retrying: 0, failed: 0, interrupted: 0, unrecorded: 0 }
    for (const outcome of await settledOutcomes(sends)) report[outcome]++
    return report
  }

  /** Stops the background loop; running sends get stopGraceMs to finish, then are interrupted (and due again at the next start). */
  async stop(): Promise<void> {
    if (this.stopping) return
    this.stopping = true
    this.running = false
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.pumping
    if (this.inFlight.size > 0) {
      let graceTimer: NodeJS.Timeout | undefined
      const grace = new Promise<void>((resolve) => {
        graceTimer = setTimeout(resolve, this.stopGraceMs)
      })
      await Promise.race([Promise.allSettled([...this.inFlight.values()].map((f) => f.done)), grace])
      clearTimeout(graceTimer)
      for (const f of this.inFlight.values()) f.controller.abort()
      await Promise.allSettled([...this.inFlight.values()].map((f) => f.done))
    }
  }

  /** The notification log, newest first. */
  async notificationLog(query: NotificationLogQuery = {}): Promise<NotificationLogEntry[]> {
    const entries = await this.outbox.list(query)
    return entries.map((e) => toLogEntry(e, this.receivers))
  }

  /** One log entry by id (e.g. a desktop notice's id, to acknowledge its group), or null. */
  async notification(id: string): Promise<NotificationLogEntry | null> {
    const row = await this.outbox.get(id)
    return row === null ? null : toLogEntry(row, this.receivers)
  }

  /** Schedules a pass of the background loop (no-op unless started). */
  private kick(): void {
    if (!this.running || this.stopping) return
    if (this.pumping) {
      this.pumpAgain = true
      return
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = null
    })
  }

  private async pump(): Promise<void> {
    let failed = false
    do {
      this.pumpAgain = false
      try {
        await this.claimAndLaunch()
        if (this.now() - this.lastPrune >= HOUR_MS) await this.prune()
      } catch (err) {
        failed = true
        if (!this.stopping) this.log(`notifications: cannot read the outbox: ${(err as Error).message}`)
      }
    } while (this.pumpAgain && this.running)
    if (this.running) await this.scheduleWake(failed)
  }

  private async scheduleWake(failed: boolean): Promise<void> {
    let delay = this.maxIdleMs
    if (failed) delay = ERROR_PAUSE_MS
    else {
      try {
        const next = await this.outbox.nextDue()
        if (next !== null) {
          const wait = next - this.now()
          // Due now but not claimed: every slot is busy; a finishing send kicks the loop.
          delay = wait > 0 ? Math.min(wait, this.maxIdleMs) : this.inFlight.size > 0 ? this.maxIdleMs : ERROR_PAUSE_MS
        }
      } catch {
        delay = ERROR_PAUSE_MS
      }
    }
    if (!this.running) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      this.kick()
    }, delay)
    this.timer.unref()
  }

  private async prune(): Promise<void> {
    const now = this.now()
    this.lastPrune = now
    await this.outbox.prune(now - this.keepLogMs)
  }

  /** Claims as many due rows as there are free slots and starts sending them. */
  private async claimAndLaunch(): Promise<Promise<SendOutcome>[]> {
    if (this.stopping) return []
    const free = this.concurrency - this.inFlight.size
    if (free <= 0) return []
    const busy: Record<string, number> = {}
    for (const f of this.inFlight.values()) busy[f.receiver] = (busy[f.receiver] ?? 0) + 1
    const rows = await this.outbox.claimDue(this.now(), free, { perReceiver: this.perReceiver, busy })
    return rows.map((row) => this.launch(row))
  }

  private launch(row: OutboxRow): Promise<SendOutcome> {
    const controller = new AbortController()
    const done = this.deliver(row, controller.signal).finally(() => {
      this.finished++
      this.inFlight.delete(row.id)
      this.kick()
    })
    this.inFlight.set(row.id, { receiver: row.receiver, controller, done })
    return done
  }

  /** Sends one claimed row and records the result; never throws. */
  private async deliver(row: OutboxRow, signal: AbortSignal): Promise<SendOutcome> {
    const name = `notification ${row.id} ("${row.summary}") to receiver "${row.receiver}"`
    let failure: DeliveryError | null = null
    try {
      const receiver = this.receivers.get(row.receiver)
      if (!receiver) throw new DeliveryError(`receiver "${row.receiver}" is not configured (any more); not sent`, false)
      const intent = readPayload(row.payload)
      await untilAborted(receiver.send({ notificationId: row.id, attempt: row.attempts, intent }, signal), signal)
    } catch (err) {
      failure = toDeliveryError(err)
    }
    const now = this.now()
    try {
      if (failure === null) {
        await this.outbox.markDelivered(row.id, now)
        return 'delivered'
      }
      if (signal.aborted) {
        await this.outbox.markFailed(row.id, now, { error: `interrupted by shutdown during attempt ${row.attempts}: ${failure.message}`, retryAt: now })
        return 'interrupted'
      }
      if (!failure.retryable) {
        await this.outbox.markFailed(row.id, now, { error: failure.message, retryAt: null })
        this.log(`${name} failed for good (attempt ${row.attempts}): ${failure.message}`)
        return 'failed'
      }
      if (now - row.created >= this.giveUpAfterMs) {
        const error = `gave up after ${row.attempts} attempts over ${formatDuration(now - row.created)}: ${failure.message}`
        await this.outbox.markFailed(row.id, now, { error, retryAt: null })
        this.log(`${name} ${error}`)
        return 'failed'
      }
      const delay = retryDelay(row.attempts, this.random, this.backoff, failure.retryAfterMs)
      await this.outbox.markFailed(row.id, now, { error: failure.message, retryAt: now + delay })
      this.log(`${name} failed (attempt ${row.attempts}), retrying in ${formatDuration(delay)}: ${failure.message}`)
      return 'retrying'
    } catch (err) {
      this.log(`${name}: cannot record the result (${(err as Error).message}); it is sent again after a restart`)
      return 'unrecorded'
    }
  }
}

/** The intent stored with a row; a permanent DeliveryError when it cannot be read. */
function readPayload(payload: unknown): DeliveryIntent {
  const p = payload as Partial<StoredPayload> & { unreadable?: string }
  if (typeof p !== 'object' || p === null) throw new DeliveryError('stored notification is not an object; not sent', false)
  if (typeof p.unreadable === 'string') throw new DeliveryError(`${p.unreadable}; not sent`, false)
  if (p.version !== PAYLOAD_VERSION) {
    throw new DeliveryError(`stored notification has layout version ${String(p.version)}, this Vigil reads version ${PAYLOAD_VERSION}; not sent`, false)
  }
  try {
    return checkIntent(p.intent, 'stored notification')
  } catch (err) {
    throw new DeliveryError(`${(err as Error).message}; not sent`, false)
  }
}

/** Resolves or rejects with `work`, or rejects as soon as `signal` aborts (the work is then abandoned). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => undefined)
  if (signal.aborted) return Promise.reject(new DeliveryError('interrupted (Vigil is stopping)', true))
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new DeliveryError('interrupted (Vigil is stopping)', true))
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(err)
      }
    )
  })
}

/** Outcomes of the sends, once all have finished. */
async function settledOutcomes(sends: Promise<SendOutcome>[]): Promise<SendOutcome[]> {
  const results = await Promise.allSettled(sends)
  return results.map((r) => (r.status === 'fulfilled' ? r.value : 'unrecorded'))
}

function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`notification dispatcher: ${name} must be a whole number ≥ 1, got ${String(value)}`)
  return value
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`
  if (ms < 2 * HOUR_MS) return `${Math.round(ms / 60_000)} min`
  return `${Math.round(ms / HOUR_MS)} h`
}
