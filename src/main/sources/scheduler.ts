// Runs every polled source independently (see source-runner.ts) and keeps the set in line
// with the config: update() replaces changed sources and leaves unchanged ones running.
import type { IngestSample, SourceHealth } from '@shared/types'
import type { AnnotationInput, AppendResult } from '../store/metric-store'
import type { PredictionAppendResult, PredictionInput, PredictionLabel, PredictionLabelResult } from '../store/predictions'
import type { SourceStateAccess } from './source'
import { MAX_BACKOFF_MS } from './backoff'
import { SourceRunner, type RunnerDeps, type ScheduledSource } from './source-runner'
import { globalTimers, systemClock, type Clock, type Timers } from './timers'

export type { ScheduledSource } from './source-runner'

export interface SchedulerOptions {
  sources: ScheduledSource[]
  /** Appends samples for a source; resolves once durable. */
  write(sourceId: string, samples: IngestSample[]): Promise<AppendResult>
  /** Stores (and announces) an annotation from a source; resolves once stored. */
  annotate(sourceId: string, input: AnnotationInput): Promise<unknown>
  /** Stores a source's prediction records; resolves once durable (optional: without it sources get no writePredictions). */
  writePredictions?(sourceId: string, records: PredictionInput[]): Promise<PredictionAppendResult>
  /** Sets late labels on stored prediction records (given with writePredictions). */
  labelPredictions?(sourceId: string, model: string, labels: PredictionLabel[]): Promise<PredictionLabelResult>
  /** Persistent state of one source. */
  state(sourceId: string): SourceStateAccess
  clock?: Clock
  timers?: Timers
  /** Called whenever a source changes state or finishes a run. */
  onHealth?(health: SourceHealth): void
  /** Back-off cap for sources polled more often than this (default 5 min). */
  maxBackoffMs?: number
  /** How long stop() waits for a running poll, and then for close(), per source (default 5 s). */
  stopGraceMs?: number
}

export class SourceScheduler {
  private runners = new Map<string, SourceRunner>()
  private running = false
  private stopping: Promise<void> | null = null
  /** Serialises update() calls so two reloads never interleave. */
  private updating: Promise<void> = Promise.resolve()
  private readonly deps: Omit<RunnerDeps, 'state'>

  constructor(private readonly options: SchedulerOptions) {
    this.deps = {
      write: options.write,
      annotate: options.annotate,
      writePredictions: options.writePredictions,
      labelPredictions: options.labelPredictions,
      clock: options.clock ?? systemClock,
      timers: options.timers ?? globalTimers,
      onHealth: (h) => options.onHealth?.(h),
      maxBackoffMs: options.maxBackoffMs ?? MAX_BACKOFF_MS,
      stopGraceMs: options.stopGraceMs ?? 5000
    }
    for (const entry of checkUnique(options.sources)) this.runners.set(entry.source.id, this.runnerFor(entry, 0))
  }

  private runnerFor(entry: ScheduledSource, initialSamples: number): SourceRunner {
    return new SourceRunner(entry, { ...this.deps, state: this.options.state(entry.source.id) }, initialSamples)
  }

  /** Starts every source (first run immediately). Idempotent; a stopped scheduler cannot be restarted. */
  start(): void {
    if (this.running || this.stopping) return
    this.running = true
    for (const runner of this.runners.values()) runner.start()
  }

  /** Stops every source: aborts running polls, waits for them (bounded), closes the sources. Idempotent. */
  stop(): Promise<void> {
    if (!this.stopping) {
      this.running = false
      // Abort what runs now at once; then, after any update in progress, stop whatever it created.
      const first = Promise.all([...this.runners.values()].map((r) => r.stop()))
      this.stopping = first
        .then(() => this.updating)
        .then(() => Promise.all([...this.runners.values()].map((r) => r.stop())))
        .then(() => undefined)
    }
    return this.stopping
  }

  /** Health of every source, in config order. */
  health(): SourceHealth[] {
    return [...this.runners.values()].map((r) => r.health())
  }

  /**
   * Replaces the set of sources (config reload). A source whose id and fingerprint (or Source
   * object) are unchanged keeps running untouched, and the new entry's Source object is dropped
   * unused (so factories must not open connections before the first poll). Removed and changed
   * sources are stopped (and closed) before their replacements start.
   */
  update(entries: ScheduledSource[]): Promise<void> {
    checkUnique(entries)
    const next = this.updating.then(() => this.applyUpdate(entries))
    this.updating = next.catch(() => undefined)
    return next
  }

  private async applyUpdate(entries: ScheduledSource[]): Promise<void> {
    if (this.stopping) return
    const old = this.runners
    const kept = new Map<string, SourceRunner>()
    const toStop: SourceRunner[] = []
    for (const entry of entries) {
      const runner = old.get(entry.source.id)
      if (runner && sameSource(runner.entry, entry)) kept.set(entry.source.id, runner)
    }
    for (const [id, runner] of old) if (!kept.has(id)) toStop.push(runner)
    await Promise.all(toStop.map((r) => r.stop()))
    const fresh = new Map<string, SourceRunner>()
    for (const entry of entries) {
      const id = entry.source.id
      fresh.set(id, kept.get(id) ?? this.runnerFor(entry, old.get(id)?.health().samples ?? 0))
    }
    this.runners = fresh
    if (this.running) for (const runner of fresh.values()) runner.start()
  }
}

function sameSource(a: ScheduledSource, b: ScheduledSource): boolean {
  if (a.fingerprint !== undefined || b.fingerprint !== undefined) {
    return a.fingerprint === b.fingerprint && a.source.kind === b.source.kind
  }
  return (
    a.source === b.source &&
    a.intervalMs === b.intervalMs &&
    a.timeoutMs === b.timeoutMs &&
    JSON.stringify(a.labels ?? {}) === JSON.stringify(b.labels ?? {})
  )
}

function checkUnique(entries: ScheduledSource[]): ScheduledSource[] {
  const seen = new Set<string>()
  for (const e of entries) {
    if (seen.has(e.source.id)) throw new Error(`scheduler: duplicate source id "${e.source.id}"`)
    seen.add(e.source.id)
  }
  return entries
}
