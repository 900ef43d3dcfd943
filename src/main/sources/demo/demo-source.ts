// The `demo` source: a seeded AI-transformation scenario. On first start it back-fills history
// (default 90 days at 5-minute steps), on later starts only the gap since the last sample it
// wrote; then it writes the current values at every poll. Incidents and deployments are
// recorded as annotations as their time comes (keyed, so a re-sent one replaces itself). Where the
// host stores predictions, the fraud model's scored transactions are written too (back-filled over
// the last PREDICTION_BACKFILL_MAX at most), and their labels as they arrive (see fraud-predictions.ts).
import type { IngestSample } from '@shared/types'
import type { SourceConfigOf } from '@shared/config/schema'
import type { Source, SourceContext, SourceFactory } from '../source'
import { demoAnnotationsBetween } from './annotations'
import { DemoModel, defaultProgrammeStart } from './model'
import { DAY } from './calendar'
import { FRAUD_MODEL, fraudLabelsArriving, fraudPredictions } from './fraud-predictions'

/** Keys in the source's persistent state. */
export const DEMO_STATE = {
  /** Epoch ms the programme started; fixed on first start so every restart tells the same story. */
  programmeStart: 'programme_start',
  /** Timestamp of the last complete set of samples written (back-fill chunk or poll). */
  lastTs: 'last_ts',
  /** When the last back-fill finished (epoch ms). */
  backfillDoneAt: 'backfill_done_at',
  /** Fraud-model transactions are written for every minute before this (epoch ms). */
  predictionsTo: 'predictions_to',
  /** Fraud labels that arrived up to this time (inclusive) are written. */
  labelsTo: 'labels_to'
} as const

/**
 * Prediction history back-filled at most: two weeks, inside the default raw retention (15 days),
 * which also applies to predictions; a longer back-fill would be deleted at the first maintenance.
 */
export const PREDICTION_BACKFILL_MAX = 14 * DAY
/** Prediction records per write during back-fill. */
const PREDICTION_CHUNK = 5000

/** Back-fill is written in chunks of about this many samples (always whole time steps). */
export const BACKFILL_CHUNK_SAMPLES = 20_000

type DemoConfig = SourceConfigOf<'demo'>

/** The source factory for `kind: demo`. */
export const createDemoSource: SourceFactory<DemoConfig> = (config) => new DemoSource(config)

export class DemoSource implements Source {
  readonly kind = 'demo'
  readonly id: string
  private model: DemoModel | null = null
  /** Annotations are recorded for every event before this time (in this process). */
  private annotatedTo: number | null = null

  constructor(private readonly config: DemoConfig) {
    this.id = config.id
  }

  /** Writes the history missing since the last sample written, at most `backfill` long, in chunks. */
  async backfill(ctx: SourceContext): Promise<void> {
    const model = await this.modelFor(ctx)
    const { backfill, backfill_step: step } = this.config
    const now = ctx.now()
    if (backfill <= 0 || step <= 0) {
      this.annotatedTo = now
      return
    }
    const last = await this.readNumber(ctx, DEMO_STATE.lastTs)
    const from = Math.max(now - backfill, last === undefined ? -Infinity : last + 1)
    this.annotatedTo = from
    let chunk: IngestSample[] = []
    // Timestamps on the step grid, so a gap fill lines up with the first back-fill.
    for (let t = Math.ceil(from / step) * step; t < now; t += step) {
      model.valuesAt(t, chunk)
      if (chunk.length >= BACKFILL_CHUNK_SAMPLES) {
        await this.writeChunk(ctx, chunk, t)
        chunk = []
      }
    }
    if (chunk.length > 0) await this.writeChunk(ctx, chunk, chunk[chunk.length - 1].ts)
    await this.annotateUntil(ctx, model, now)
    await this.writePredictionsUntil(ctx, model, now, Math.min(backfill, PREDICTION_BACKFILL_MAX))
    await ctx.state.set(DEMO_STATE.backfillDoneAt, now)
  }

