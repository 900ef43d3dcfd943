// The samples a batch of prediction records adds to the ordinary series, so the usual charts and
// alert rules work on models without reading the predictions table:
//   model_predictions_total{model}  records in that minute (of record time) in this batch
//   model_latency_ms{model}         mean serving latency of those records (when they report one)
// Bucketed by minute of the records' own timestamps rather than stamped at poll time, so a
// history file imported in one poll charts as history. A minute spread over two batches gets two
// samples at the same time: `sum` over a bucket adds them up (the count), `avg` averages them.
import type { IngestSample } from '@shared/types'
import type { PredictionInput } from '../../store/predictions'

export const PREDICTIONS_TOTAL_SERIES = 'model_predictions_total'
export const LATENCY_SERIES = 'model_latency_ms'
const MINUTE = 60_000

/** Per model and minute: the count and mean latency of `records`. */
export function summarySamples(records: readonly PredictionInput[]): IngestSample[] {
  const buckets = new Map<string, { model: string; ts: number; count: number; latencySum: number; latencyCount: number }>()
  for (const r of records) {
    const ts = Math.floor(r.ts / MINUTE) * MINUTE
    const key = `${ts}\u0000${r.model}`
    let b = buckets.get(key)
    if (!b) buckets.set(key, (b = { model: r.model, ts, count: 0, latencySum: 0, latencyCount: 0 }))
    b.count++
    if (r.latencyMs !== null && r.latencyMs !== undefined) {
      b.latencySum += r.latencyMs
      b.latencyCount++
    }
  }
  const out: IngestSample[] = []
  for (const b of [...buckets.values()].sort((x, y) => x.ts - y.ts || x.model.localeCompare(y.model))) {
    out.push({ name: PREDICTIONS_TOTAL_SERIES, labels: { model: b.model }, ts: b.ts, value: b.count })
    if (b.latencyCount > 0) out.push({ name: LATENCY_SERIES, labels: { model: b.model }, ts: b.ts, value: b.latencySum / b.latencyCount, unit: 'ms' })
  }
  return out
}
