// The predictions table: model outputs with their score, the true label once known, latency and
// feature values (JSON text). Appends are validated and written in one transaction; a record
// re-sent with an id already stored for its model is not stored twice (if it now carries a label
// the stored record lacks, the label is filled in: a source that re-serves recent records with
// their labels added needs nothing else). Late labels can also be sent alone (labelPredictions).
import { BIGINT, DOUBLE, INTEGER, LIST, listValue, VARCHAR } from '@duckdb/node-api'
import type { DuckDBValue } from '@duckdb/node-api'
import type { RejectedSample } from './metric-store'
import { describeProblem, modelProblem, predictionProblem, recordIdProblem, classProblem } from './prediction-rules'
import type { PredictionInput, StoredPrediction } from './prediction-rules'
import type { TableAccess } from './table-access'
import type { Sql } from './sql'
import { toNumber } from './sql'

export type { PredictionInput, StoredPrediction } from './prediction-rules'

/** Rows per INSERT statement (the lists bound to one statement). */
const INSERT_CHUNK = 5000
/** Most records one query returns. */
export const MAX_PREDICTION_QUERY_LIMIT = 200_000

export interface PredictionAppendResult {
  /** New records stored. */
  accepted: number
  /** Invalid records (index in the appended array + reason); the others are kept. */
  rejected: RejectedSample[]
  /** Indexes (in the appended array) of records whose (model, id) was already stored, so not stored again. */
  duplicates: number[]
  /** Of those, stored records that lacked a label and got the re-sent one's. */
  labelled: number
}

/** A late label: the record of `model` whose source id is `id` gets `label`. */
export interface PredictionLabel {
  id: string
  label: number
}

export interface PredictionLabelResult {
  /** Stored records whose label was set (or changed). */
  updated: number
  /** Ids no stored record of the model has (the record may not have arrived yet, or was deleted by retention). */
  unmatched: string[]
  /** Invalid entries (index + reason). */
  rejected: RejectedSample[]
}

export interface ModelInfo {
  model: string
  /** Records stored. */
  count: number
  /** Of those, records with a label. */
  labelled: number
  firstTs: number
  lastTs: number
}

export interface PredictionCounts {
  total: number
  labelled: number
}

export interface PredictionStore {
  /** Validates and stores records in one transaction (durable when resolved); invalid ones are rejected with a reason, the rest kept. */
  append(records: readonly PredictionInput[]): Promise<PredictionAppendResult>
  /** Sets late labels on stored records of `model`, matched by the source's record id, in one transaction. */
  labelPredictions(model: string, labels: readonly PredictionLabel[]): Promise<PredictionLabelResult>
  /**
   * Records of `model` with from ≤ ts < to in time order (ties in arrival order). At most `limit`:
   * when more fall in the window, `limit` of them evenly spread over it (every k-th), never just the oldest.
   */
  queryPredictions(model: string, from: number, to: number, limit: number): Promise<StoredPrediction[]>
  /** How many records of `model` have from ≤ ts < to, and how many of them are labelled. */
  countPredictions(model: string, from: number, to: number): Promise<PredictionCounts>
  /** Every model with stored records, by name. */
  listModels(): Promise<ModelInfo[]>
  /** Deletes records with ts before `cutoff`; returns how many. */
  prune(cutoff: number): Promise<number>
}

/** The predictions table of one open store (writes on the store's writer queue, reads on a reader). */
export class StorePredictions implements PredictionStore {
  constructor(private readonly access: TableAccess) {}

  append(records: readonly PredictionInput[]): Promise<PredictionAppendResult> {
    if (!Array.isArray(records)) return Promise.reject(new Error(`predictions append: records must be an array, got ${typeof records}`))
    const checked = checkRecords(records)
    if (checked.rows.length === 0) return Promise.resolve({ accepted: 0, rejected: checked.rejected, duplicates: [], labelled: 0 })
    return this.access.write('predictions append', (sql) => sql.transaction(() => insertPredictions(sql, checked)))
  }

  labelPredictions(model: string, labels: readonly PredictionLabel[]): Promise<PredictionLabelResult> {
    const problem = modelProblem(model)
    if (problem) return Promise.reject(new Error(`predictions label: model ${problem}`))
    if (!Array.isArray(labels)) return Promise.reject(new Error(`predictions label for model "${model}": labels must be an array, got ${typeof labels}`))
    const rejected: RejectedSample[] = []
    const latest = new Map<string, number>()
    labels.forEach((l, index) => {
      const reason = labelProblem(l)
      if (reason) rejected.push({ index, reason })
      else latest.set(l.id, l.label) // a repeated id: the later label wins, as if applied in order
    })
    if (latest.size === 0) return Promise.resolve({ updated: 0, unmatched: [], rejected })
    return this.access.write('predictions label', (sql) =>
      sql.transaction(async () => {
        const { updated, unmatched } = await applyLabels(sql, model, latest, false)
        return { updated, unmatched, rejected }
      })
    )
  }

