// Runs one source on its own schedule: back-fill once, then a poll every interval with a
// timeout, back-off after failures, and a health record updated at the end of every run.
import type { IngestSample, Labels, SourceHealth } from '@shared/types'
import { formatDuration } from '@shared/duration'
import type { AnnotationInput, AppendResult } from '../store/metric-store'
import type { PredictionAppendResult, PredictionInput, PredictionLabel, PredictionLabelResult } from '../store/predictions'
import type { Source, SourceContext, SourceStateAccess } from './source'
import { nextPollDelay } from './backoff'
import { RunReport, errorMessage, truncateMessage } from './run-report'
import { settleWithin, type Clock, type Timers } from './timers'

/** One source as the scheduler runs it. */
export interface ScheduledSource {
  source: Source
  intervalMs: number
  timeoutMs: number
  /** Added to every sample; a label the sample already has wins (see mergeLabels). */
  labels?: Labels
  /** Identifies the source's configuration; an update with the same id and fingerprint keeps the running source. */
  fingerprint?: string
}

export interface RunnerDeps {
  write(sourceId: string, samples: IngestSample[]): Promise<AppendResult>
  /** Records an annotation of a source (stored and announced); resolves once stored. */
  annotate(sourceId: string, input: AnnotationInput): Promise<unknown>
  /** Stores prediction records of a source; resolves once durable. Without it, sources get no writePredictions. */
  writePredictions?(sourceId: string, records: PredictionInput[]): Promise<PredictionAppendResult>
  /** Sets late labels on stored prediction records. */
  labelPredictions?(sourceId: string, model: string, labels: PredictionLabel[]): Promise<PredictionLabelResult>
  state: SourceStateAccess
  clock: Clock
  timers: Timers
  onHealth(health: SourceHealth): void
  maxBackoffMs: number
  /** How long stop() waits for a running back-fill/poll and for close(). */
  stopGraceMs: number
}

type PollOutcome = { kind: 'ok' } | { kind: 'error'; error: unknown } | { kind: 'timeout' } | { kind: 'stopped' }

const NO_SAMPLES: AppendResult = { accepted: 0, rejected: [] }

/**
 * Adds the source's configured labels to a sample. Labels the sample already carries win: they
 * identify the series (core, mount, process…), and letting config labels override them would
 * silently merge distinct series into one.
 */
export function mergeLabels(configLabels: Labels, sample: IngestSample): IngestSample {
  return { ...sample, labels: { ...configLabels, ...sample.labels } }
}

export class SourceRunner {
  private readonly current: SourceHealth
  private timer: unknown = null
  private started = false
  private stopping: Promise<void> | null = null
  private readonly stopController = new AbortController()
  private backfillPending: boolean
  /** The scheduled run in progress (back-fill + poll), if any. */
  private activeRun: Promise<void> | null = null
  /** The source's poll() promise while it has not settled, even after its run timed out. */
  private pollInFlight: Promise<void> | null = null
  private pollStartedAt = 0
  private pollController: AbortController | null = null

  constructor(
    readonly entry: ScheduledSource,
    private readonly deps: RunnerDeps,
    /** Samples already counted for this id (kept when a source is replaced on reload). */
    initialSamples = 0
  ) {
    this.current = {
      id: entry.source.id,
      kind: entry.source.kind,
      state: 'pending',
      lastSuccessAt: null,
      lastError: null,
      samples: initialSamples,
      nextRunAt: null,
      consecutiveFailures: 0
    }
    this.backfillPending = typeof entry.source.backfill === 'function'
  }

  get id(): string {
    return this.entry.source.id
  }

  /** A copy of the current health. */
  health(): SourceHealth {
    return { ...this.current }
  }

  /** Schedules the first run now. Idempotent; a stopped runner stays stopped. */
  start(): void {
    if (this.started || this.stopping) return
    this.started = true
    this.scheduleIn(0)
    this.emit()
  }