  /** Writes every series at the current time. */
  async poll(ctx: SourceContext): Promise<void> {
    const model = await this.modelFor(ctx)
    const t = ctx.now()
    await ctx.write(model.valuesAt(t))
    this.annotatedTo ??= t
    await this.annotateUntil(ctx, model, t + 1)
    await this.writePredictionsUntil(ctx, model, t, 0)
    await ctx.state.set(DEMO_STATE.lastTs, t)
  }

  /**
   * Writes the fraud model's transactions of the minutes before `now` not written yet (at most
   * `lookback` back when none were), with the labels known by then, and the labels of earlier
   * transactions that arrived since the last call. Skipped where the host keeps no predictions.
   */
  private async writePredictionsUntil(ctx: SourceContext, model: DemoModel, now: number, lookback: number): Promise<void> {
    const write = ctx.writePredictions
    const label = ctx.labelPredictions
    if (!write || !label) return
    const writtenTo = await this.readNumber(ctx, DEMO_STATE.predictionsTo)
    const labelsTo = await this.readNumber(ctx, DEMO_STATE.labelsTo)
    // Labels first: they belong to transactions already stored.
    if (writtenTo !== undefined && labelsTo !== undefined && now > labelsTo) {
      const labels = fraudLabelsArriving(model.seed, model.programmeStart, labelsTo, now, writtenTo)
      if (labels.length > 0) await label(FRAUD_MODEL, labels)
    }
    const from = writtenTo ?? now - lookback
    for (let start = from; start < now; ) {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error(`demo source "${this.id}": back-fill aborted`)
      // About PREDICTION_CHUNK records per write (a transaction every 2 minutes on average).
      const end = Math.min(now, start + PREDICTION_CHUNK * 2 * 60_000)
      const records = fraudPredictions(model.seed, model.programmeStart, start, end, now)
      if (records.length > 0) await write(records)
      await ctx.state.set(DEMO_STATE.predictionsTo, end)
      start = end
    }
    if (from >= now) await ctx.state.set(DEMO_STATE.predictionsTo, from)
    await ctx.state.set(DEMO_STATE.labelsTo, now)
  }

  private async writeChunk(ctx: SourceContext, samples: IngestSample[], lastTs: number): Promise<void> {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error(`demo source "${this.id}": back-fill aborted`)
    await ctx.write(samples)
    await this.annotateUntil(ctx, this.model!, lastTs + 1)
    // Recorded per chunk (after its samples and annotations), so an interrupted back-fill resumes where it stopped.
    await ctx.state.set(DEMO_STATE.lastTs, lastTs)
  }

  /** Records the incidents and deployments that started or ended since the last call, up to (not including) `to`. */
  private async annotateUntil(ctx: SourceContext, model: DemoModel, to: number): Promise<void> {
    const from = this.annotatedTo ?? to
    if (to <= from) return
    for (const a of demoAnnotationsBetween(model.seed, model.programmeStart, from, to)) await ctx.annotate(a)
    this.annotatedTo = to
  }

  private async modelFor(ctx: SourceContext): Promise<DemoModel> {
    if (this.model) return this.model
    let start = await this.readNumber(ctx, DEMO_STATE.programmeStart)
    if (start === undefined) {
      start = defaultProgrammeStart(ctx.now())
      await ctx.state.set(DEMO_STATE.programmeStart, start)
    }
    this.model = new DemoModel(this.config.seed, start)
    return this.model
  }

  /** A numeric state value; anything else stored under the key is reported and ignored. */
  private async readNumber(ctx: SourceContext, key: string): Promise<number | undefined> {
    const value = await ctx.state.get<unknown>(key)
    if (value === undefined || value === null) return undefined
    if (typeof value === 'number' && Number.isFinite(value)) return value
    ctx.warn(`demo source "${this.id}": state "${key}" is ${JSON.stringify(value)}, expected a number; ignoring it`)
    return undefined
  }
}
