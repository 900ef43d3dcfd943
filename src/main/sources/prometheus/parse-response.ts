// Prometheus query results → samples. Instant queries give a vector or a scalar; range
// queries a matrix. Values arrive as strings and may be "NaN" or "±Inf", which the store
// refuses, so those become problems while the rest of the result is kept.
import type { IngestSample, Labels } from '@shared/types'
import type { PromData } from './client'

export interface SeriesNaming {
  /** Configured series name; wins over the result's __name__. */
  series?: string
  unit?: string
  /** Used when neither a configured name nor __name__ exists (e.g. `sum(rate(x[5m]))`). */
  fallback: string
}

export interface ParsedResult {
  samples: IngestSample[]
  problems: string[]
}

/** Samples from an instant query (vector or scalar); throws for result types that cannot be stored. */
export function instantResultToSamples(data: PromData, naming: SeriesNaming): ParsedResult {
  const out: ParsedResult = { samples: [], problems: [] }
  if (data.resultType === 'scalar') {
    addPoint(out, naming.series ?? naming.fallback, {}, data.result, 'the scalar result', naming.unit)
    return out
  }
  if (data.resultType !== 'vector') throw unsupported(data.resultType, 'an instant query')
  forEachSeries(data.result, out, naming, (name, labels, item, where) => addPoint(out, name, labels, item.value, where, naming.unit))
  return out
}

/** Samples from a range query (matrix). */
export function rangeResultToSamples(data: PromData, naming: SeriesNaming): ParsedResult {
  const out: ParsedResult = { samples: [], problems: [] }
  if (data.resultType !== 'matrix') throw unsupported(data.resultType, 'a range query')
  forEachSeries(data.result, out, naming, (name, labels, item, where) => {
    if (!Array.isArray(item.values)) {
      out.problems.push(`${where} has no "values" array`)
      return
    }
    for (const point of item.values) addPoint(out, name, labels, point, where, naming.unit)
  })
  return out
}

type SeriesVisitor = (name: string, labels: Labels, item: Record<string, unknown>, where: string) => void

function forEachSeries(result: unknown, out: ParsedResult, naming: SeriesNaming, visit: SeriesVisitor): void {
  if (!Array.isArray(result)) {
    out.problems.push('the result is not a list of series')
    return
  }
  result.forEach((item: unknown, i) => {
    const metric = typeof item === 'object' && item !== null ? (item as Record<string, unknown>).metric : undefined
    if (typeof metric !== 'object' || metric === null) {
      out.problems.push(`result[${i}] has no "metric" label set`)
      return
    }
    const labels: Labels = {}
    let metricName: string | undefined
    for (const [k, v] of Object.entries(metric)) {
      if (k === '__name__') metricName = String(v)
      else labels[k] = String(v)
    }
    const name = naming.series ?? metricName ?? naming.fallback
    visit(name, labels, item as Record<string, unknown>, seriesText(metricName ?? name, labels))
  })
}

function addPoint(out: ParsedResult, name: string, labels: Labels, point: unknown, where: string, unit?: string): void {
  if (!Array.isArray(point) || point.length !== 2 || typeof point[0] !== 'number' || typeof point[1] !== 'string') {
    out.problems.push(`${where}: expected a [time, "value"] pair, got ${JSON.stringify(point)?.slice(0, 60)}`)
    return
  }
  const ts = Math.round(point[0] * 1000)
  const value = Number(point[1])
  if (!Number.isFinite(value)) {
    out.problems.push(`${where} at ${new Date(ts).toISOString()} is ${point[1]}, which cannot be stored (only finite numbers)`)
    return
  }
  const sample: IngestSample = { name, labels, ts, value }
  if (unit !== undefined) sample.unit = unit
  out.samples.push(sample)
}

function seriesText(name: string, labels: Labels): string {
  const inner = Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',')
  return `${name}{${inner}}`
}

function unsupported(resultType: string, what: string): Error {
  const hint = resultType === 'matrix' ? ' (a range selector such as [5m] needs a function like rate() around it)' : ''
  return new Error(`${what} returned a ${resultType} result, which cannot be stored as samples${hint}`)
}
