// One raw record (a CSV row as name → cell, or a JSON object) → a prediction record, a late label,
// or the field that is wrong and why. Shared by the csv and http-json formats and POST /api/predictions.
import type { PredictionInput } from '../../store/predictions'
import { coerceNumber } from '../common/coerce-number'
import { describeValue } from '../common/describe-value'
import { parseTimestamp, TIMESTAMP_FORMATS } from '../common/parse-timestamp'

/** Where each field is found, and how features are recognised (the source config's fields). */
export interface RecordMapping {
  fields: {
    timestamp: string
    model: string
    prediction: string
    score: string
    label: string
    latency_ms: string
    id: string
    features: string
  }
  /** Fixed model for every record, else each record's `fields.model`. */
  model?: string
  /** Keys taken as features. */
  features: readonly string[]
  /** Keys starting with this are features (prefix dropped); '' = none. */
  featurePrefix: string
  /** Features kept as text; others must be numeric. */
  categorical: readonly string[]
  /** Class 1 when only a score is given and score ≥ threshold. */
  threshold: number
}

/** The mapping of POST /api/predictions: the default field names of the source, features in a `features` object. */
export const PUSH_MAPPING: RecordMapping = {
  fields: {
    timestamp: 'timestamp',
    model: 'model',
    prediction: 'prediction',
    score: 'score',
    label: 'label',
    latency_ms: 'latency_ms',
    id: 'id',
    features: 'features'
  },
  features: [],
  featurePrefix: '',
  categorical: [],
  threshold: 0.5
}

export type MappedRecord =
  | { kind: 'prediction'; record: PredictionInput }
  | { kind: 'label'; model: string; id: string; label: number }
  | { kind: 'problem'; field: string; reason: string }

const problem = (field: string, reason: string): MappedRecord => ({ kind: 'problem', field, reason })

/** Empty cells, null and missing all mean "not given". */
function given(value: unknown): boolean {
  return value !== undefined && value !== null && value !== ''
}

export interface MapOptions {
  /** JSON records: a string feature value is a category; CSV cells are all text, so there features are numeric unless categorical. */
  json: boolean
  /** Used when a record has no timestamp field at all (JSON polls: the poll time). */
  fallbackTs?: number
}

/** Maps one record to a prediction, a late label or the first problem (field + reason). */
export function mapRecord(raw: unknown, m: RecordMapping, opts: MapOptions): MappedRecord {
  const fallbackTs = opts.fallbackTs
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return problem('(record)', `is ${describeValue(raw)}, expected an object`)
  const r = raw as Record<string, unknown>
  const f = m.fields

  const model = m.model ?? r[f.model]
  if (typeof model !== 'string' || model === '') return problem(f.model, `is ${describeValue(r[f.model])}, expected the model name (or set model: in the source)`)
  const id = r[f.id]
  let idText: string | null = null
  if (given(id)) {
    if (typeof id !== 'string' && typeof id !== 'number') return problem(f.id, `is ${describeValue(id)}, expected a string or number`)
    idText = String(id)
  }
  let label: number | null = null
  if (given(r[f.label])) {
    const c = coerceNumber(r[f.label])
    if (!c.ok) return problem(f.label, c.reason)
    label = c.value
  }
  let score: number | null = null
  if (given(r[f.score])) {
    const c = coerceNumber(r[f.score])
    if (!c.ok) return problem(f.score, c.reason)
    if (c.value < 0 || c.value > 1) return problem(f.score, `is ${c.value}, expected a probability from 0 to 1`)
    score = c.value
  }
  let prediction: number
  if (given(r[f.prediction])) {
    const c = coerceNumber(r[f.prediction])
    if (!c.ok) return problem(f.prediction, c.reason)
    prediction = c.value
  } else if (score !== null) {
    prediction = score >= m.threshold ? 1 : 0
  } else if (idText !== null && label !== null) {
    // No output at all, only an id and the truth: the label of a record sent earlier.
    return { kind: 'label', model, id: idText, label }
  } else {
    return problem(f.prediction, 'is missing (give a prediction or a score; a late label needs an id and a label)')
  }

  let ts: number
  if (given(r[f.timestamp])) {
    const parsed = parseTimestamp(r[f.timestamp])
    if (parsed === null) return problem(f.timestamp, `is ${describeValue(r[f.timestamp])}, expected ${TIMESTAMP_FORMATS}`)
    ts = parsed
  } else if (fallbackTs !== undefined && !(f.timestamp in r)) {
    ts = fallbackTs
  } else {
    return problem(f.timestamp, 'is missing')
  }

  let latencyMs: number | null = null
  if (given(r[f.latency_ms])) {
    const c = coerceNumber(r[f.latency_ms])
    if (!c.ok) return problem(f.latency_ms, c.reason)
    if (c.value < 0) return problem(f.latency_ms, `is ${c.value}, expected milliseconds ≥ 0`)
    latencyMs = c.value
  }

  const features: Record<string, number | string> = {}
  const nested = opts.json ? r[f.features] : undefined
  if (given(nested)) {
    if (typeof nested !== 'object' || Array.isArray(nested)) return problem(f.features, `is ${describeValue(nested)}, expected an object of feature values`)
    for (const [name, value] of Object.entries(nested as Record<string, unknown>)) {
      const bad = addFeature(features, name, value, m, true)
      if (bad) return problem(`${f.features}.${name}`, bad)
    }
  }
  for (const key of Object.keys(r)) {
    const name = featureName(key, m)
    if (name === null) continue
    const bad = addFeature(features, name, r[key], m, opts.json)
    if (bad) return problem(key, bad)
  }
  const record: PredictionInput = { ts, model, prediction, score, label, latencyMs, features }
  if (idText !== null) record.id = idText
  return { kind: 'prediction', record }
}

/** The feature a key stands for, or null when it is not one. */
function featureName(key: string, m: RecordMapping): string | null {
  if (m.features.includes(key)) return key
  if (m.featurePrefix !== '' && key.startsWith(m.featurePrefix) && key.length > m.featurePrefix.length) return key.slice(m.featurePrefix.length)
  return null
}

/** Adds a feature value (missing values are left out); returns why it is unusable, or null. */
function addFeature(out: Record<string, number | string>, name: string, value: unknown, m: RecordMapping, typedJson: boolean): string | null {
  if (!given(value)) return null
  if (m.categorical.includes(name)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out[name] = String(value)
      return null
    }
    return `is ${describeValue(value)}, expected a category`
  }
  // JSON says what it is: a string is a category there (unless listed otherwise). CSV cells are text, so numeric is the default.
  if (typedJson && typeof value === 'string') {
    out[name] = value
    return null
  }
  const c = coerceNumber(value)
  if (!c.ok) return `${c.reason} (list it under categorical: if it is a category)`
  out[name] = c.value
  return null
}
