// Reads the query-string parameters of the REST routes, with errors that name the parameter and value.
import { parseDuration, parseTimePoint } from '@shared/duration'
import { AGGREGATIONS, type Aggregation, type Labels } from '@shared/types'

/** A bad query parameter; the error handler answers 400 with its message. */
export class QueryParamError extends Error {
  override name = 'QueryParamError'
  readonly statusCode = 400
}

type Query = Record<string, string | string[] | undefined>

/** Throws unless every parameter is one of `allowed`. */
export function checkKnownParams(query: Query, allowed: readonly string[]): void {
  for (const key of Object.keys(query)) {
    if (!allowed.includes(key)) {
      throw new QueryParamError(`unknown query parameter "${key}" (expected ${allowed.join(', ')})`)
    }
  }
}

/** The single value of a parameter, or undefined; repeated parameters are an error. */
export function single(query: Query, key: string): string | undefined {
  const value = query[key]
  if (Array.isArray(value)) throw new QueryParamError(`query parameter "${key}" is given ${value.length} times; give it once`)
  return value
}

/** A time point: epoch ms, ISO 8601, "now" or "now-1h". */
export function timeParam(query: Query, key: string, now: number): number | undefined {
  const text = single(query, key)
  if (text === undefined) return undefined
  const value = parseTimePoint(text, now)
  if (value === null) {
    throw new QueryParamError(`query parameter "${key}": ${JSON.stringify(text)} is not a time (expected epoch ms, ISO 8601 such as 2024-05-01T12:00:00Z, or now-1h)`)
  }
  return value
}

/** A bucket width in seconds: a positive number ("60") or a duration ("5m"). */
export function stepParam(query: Query, key: string): number | undefined {
  const text = single(query, key)
  if (text === undefined || text === '') return undefined
  const seconds = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : (parseDuration(text) ?? NaN) / 1000
  if (!(seconds > 0)) {
    throw new QueryParamError(`query parameter "${key}": ${JSON.stringify(text)} is not a positive number of seconds (or a duration such as 5m)`)
  }
  return seconds
}

/** One of the aggregations. */
export function aggParam(query: Query, key: string): Aggregation | undefined {
  const text = single(query, key)
  if (text === undefined || text === '') return undefined
  if (!(AGGREGATIONS as readonly string[]).includes(text)) {
    throw new QueryParamError(`query parameter "${key}": ${JSON.stringify(text)} is not one of ${AGGREGATIONS.join(', ')}`)
  }
  return text as Aggregation
}

/** Labels written as k=v,k=v. */
export function labelsParam(query: Query, key: string): Labels | undefined {
  const text = single(query, key)
  if (text === undefined || text === '') return undefined
  const labels: Labels = {}
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=')
    const name = eq === -1 ? '' : pair.slice(0, eq).trim()
    if (name === '' || name === '__proto__') {
      throw new QueryParamError(`query parameter "${key}": ${JSON.stringify(pair)} is not a label (expected name=value, comma-separated)`)
    }
    labels[name] = pair.slice(eq + 1).trim()
  }
  return labels
}
