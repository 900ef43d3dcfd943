// Hands one batch of mapped records to the store: predictions (then their summary samples), and
// late labels grouped by model. Used by both formats of the predictions source.
import type { SourceContext } from '../source'
import type { PredictionInput, PredictionLabel } from '../../store/predictions'
import type { MappedRecord } from './map-record'
import { summarySamples } from './summary-samples'

export interface BatchOutcome {
  /** New records stored. */
  stored: number
  /** Records already stored (same model and id). */
  duplicates: number
  /** Labels set, from label-only records or re-sent records. */
  labelled: number
}

/** Writes the predictions and labels of `mapped` (problems are skipped: the caller reported them). */
export async function writeRecords(ctx: SourceContext, mapped: readonly MappedRecord[], where: string): Promise<BatchOutcome> {
  const write = ctx.writePredictions
  const label = ctx.labelPredictions
  if (!write || !label) throw new Error(`${where}: this Vigil cannot store prediction records here (no predictions store)`)
  const records: PredictionInput[] = []
  const labels = new Map<string, PredictionLabel[]>()
  for (const m of mapped) {
    if (m.kind === 'prediction') records.push(m.record)
    else if (m.kind === 'label') labels.set(m.model, [...(labels.get(m.model) ?? []), { id: m.id, label: m.label }])
  }
  const outcome: BatchOutcome = { stored: 0, duplicates: 0, labelled: 0 }
  if (records.length > 0) {
    const result = await write(records)
    outcome.stored = result.accepted
    outcome.duplicates = result.duplicates.length
    outcome.labelled += result.labelled
    const skipped = new Set([...result.rejected.map((r) => r.index), ...result.duplicates])
    const stored = skipped.size === 0 ? records : records.filter((_, i) => !skipped.has(i))
    if (stored.length > 0) await ctx.write(summarySamples(stored))
  }
  for (const [model, list] of labels) {
    const result = await label(model, list)
    outcome.labelled += result.updated
    if (result.unmatched.length > 0) {
      const n = result.unmatched.length
      ctx.warn(`${where}: ${n} label${n === 1 ? '' : 's'} for model "${model}" match no stored record (ids ${result.unmatched.slice(0, 3).join(', ')}${n > 3 ? ', …' : ''}); kept out`)
    }
  }
  return outcome
}
