// Checking an annotation before it is stored: what the store accepts, with messages that say
// what is wrong and where. Pure (no database), so the API can check before it queues a write.
import type { Annotation, AnnotationKind } from '@shared/annotations'
import { labelsProblem } from './labels'
import type { AnnotationInput } from './metric-store'

/** Every kind, as a record so a kind added to the type without being listed here is a compile error. */
const KIND_SET: Record<AnnotationKind, true> = { deployment: true, incident: true, alert: true, note: true }
/** Every annotation kind. */
export const ANNOTATION_KINDS = Object.keys(KIND_SET) as AnnotationKind[]

/** Annotations one query returns when it names no limit, and the most it may ask for. */
export const DEFAULT_ANNOTATION_LIMIT = 500
export const MAX_ANNOTATION_LIMIT = 5000
const MAX_TITLE = 200
const MAX_TEXT = 5000
const MAX_SERIES = 50
const MAX_SERIES_NAME = 500
const MAX_KEY = 500
/** The largest |epoch ms| a JS Date can hold; nothing outside is a real time. */
export const MAX_EPOCH_MS = 8.64e15

/** True for one of the annotation kinds. */
export function isAnnotationKind(kind: unknown): kind is AnnotationKind {
  return typeof kind === 'string' && Object.hasOwn(KIND_SET, kind)
}

/** An annotation input after checking: whole-ms times, defaults filled in. */
export type CheckedAnnotation = Omit<Annotation, 'id'> & { key: string | undefined }

/** Validates an annotation to store; returns it normalised or throws naming the problem. */
export function checkAnnotation(a: AnnotationInput): CheckedAnnotation {
  if (typeof a !== 'object' || a === null) throw new Error('an annotation must be an object')
  const source = a.source
  if (typeof source !== 'string' || source === '') throw new Error('an annotation needs a non-empty source id')
  const where = `annotation from source "${clip(source)}"${typeof a.key === 'string' ? ` (key "${clip(a.key)}")` : ''}`
  const fail = (problem: string): never => {
    throw new Error(`${where}: ${problem}`)
  }
  if (a.key !== undefined && (typeof a.key !== 'string' || a.key === '' || a.key.length > MAX_KEY)) {
    fail(`key must be a non-empty string of at most ${MAX_KEY} characters`)
  }
  if (!isAnnotationKind(a.kind)) fail(`kind ${JSON.stringify(a.kind)} is not one of ${ANNOTATION_KINDS.join(', ')}`)
  const ts = epochMs(a.ts, 'ts', fail)
  const endTs = a.endTs === null || a.endTs === undefined ? null : epochMs(a.endTs, 'endTs', fail)
  if (endTs !== null && endTs < ts) fail(`endTs (${endTs}) is before ts (${ts})`)
  if (typeof a.title !== 'string' || a.title.trim() === '' || a.title.length > MAX_TITLE) {
    fail(`title must be a non-empty string of at most ${MAX_TITLE} characters`)
  }
  const text = a.text ?? null
  if (text !== null && (typeof text !== 'string' || text.length > MAX_TEXT)) fail(`text must be a string of at most ${MAX_TEXT} characters`)
  const series = a.series ?? []
  if (!Array.isArray(series) || series.length > MAX_SERIES) fail(`series must be a list of at most ${MAX_SERIES} series names`)
  series.forEach((s, i) => {
    if (typeof s !== 'string' || s === '' || s.length > MAX_SERIES_NAME) fail(`series[${i}] must be a non-empty series name`)
  })
  const labels = a.labels ?? {}
  const problem = labelsProblem(labels)
  if (problem) fail(problem)
  return { source, key: a.key, kind: a.kind, ts, endTs, title: a.title, text, series: [...series], labels: { ...labels } }
}

function epochMs(value: unknown, name: string, fail: (problem: string) => never): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > MAX_EPOCH_MS) {
    return fail(`${name} must be epoch milliseconds, got ${String(value)}`)
  }
  return Math.trunc(value)
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text
}
