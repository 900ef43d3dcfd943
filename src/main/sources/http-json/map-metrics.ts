// A parsed JSON response → samples, per configured metric. Each bad value becomes a problem
// naming its path; every good value is kept.
import type { SourceConfigOf } from '@shared/config/schema'
import type { IngestSample, Labels } from '@shared/types'
import { coerceNumber } from '../common/coerce-number'
import { describeValue } from '../common/describe-value'
import { parseTimestamp, TIMESTAMP_FORMATS } from '../common/parse-timestamp'
import { joinPath, queryJson, type PathMatch } from './json-path'

export type JsonMetric = SourceConfigOf<'http-json'>['metrics'][number]

export interface MappedMetrics {
  samples: IngestSample[]
  /** e.g. `$.data.revenue is "abc", expected a number`. */
  problems: string[]
}

/** Maps every configured metric; `now` (epoch ms) is the timestamp when a metric has no timestamp_path. */
export function mapMetrics(json: unknown, metrics: readonly JsonMetric[], now: number): MappedMetrics {
  const out: MappedMetrics = { samples: [], problems: [] }
  for (const metric of metrics) {
    try {
      for (const item of itemsOf(json, metric)) {
        const result = mapItem(item, metric, now)
        if (typeof result === 'string') out.problems.push(result)
        else out.samples.push(result)
      }
    } catch (err) {
      out.problems.push(`metric "${metric.series}": ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  return out
}

/** The values each sample is taken from: the whole document, or the elements found by `items`. */
function itemsOf(json: unknown, metric: JsonMetric): PathMatch[] {
  if (metric.items === undefined) return [{ path: '$', value: json }]
  const matches = queryJson(json, metric.items)
  if (matches.length === 0) throw new Error(`items ${metric.items} matched nothing`)
  if (matches.length > 1) return matches
  const [only] = matches
  if (!Array.isArray(only.value)) throw new Error(`items ${only.path} is ${describeValue(only.value)}, expected an array`)
  return only.value.map((value: unknown, i) => ({ path: `${only.path}[${i}]`, value }))
}

/** One sample from one item, or the reason there is none. */
function mapItem(item: PathMatch, metric: JsonMetric, now: number): IngestSample | string {
  const found = single(item, metric.path)
  if (typeof found === 'string') return found
  const coerced = coerceNumber(found.value)
  if (!coerced.ok) return `${found.path} ${coerced.reason}`

  const labels: Labels = { ...metric.labels }
  for (const [name, path] of Object.entries(metric.label_paths)) {
    const label = single(item, path)
    if (typeof label === 'string') return `label "${name}": ${label}`
    const v = label.value
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      return `label "${name}": ${label.path} is ${describeValue(v)}, expected a string or number`
    }
    labels[name] = String(v)
  }

  let ts = now
  if (metric.timestamp_path !== undefined) {
    const stamp = single(item, metric.timestamp_path)
    if (typeof stamp === 'string') return stamp
    const parsed = parseTimestamp(stamp.value)
    if (parsed === null) return `${stamp.path} is ${describeValue(stamp.value)}, expected a timestamp (${TIMESTAMP_FORMATS})`
    ts = parsed
  }

  const sample: IngestSample = { name: metric.series, labels, ts, value: coerced.value }
  if (metric.unit !== undefined) sample.unit = metric.unit
  return sample
}

/** Exactly one match of `path` inside the item, or the problem. */
function single(item: PathMatch, path: string): PathMatch | string {
  const matches = queryJson(item.value, path, item.path)
  if (matches.length === 0) return `${joinPath(item.path, path)} is missing`
  if (matches.length > 1) return `${joinPath(item.path, path)} matched ${matches.length} values, expected one (use "items" for lists)`
  return matches[0]
}
