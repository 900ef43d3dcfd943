// Label sets: checking, canonical text (keys sorted) and subset matching.
import type { Labels } from '@shared/types'

/** Longest accepted label name or value, in UTF-16 code units. */
export const MAX_LABEL_TEXT = 1000
/** Most labels a series may carry. */
export const MAX_LABELS = 64

/** Returns why a label set is unacceptable, or null when it is fine. */
export function labelsProblem(labels: unknown): string | null {
  if (labels === undefined) return null
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    return `labels must be an object of strings, got ${describe(labels)}`
  }
  let count = 0
  for (const key of Object.keys(labels)) {
    const value = (labels as Record<string, unknown>)[key]
    if (key === '') return 'label names must not be empty'
    if (key.length > MAX_LABEL_TEXT) return `label name "${clip(key)}" is longer than ${MAX_LABEL_TEXT} characters`
    if (typeof value !== 'string') return `label "${clip(key)}" is ${describe(value)}, expected a string`
    if (value.length > MAX_LABEL_TEXT) return `label "${clip(key)}" is longer than ${MAX_LABEL_TEXT} characters`
    count++
  }
  if (count > MAX_LABELS) return `a series may have at most ${MAX_LABELS} labels, got ${count}`
  return null
}

/** Canonical JSON text of a (valid) label set: keys sorted by code unit, values as strings. */
export function canonicalLabels(labels: Labels | undefined): string {
  if (!labels) return '{}'
  const keys = Object.keys(labels).sort()
  // Built by hand so a "__proto__" label stays an ordinary key.
  let text = '{'
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) text += ','
    text += JSON.stringify(keys[i]) + ':' + JSON.stringify(labels[keys[i]])
  }
  return text + '}'
}

/** Parses canonical label text back into a plain object. */
export function parseLabels(text: string): Labels {
  return JSON.parse(text) as Labels
}

/** True when every pair of `filter` is present in `labels`. */
export function labelsInclude(labels: Labels, filter: Labels | undefined): boolean {
  if (!filter) return true
  for (const key of Object.keys(filter)) {
    if (!Object.hasOwn(labels, key) || labels[key] !== filter[key]) return false
  }
  return true
}

/** Short description of a JS value for error messages (type, plus the value when small). */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'missing'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value)
  if (typeof value === 'string') return `the string "${clip(value)}"`
  return `a ${typeof value}`
}

/** Shortens text for an error message. */
export function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}