  queryPredictions(model: string, from: number, to: number, limit: number): Promise<StoredPrediction[]> {
    const problem = modelProblem(model) ?? windowProblem(from, to)
    if (problem) return Promise.reject(new Error(`predictions query for model ${JSON.stringify(String(model))}: ${problem}`))
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PREDICTION_QUERY_LIMIT) {
      return Promise.reject(new Error(`predictions query for model "${model}": limit must be a whole number from 1 to ${MAX_PREDICTION_QUERY_LIMIT}, got ${String(limit)}`))
    }
    return this.access.read('predictions query', (sql) => readPredictions(sql, model, from, to, limit))
  }

  countPredictions(model: string, from: number, to: number): Promise<PredictionCounts> {
    const problem = modelProblem(model) ?? windowProblem(from, to)
    if (problem) return Promise.reject(new Error(`predictions count for model ${JSON.stringify(String(model))}: ${problem}`))
    return this.access.read('predictions count', async (sql) => {
      const [[total, labelled]] = await sql.rows(
        `SELECT count(*), count(label) FROM predictions WHERE model = $model AND ts >= $from AND ts < $to`,
        { model, from: big(from), to: big(to) },
        { model: VARCHAR, from: BIGINT, to: BIGINT }
      )
      return { total: toNumber(total), labelled: toNumber(labelled) }
    })
  }

  listModels(): Promise<ModelInfo[]> {
    return this.access.read('predictions models', async (sql) => {
      const rows = await sql.rows(`SELECT model, count(*), count(label), min(ts), max(ts) FROM predictions GROUP BY model ORDER BY model`)
      return rows.map(([model, count, labelled, first, last]) => ({
        model: String(model),
        count: toNumber(count),
        labelled: toNumber(labelled),
        firstTs: toNumber(first),
        lastTs: toNumber(last)
      }))
    })
  }

  prune(cutoff: number): Promise<number> {
    if (typeof cutoff !== 'number' || !Number.isFinite(cutoff)) return Promise.reject(new Error(`predictions prune: cutoff must be epoch milliseconds, got ${String(cutoff)}`))
    return this.access.write('predictions prune', (sql) => deletePredictionsBefore(sql, cutoff))
  }
}

/** Deletes prediction records with ts before `cutoff` (retention); returns how many. */
export function deletePredictionsBefore(sql: Sql, cutoff: number): Promise<number> {
  return sql.exec(`DELETE FROM predictions WHERE ts < $cutoff`, { cutoff: big(cutoff) }, { cutoff: BIGINT })
}

interface CheckedRow {
  /** Index in the appended array. */
  index: number
  model: string
  ts: number
  id: string | null
  prediction: number
  score: number | null
  label: number | null
  latencyMs: number | null
  features: string
}

interface CheckedRecords {
  rows: CheckedRow[]
  rejected: RejectedSample[]
}

function checkRecords(records: readonly PredictionInput[]): CheckedRecords {
  const rows: CheckedRow[] = []
  const rejected: RejectedSample[] = []
  records.forEach((r, index) => {
    const problem = predictionProblem(r)
    if (problem) {
      rejected.push({ index, reason: describeProblem(problem) })
      return
    }
    rows.push({
      index,
      model: r.model,
      ts: Math.round(r.ts),
      id: r.id ?? null,
      prediction: r.prediction,
      score: r.score ?? null,
      label: r.label ?? null,
      latencyMs: r.latencyMs ?? null,
      features: JSON.stringify(r.features ?? {})
    })
  })
  return { rows, rejected }
}

/** Inserts the rows that are new; re-sent ids only fill in missing labels. Runs inside the caller's transaction. */
async function insertPredictions(sql: Sql, checked: CheckedRecords): Promise<PredictionAppendResult> {
  const fresh: CheckedRow[] = []
  // Per model: ids seen earlier in this batch, and re-sent records' labels for ids stored before.
  const seen = new Map<string, Set<string>>()
  const resent = new Map<string, Map<string, number | null>>()
  const duplicates: number[] = []
  const withId = new Map<string, string[]>()
  for (const row of checked.rows) if (row.id !== null) withId.set(row.model, [...(withId.get(row.model) ?? []), row.id])
  const stored = new Map<string, Set<string>>()
  for (const [model, ids] of withId) stored.set(model, await storedIds(sql, model, ids))
  for (const row of checked.rows) {
    if (row.id === null) {
      fresh.push(row)
      continue
    }
    let batch = seen.get(row.model)
    if (!batch) seen.set(row.model, (batch = new Set()))
    if (batch.has(row.id) || stored.get(row.model)?.has(row.id)) {
      duplicates.push(row.index)
      if (row.label !== null) {
        let labels = resent.get(row.model)
        if (!labels) resent.set(row.model, (labels = new Map()))
        labels.set(row.id, row.label)
      }
      continue
    }
    batch.add(row.id)
    fresh.push(row)
  }
  for (let i = 0; i < fresh.length; i += INSERT_CHUNK) await insertRows(sql, fresh.slice(i, i + INSERT_CHUNK))
  let labelled = 0
  for (const [model, labels] of resent) labelled += (await applyLabels(sql, model, labels, true)).updated
  return { accepted: fresh.length, rejected: checked.rejected, duplicates, labelled }
}

