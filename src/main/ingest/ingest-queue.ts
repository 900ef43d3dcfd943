// Coalesces concurrent writers into few store appends (group commit): pending samples go to the
// store as one append per source, and each caller still gets its own AppendResult once the batch
// is durable. A flush happens when maxBatch samples are pending; when the store is idle (at once,
// unless flushWhenIdle is false); when the append in flight completes; and at the latest
// flushIntervalMs after the first pending write.
import type { IngestSample } from '@shared/types'
import type { AppendResult, MetricStore, RejectedSample } from '../store/metric-store'
import type { MinimisedSamples } from './minimise'

export interface QueueTimers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export type DurableCallback = (source: string, samples: IngestSample[], result: AppendResult) => void

export interface IngestQueueOptions {
  store: Pick<MetricStore, 'append'>
  /** Longest a sample waits before its batch is appended. */
  flushIntervalMs: number
  /** Pending samples that trigger an immediate flush. */
  maxBatch: number
  /**
   * Flush at once (next timer tick) when no append is in flight, and as soon as the one in flight
   * completes, rather than waiting out flushIntervalMs. Writers that wait for their result
   * otherwise stall for a whole interval per round trip. Default true.
   */
  flushWhenIdle?: boolean
  /** Called once per appended batch (one source) after it is durable; `result` indexes into `samples`. */
  onDurable?: DurableCallback
  /** Timer functions (tests inject a manual clock). */
  timers?: QueueTimers
  /**
   * Rewrites each write's samples before they are queued (privacy minimisation, see minimise.ts), so
   * nothing else ever sees the raw form; a throw refuses the write. Rejections are reported against
   * the caller's own indexes; samples it drops count as neither accepted nor rejected.
   */
  minimise?: (source: string, samples: IngestSample[]) => MinimisedSamples
}

interface PendingWrite {
  source: string
  samples: IngestSample[]
  resolve(result: AppendResult): void
  reject(err: unknown): void
}

const realTimers: QueueTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
}

export class IngestQueue {
  private pending: PendingWrite[] = []
  private pendingSamples = 0
  private timer: unknown = null
  private readonly inFlight = new Set<Promise<void>>()
  private readonly timers: QueueTimers

  constructor(private readonly opts: IngestQueueOptions) {
    if (!(opts.flushIntervalMs >= 0)) throw new Error(`ingest queue: flushIntervalMs must be >= 0, got ${opts.flushIntervalMs}`)
    if (!(opts.maxBatch >= 1)) throw new Error(`ingest queue: maxBatch must be >= 1, got ${opts.maxBatch}`)
    this.timers = opts.timers ?? realTimers
  }

  /** Samples waiting for the next flush. */
  get pendingCount(): number {
    return this.pendingSamples
  }

  /** Queues samples of one source; resolves with this call's own result once they are durable. */
  write(source: string, samples: IngestSample[]): Promise<AppendResult> {
    if (typeof source !== 'string' || source === '') return Promise.reject(new Error('ingest: a write needs a non-empty source id'))
    if (!Array.isArray(samples)) {
      return Promise.reject(new Error(`ingest from source "${source}": samples must be an array, got ${typeof samples}`))
    }
    if (samples.length === 0) return Promise.resolve({ accepted: 0, rejected: [] })
    let kept: number[] | null = null
    if (this.opts.minimise) {
      try {
        ;({ samples, kept } = this.opts.minimise(source, samples))
      } catch (err) {
        return Promise.reject(err)
      }
      if (samples.length === 0) return Promise.resolve({ accepted: 0, rejected: [] })
    }
    return new Promise<AppendResult>((outerResolve, reject) => {
      const resolve = kept === null ? outerResolve : (r: AppendResult) => outerResolve(toCallerIndexes(r, kept as number[]))
      this.pending.push({ source, samples, resolve, reject })
      this.pendingSamples += samples.length
      if (this.pendingSamples >= this.opts.maxBatch) void this.flush()
      else this.schedule()
    })
  }

  /** Appends everything pending now (one append per source); returns when those appends settle. */
  flush(): Promise<void> {
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer)
      this.timer = null
    }
    const writes = this.pending
    if (writes.length === 0) return Promise.resolve()
    this.pending = []
    this.pendingSamples = 0
    const bySource = new Map<string, PendingWrite[]>()
    for (const w of writes) {
      const group = bySource.get(w.source)
      if (group) group.push(w)
      else bySource.set(w.source, [w])
    }
    const jobs: Promise<void>[] = []
    for (const [source, group] of bySource) {
      const job = this.appendGroup(source, group)
      this.inFlight.add(job)
      void job.finally(() => this.afterAppend(job))
      jobs.push(job)
    }
    return Promise.all(jobs).then(() => undefined)
  }

  private get eager(): boolean {
    return this.opts.flushWhenIdle !== false
  }

  private schedule(): void {
    if (this.timer !== null) return
    const delay = this.eager && this.inFlight.size === 0 ? 0 : this.opts.flushIntervalMs
    this.timer = this.timers.setTimeout(() => {
      this.timer = null
      void this.flush()
    }, delay)
  }

  // Whatever piled up while the store was busy has waited long enough.
  private afterAppend(job: Promise<void>): void {
    this.inFlight.delete(job)
    if (this.eager && this.inFlight.size === 0 && this.pending.length > 0) void this.flush()
  }

  /** Flushes everything pending and waits for every append in flight (used at shutdown). */
  async drain(): Promise<void> {
    // Bounded: each round empties `pending`; only writes arriving meanwhile cause another.
    for (let round = 0; round < 1000 && (this.pending.length > 0 || this.inFlight.size > 0); round++) {
      if (this.pending.length > 0) void this.flush()
      await Promise.allSettled([...this.inFlight])
    }
  }

  private async appendGroup(source: string, group: PendingWrite[]): Promise<void> {
    const samples = group.length === 1 ? group[0].samples : ([] as IngestSample[]).concat(...group.map((w) => w.samples))
    let result: AppendResult
    try {
      result = await this.opts.store.append(source, samples)
    } catch (err) {
      for (const w of group) w.reject(err)
      return
    }
    const results = splitResult(result, group.map((w) => w.samples.length))
    group.forEach((w, i) => w.resolve(results[i]))
    if (this.opts.onDurable) {
      try {
        this.opts.onDurable(source, samples, result)
      } catch (err) {
        console.error(`vigil: ingest onDurable callback failed for source "${source}":`, err)
      }
    }
  }
}

/** Maps a result on minimised samples back to the caller's indexes (`kept[i]`: input index of sample i). */
export function toCallerIndexes(result: AppendResult, kept: readonly number[]): AppendResult {
  return { accepted: result.accepted, rejected: result.rejected.map((r) => ({ index: kept[r.index], reason: r.reason })) }
}

/** Splits one append's result over the callers whose arrays were concatenated (sizes in order). */
export function splitResult(result: AppendResult, sizes: readonly number[]): AppendResult[] {
  const starts: number[] = []
  let offset = 0
  for (const size of sizes) {
    starts.push(offset)
    offset += size
  }
  const rejected: RejectedSample[][] = sizes.map(() => [])
  for (const r of result.rejected) {
    const owner = ownerOf(starts, r.index)
    rejected[owner].push({ index: r.index - starts[owner], reason: r.reason })
  }
  return sizes.map((size, i) => ({ accepted: size - rejected[i].length, rejected: rejected[i] }))
}

// Last start <= index (binary search; starts ascend).
function ownerOf(starts: readonly number[], index: number): number {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid] <= index) lo = mid
    else hi = mid - 1
  }
  return lo
}
