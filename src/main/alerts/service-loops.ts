// The alert service's two loops on injected timers: rule evaluation every evaluation_interval
// (measured start to start, never overlapping) and the routing tick every second or so.
import type { AlertTimers } from './alert-service-types'

/** Node timers that do not keep the process alive. */
export const realTimers: AlertTimers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms)
    t.unref()
    return t
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout)
}

export interface LoopWork {
  evaluate(): Promise<void>
  tick(): Promise<void>
  /** Read at every round, so a config reload changes it. */
  evaluationIntervalMs(): number
  tickIntervalMs: number
  now(): number
  onError(what: 'evaluation' | 'routing tick', err: Error): void
}

/** Runs the loops until stop(); a failing round is reported and the next one still runs. */
export class ServiceLoops {
  private evalTimer: unknown = null
  private tickTimer: unknown = null
  private running = false

  constructor(
    private readonly timers: AlertTimers,
    private readonly work: LoopWork
  ) {}

  /** Starts both loops; the first evaluation runs at once. */
  start(): void {
    this.running = true
    this.scheduleEvaluation(0)
    this.scheduleTick()
  }

  /** Stops scheduling (a round already running finishes). */
  stop(): void {
    this.running = false
    if (this.evalTimer !== null) this.timers.clearTimeout(this.evalTimer)
    if (this.tickTimer !== null) this.timers.clearTimeout(this.tickTimer)
    this.evalTimer = null
    this.tickTimer = null
  }

  private scheduleEvaluation(delayMs: number): void {
    if (!this.running) return
    this.evalTimer = this.timers.setTimeout(() => {
      this.evalTimer = null
      const started = this.work.now()
      void this.work
        .evaluate()
        .catch((err: Error) => this.work.onError('evaluation', err))
        .finally(() => this.scheduleEvaluation(Math.max(0, started + this.work.evaluationIntervalMs() - this.work.now())))
    }, delayMs)
  }

  private scheduleTick(): void {
    if (!this.running) return
    this.tickTimer = this.timers.setTimeout(() => {
      this.tickTimer = null
      void this.work
        .tick()
        .catch((err: Error) => this.work.onError('routing tick', err))
        .finally(() => this.scheduleTick())
    }, this.work.tickIntervalMs)
  }
}
