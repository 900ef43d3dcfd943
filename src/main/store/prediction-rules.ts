// What a valid prediction record is, and the field and reason given when one is not. Pure (no
// DuckDB), so the push route can check a request with the same rules the store applies.
import type { PredictionRecord } from '../analytics/model-quality/types'
import { clip, describe } from './labels'
import { MAX_TS, MIN_TS } from './sample-rules'

/** A record to store: a PredictionRecord, optionally with the source's own id (late labels match on model + id). */
export interface PredictionInput extends PredictionRecord {
  id?: string | null
}

/** A stored record as queries return it. */
export interface StoredPrediction extends PredictionRecord {
  /** The source's id of the record, or null when it gave none. */
  id: string | null
}

export const MAX_MODEL_LENGTH = 200
export const MAX_RECORD_ID_LENGTH = 200
export const MAX_FEATURES = 200
export const MAX_FEATURE_NAME_LENGTH = 200
export const MAX_FEATURE_TEXT_LENGTH = 1000

export interface PredictionProblem {
  /** The offending field, e.g. "score" or "features.amount". */
  field: string
  reason: string
}

/** Why a model name is unacceptable, or null. */
export function modelProblem(model: unknown): string | null {
  if (typeof model !== 'string') return `is ${describe(model)}, expected a model name`
  if (model === '') return 'is empty, expected a model name'
  if (model.length > MAX_MODEL_LENGTH) return `"${clip(model)}" is longer than ${MAX_MODEL_LENGTH} characters`
  return null
}

/** Why a record id is unacceptable (undefined and null mean "no id"), or null. */
export function recordIdProblem(id: unknown): string | null {
  if (id === undefined || id === null) return null
  if (typeof id !== 'string' || id === '') return `is ${describe(id)}, expected a non-empty string`
  if (id.length > MAX_RECORD_ID_LENGTH) return `"${clip(id)}" is longer than ${MAX_RECORD_ID_LENGTH} characters`
  return null
}

/** Why a class value (prediction or label) is unacceptable, or null. */
export function classProblem(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `is ${describe(value)}, expected a finite number (the class, 0 or 1 for a binary model)`
  return null
}

/** The first problem of a record, or null when the store would accept it. */
export function predictionProblem(r: unknown): PredictionProblem | null {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return { field: '(record)', reason: `is ${describe(r)}, expected an object` }
  const rec = r as Record<string, unknown>
  const ts = rec.ts
  if (typeof ts !== 'number' || !Number.isFinite(ts)) return { field: 'ts', reason: `is ${describe(ts)}, expected epoch milliseconds` }
  if (ts < MIN_TS || ts >= MAX_TS) return { field: 'ts', reason: `${ts} is outside 1970-01-01..2200-01-01 (epoch milliseconds expected)` }
  const model = modelProblem(rec.model)
  if (model) return { field: 'model', reason: model }
  const prediction = classProblem(rec.prediction)
  if (prediction) return { field: 'prediction', reason: prediction }
  const score = rec.score
  if (score !== null && score !== undefined) {
    if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) {
      return { field: 'score', reason: `is ${describe(score)}, expected a probability from 0 to 1 or null` }
    }
  }
  if (rec.label !== null && rec.label !== undefined) {
    const label = classProblem(rec.label)
    if (label) return { field: 'label', reason: `${label} or null (not known yet)` }
  }
  const latency = rec.latencyMs
  if (latency !== null && latency !== undefined) {
    if (typeof latency !== 'number' || !Number.isFinite(latency) || latency < 0) {
      return { field: 'latencyMs', reason: `is ${describe(latency)}, expected milliseconds (≥ 0) or null` }
    }
  }
  const id = recordIdProblem(rec.id)
  if (id) return { field: 'id', reason: id }
  return featuresProblem(rec.features)
}

function featuresProblem(features: unknown): PredictionProblem | null {
  if (features === undefined) return null
  if (typeof features !== 'object' || features === null || Array.isArray(features)) {
    return { field: 'features', reason: `is ${describe(features)}, expected an object of feature values` }
  }
  const entries = Object.entries(features)
  if (entries.length > MAX_FEATURES) return { field: 'features', reason: `has ${entries.length} features, more than the ${MAX_FEATURES} allowed` }
  for (const [name, value] of entries) {
    if (name === '' || name.length > MAX_FEATURE_NAME_LENGTH) {
      return { field: 'features', reason: `feature name "${clip(name)}" must be 1 to ${MAX_FEATURE_NAME_LENGTH} characters` }
    }
    const field = `features.${clip(name, 60)}`
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return { field, reason: `is ${describe(value)}, expected a finite number or a string` }
    } else if (typeof value === 'string') {
      if (value.length > MAX_FEATURE_TEXT_LENGTH) return { field, reason: `is longer than ${MAX_FEATURE_TEXT_LENGTH} characters` }
    } else {
      return { field, reason: `is ${describe(value)}, expected a number (numeric feature) or a string (categorical feature)` }
    }
  }
  return null
}

/** "field: reason" as a rejection reason. */
export function describeProblem(p: PredictionProblem): string {
  return `${p.field} ${p.reason}`
}