  /** Aborts the running back-fill/poll, waits for it (bounded), then closes the source. Idempotent. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer)
    this.timer = null
    this.current.nextRunAt = null
    const reason = new Error(`source "${this.id}" stopped`)
    this.pollController?.abort(reason)
    this.stopController.abort(reason)
    this.stopping = this.finishStop()
    return this.stopping
  }

  private async finishStop(): Promise<void> {
    const { timers, stopGraceMs } = this.deps
    const running = [this.activeRun, this.pollInFlight].filter((p): p is Promise<void> => p !== null)
    if (running.length > 0) await settleWithin(Promise.allSettled(running), stopGraceMs, timers)
    const close = this.entry.source.close
    if (close) {
      const closing = Promise.resolve().then(() => close.call(this.entry.source))
      closing.catch((err: unknown) => {
        this.current.lastError = truncateMessage(`close failed: ${errorMessage(err)}`)
      })
      if (!(await settleWithin(closing, stopGraceMs, timers))) {
        this.current.lastError = `close did not finish within ${formatDuration(stopGraceMs)}`
      }
    }
    // No health event here: a source removed on reload must not reappear in listeners' views.
  }

  private get stopped(): boolean {
    return this.stopping !== null
  }

  private emit(): void {
    this.deps.onHealth(this.health())
  }

  private scheduleIn(delayMs: number): void {
    const delay = Math.max(0, delayMs)
    this.current.nextRunAt = this.deps.clock.now() + delay
    this.timer = this.deps.timers.setTimeout(() => {
      this.timer = null
      const run = this.run().catch((err: unknown) => {
        // run() handles source errors itself; reaching here is a scheduler bug. Record it rather than lose the source.
        this.recordFailure(`internal scheduler error: ${errorMessage(err)}`)
        this.scheduleNext(this.deps.clock.now())
      })
      this.activeRun = run
      void run.finally(() => {
        if (this.activeRun === run) this.activeRun = null
      })
    }, delay)
  }

  private async run(): Promise<void> {
    if (this.stopped) return
    const { clock } = this.deps
    if (this.pollInFlight) {
      // Never run two polls of one source at once: the hung one may hold cursors or connections.
      const since = formatDuration(clock.now() - this.pollStartedAt)
      this.recordFailure(`skipped: the previous poll is still running (started ${since} ago) and ignored its timeout`)
      this.scheduleNext(clock.now())
      return
    }
    const report = new RunReport()
    if (this.backfillPending) {
      this.backfillPending = false
      try {
        await this.entry.source.backfill!(this.context(this.stopController.signal, report))
      } catch (err) {
        if (this.stopped) return
        report.warn(`back-fill failed: ${errorMessage(err)}`)
      }
      if (this.stopped) return
    }
    const startedAt = clock.now()
    const outcome = await this.pollWithTimeout(report)
    const timedOut = `timed out after ${formatDuration(this.entry.timeoutMs)}`
    report.close(outcome.kind === 'timeout' ? timedOut : outcome.kind === 'stopped' ? 'source stopped' : 'finished')
    if (outcome.kind === 'stopped' || this.stopped) return
    // Name the source: this message is all a user sees of a poll that hung in code without its own deadline.
    if (outcome.kind === 'timeout') this.recordFailure(`${this.entry.source.kind} source "${this.id}": ${timedOut} (the poll did not finish and was aborted)`)
    else if (outcome.kind === 'error') this.recordFailure(errorMessage(outcome.error))
    else this.recordSuccess(report)
    this.scheduleNext(startedAt)
  }

  private pollWithTimeout(report: RunReport): Promise<PollOutcome> {
    const { timers, clock } = this.deps
    const controller = new AbortController()
    this.pollController = controller
    this.pollStartedAt = clock.now()
    const ctx = this.context(controller.signal, report)
    const poll = Promise.resolve().then(() => this.entry.source.poll(ctx))
    const inFlight = poll.then(
      () => undefined,
      () => undefined
    )
    this.pollInFlight = inFlight
    void inFlight.then(() => {
      if (this.pollInFlight === inFlight) this.pollInFlight = null
    })
    return new Promise<PollOutcome>((resolve) => {
      const finish = (outcome: PollOutcome): void => {
        timers.clearTimeout(handle)
        this.stopController.signal.removeEventListener('abort', onStop)
        if (this.pollController === controller) this.pollController = null
        resolve(outcome)
      }
      const onStop = (): void => {
        controller.abort(this.stopController.signal.reason)
        finish({ kind: 'stopped' })
      }
      const handle = timers.setTimeout(() => {
        controller.abort(new Error(`timed out after ${formatDuration(this.entry.timeoutMs)}`))
        finish({ kind: 'timeout' })
      }, this.entry.timeoutMs)
      this.stopController.signal.addEventListener('abort', onStop, { once: true })
      if (this.stopController.signal.aborted) onStop()
      poll.then(
        () => finish({ kind: 'ok' }),
        (error: unknown) => finish({ kind: 'error', error })
      )
    })
  }

  private context(signal: AbortSignal, report: RunReport): SourceContext {
    const { clock, state } = this.deps
    const labels = this.entry.labels ?? {}
    const hasLabels = Object.keys(labels).length > 0
    return {
      signal,
      now: () => clock.now(),
      state,
      warn: (message) => report.warn(message),
      write: async (samples) => {
        if (report.closed) {
          const n = samples.length
          throw new Error(`source "${this.id}": this run already ended (${report.closedReason}); ${n} sample${n === 1 ? '' : 's'} not written`)
        }
        if (samples.length === 0) return NO_SAMPLES
        const labelled = hasLabels ? samples.map((s) => mergeLabels(labels, s)) : samples
        const result = await this.deps.write(this.id, labelled)
        this.current.samples += result.accepted
        report.addRejected(result.rejected, labelled)
        return result
      },
      annotate: async (a) => {
        if (report.closed) {
          throw new Error(`source "${this.id}": this run already ended (${report.closedReason}); annotation "${a.title}" not recorded`)
        }
        // Config labels apply as they do to samples; the annotation's own labels win.
        const merged = hasLabels ? { ...labels, ...a.labels } : a.labels
        await this.deps.annotate(this.id, { ...a, labels: merged, source: this.id })
      },
      ...this.predictionWriters(report)
    }
  }

  /** writePredictions/labelPredictions for a run's context, when the host stores predictions. */
  private predictionWriters(report: RunReport): Pick<SourceContext, 'writePredictions' | 'labelPredictions'> {
    const { writePredictions, labelPredictions } = this.deps
    if (!writePredictions || !labelPredictions) return {}
    const refuseIfClosed = (what: string): void => {
      if (report.closed) throw new Error(`source "${this.id}": this run already ended (${report.closedReason}); ${what} not written`)
    }
    return {
      writePredictions: async (records) => {
        refuseIfClosed(`${records.length} prediction record${records.length === 1 ? '' : 's'}`)
        const result = await writePredictions(this.id, records)
        const n = result.rejected.length
        if (n > 0) report.warn(`${n} prediction record${n === 1 ? '' : 's'} rejected: record ${result.rejected[0].index}: ${result.rejected[0].reason}`)
        return result
      },
      labelPredictions: async (model, labels) => {
        refuseIfClosed(`${labels.length} label${labels.length === 1 ? '' : 's'}`)
        const result = await labelPredictions(this.id, model, labels)
        const n = result.rejected.length
        if (n > 0) report.warn(`${n} label${n === 1 ? '' : 's'} of model "${model}" rejected: ${result.rejected[0].reason}`)
        return result
      }
    }
  }

  private recordSuccess(report: RunReport): void {
    // A poll that completed counts as a success even if it warned or had samples rejected: the
    // source is reachable and its valid data arrived. The state still shows the problem.
    const problem = report.problem()
    this.current.lastSuccessAt = this.deps.clock.now()
    this.current.consecutiveFailures = 0
    this.current.state = problem ? 'error' : 'ok'
    this.current.lastError = problem
  }

  private recordFailure(message: string): void {
    this.current.state = 'error'
    this.current.lastError = truncateMessage(message)
    this.current.consecutiveFailures = (this.current.consecutiveFailures ?? 0) + 1
  }

  /** Schedules the next run relative to when this one started (fixed rate, never in the past), then reports health. */
  private scheduleNext(startedAt: number): void {
    if (this.stopped) return
    const delay = nextPollDelay(this.entry.intervalMs, this.current.consecutiveFailures ?? 0, this.deps.maxBackoffMs)
    this.scheduleIn(startedAt + delay - this.deps.clock.now())
    this.emit()
  }
}