async function storedIds(sql: Sql, model: string, ids: string[]): Promise<Set<string>> {
  const rows = await sql.rows(
    `SELECT DISTINCT record_id FROM predictions WHERE model = $model AND list_contains($ids, record_id)`,
    { model, ids: listValue(ids) },
    { model: VARCHAR, ids: LIST(VARCHAR) }
  )
  return new Set(rows.map(([id]) => String(id)))
}

async function insertRows(sql: Sql, rows: CheckedRow[]): Promise<void> {
  // Lists bound as parameters and unnested side by side: one statement per chunk, values never in the SQL text.
  await sql.exec(
    `INSERT INTO predictions (model, ts, record_id, prediction, score, label, latency_ms, features)
     SELECT unnest($model), unnest($ts), unnest($id), unnest($prediction), unnest($score), unnest($label), unnest($latency), unnest($features)`,
    {
      model: listValue(rows.map((r) => r.model)),
      ts: listValue(rows.map((r) => BigInt(r.ts))),
      id: listValue(rows.map((r) => r.id)),
      prediction: listValue(rows.map((r) => r.prediction)),
      score: listValue(rows.map((r) => r.score)),
      label: listValue(rows.map((r) => r.label)),
      latency: listValue(rows.map((r) => r.latencyMs)),
      features: listValue(rows.map((r) => r.features))
    },
    {
      model: LIST(VARCHAR),
      ts: LIST(BIGINT),
      id: LIST(VARCHAR),
      prediction: LIST(DOUBLE),
      score: LIST(DOUBLE),
      label: LIST(DOUBLE),
      latency: LIST(DOUBLE),
      features: LIST(VARCHAR)
    }
  )
}

/** Sets labels by (model, id); `onlyMissing` leaves records that already have a label alone. */
async function applyLabels(
  sql: Sql,
  model: string,
  labels: Map<string, number | null>,
  onlyMissing: boolean
): Promise<{ updated: number; unmatched: string[] }> {
  const ids = [...labels.keys()]
  const matched = await storedIds(sql, model, ids)
  const updated = await sql.exec(
    `UPDATE predictions SET label = l.label
     FROM (SELECT unnest($ids) AS id, unnest($labels) AS label) AS l
     WHERE predictions.model = $model AND predictions.record_id = l.id
       AND ($only_missing = 0 OR predictions.label IS NULL)`,
    { model, ids: listValue(ids), labels: listValue(ids.map((id) => labels.get(id) ?? null)), only_missing: onlyMissing ? 1 : 0 },
    { model: VARCHAR, ids: LIST(VARCHAR), labels: LIST(DOUBLE), only_missing: INTEGER }
  )
  return { updated, unmatched: ids.filter((id) => !matched.has(id)) }
}

async function readPredictions(sql: Sql, model: string, from: number, to: number, limit: number): Promise<StoredPrediction[]> {
  // Row rn of n is kept when (rn * limit) mod n < limit: exactly `limit` rows, one per n/limit stretch.
  const rows = await sql.rows(
    `SELECT ts, record_id, prediction, score, label, latency_ms, features FROM (
       SELECT *, row_number() OVER (ORDER BY ts, seq) - 1 AS rn, count(*) OVER () AS n
       FROM predictions WHERE model = $model AND ts >= $from AND ts < $to
     ) WHERE n <= $limit OR (rn * $limit) % n < $limit
     ORDER BY ts, seq`,
    { model, from: big(from), to: big(to), limit: BigInt(limit) },
    { model: VARCHAR, from: BIGINT, to: BIGINT, limit: BIGINT }
  )
  return rows.map((r) => toRecord(model, r))
}

function toRecord(model: string, r: DuckDBValue[]): StoredPrediction {
  const [ts, id, prediction, score, label, latency, features] = r
  return {
    ts: toNumber(ts),
    model,
    id: id === null ? null : String(id),
    prediction: prediction as number,
    score: score === null ? null : (score as number),
    label: label === null ? null : (label as number),
    latencyMs: latency === null ? null : (latency as number),
    features: parseFeatures(String(features))
  }
}

function parseFeatures(text: string): Record<string, number | string> {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, number | string>
  } catch {
    // Written by append from JSON.stringify, so only a damaged file gets here; the record keeps its other fields.
  }
  return {}
}

function labelProblem(l: unknown): string | null {
  if (typeof l !== 'object' || l === null) return 'expected { id, label }'
  const { id, label } = l as Record<string, unknown>
  if (id === undefined || id === null) return 'id is missing'
  const idProblem = recordIdProblem(id)
  if (idProblem) return `id ${idProblem}`
  const labelIssue = classProblem(label)
  return labelIssue ? `label ${labelIssue}` : null
}

function windowProblem(from: unknown, to: unknown): string | null {
  for (const [key, value] of [['from', from], ['to', to]] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value)) return `${key} must be epoch milliseconds, got ${String(value)}`
  }
  if ((to as number) < (from as number)) return `"to" (${String(to)}) must not be before "from" (${String(from)})`
  return null
}

const big = (n: number): bigint => BigInt(Math.floor(n))
