// Turns one append's samples into column arrays: validates each sample, resolves its series id
// (creating catalog entries as needed) and records why rejected samples were refused.
// This is the per-sample hot path, so it reads each field once and allocates nothing per sample.
import type { IngestSample } from '@shared/types'
import type { RejectedSample } from './metric-store'
import type { SeriesCatalog, SeriesEntry } from './catalog'
import { MAX_TS, MAX_UNIT_LENGTH, MIN_TS, sampleProblem } from './sample-rules'

/** Column arrays for (series_id, ts, value) with room for `capacity` rows; `length` rows are filled. */
export class SampleColumns {
  readonly seriesId: Int32Array
  readonly ts: Float64Array
  readonly value: Float64Array
  length = 0

  constructor(capacity: number) {
    this.seriesId = new Int32Array(capacity)
    this.ts = new Float64Array(capacity)
    this.value = new Float64Array(capacity)
  }
}

export interface PreparedBatch {
  rejected: RejectedSample[]
  /** Series first seen in this batch; inserted in the same transaction as the samples. */
  newSeries: SeriesEntry[]
  /** Series without a unit that this batch gives one; applied to the catalog after the commit. */
  unitUpdates: Array<{ entry: SeriesEntry; unit: string }>
  /** Smallest accepted timestamp (Infinity when none). */
  minTs: number
}

/** Validates `samples` and appends the accepted ones to `columns`; `columns` must have room for all. Never throws for bad input. */
export function prepareBatch(
  catalog: SeriesCatalog,
  columns: SampleColumns,
  source: string,
  samples: readonly IngestSample[],
  now: number
): PreparedBatch {
  const rejected: RejectedSample[] = []
  const newSeries: SeriesEntry[] = []
  const unitUpdates = new Map<SeriesEntry, string>()
  const sidCol = columns.seriesId
  const tsCol = columns.ts
  const valueCol = columns.value
  let row = columns.length
  let minTs = Infinity
  // Consecutive samples often share one labels object (a source reusing its label set).
  let lastName: unknown
  let lastLabels: unknown
  let lastEntry: SeriesEntry | undefined

  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] as IngestSample | null
    if (typeof s !== 'object' || s === null) {
      rejected.push({ index: i, reason: sampleProblem(s) ?? 'invalid sample' })
      continue
    }
    const ts = s.ts
    const value = s.value
    const labels = s.labels
    const name = s.name
    if (
      typeof value !== 'number' ||
      value - value !== 0 || // NaN and ±Infinity
      typeof ts !== 'number' ||
      !(ts >= MIN_TS && ts < MAX_TS) ||
      (labels !== undefined && (typeof labels !== 'object' || labels === null || Array.isArray(labels)))
    ) {
      rejected.push({ index: i, reason: sampleProblem(s) ?? 'invalid sample' })
      continue
    }
    let entry = labels === lastLabels && name === lastName ? lastEntry : catalog.find(name, labels)
    if (entry === undefined) {
      const problem = sampleProblem(s)
      if (problem !== null) {
        rejected.push({ index: i, reason: problem })
        continue
      }
      const unit = typeof s.unit === 'string' && s.unit !== '' ? s.unit : null
      const resolved = catalog.resolve(name, labels, unit, source, now)
      entry = resolved.entry
      if (resolved.created) newSeries.push(entry)
    }
    const unit = s.unit
    if (unit !== undefined && unit !== null) {
      if (typeof unit !== 'string' || unit.length > MAX_UNIT_LENGTH) {
        rejected.push({ index: i, reason: sampleProblem(s) ?? 'invalid unit' })
        continue
      }
      if (entry.unit === null && unit !== '' && !unitUpdates.has(entry)) unitUpdates.set(entry, unit)
    }
    lastName = name
    lastLabels = labels
    lastEntry = entry
    const roundedTs = Math.round(ts)
    sidCol[row] = entry.id
    tsCol[row] = roundedTs
    valueCol[row] = value
    row++
    if (roundedTs < minTs) minTs = roundedTs
  }
  columns.length = row
  return { rejected, newSeries, unitUpdates: [...unitUpdates].map(([entry, unit]) => ({ entry, unit })), minTs }
}
