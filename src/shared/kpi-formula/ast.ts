// The KPI formula language's syntax tree. Every node remembers where it came from (0-based
// [start, end) offsets into the formula text), so evaluation errors can quote the source.
import type { Labels } from '../types'

/** A series reference, e.g. `service_up` or `service_latency_ms{service="assistant-api"}`. */
export interface SeriesRef {
  name: string
  /** Label filter; a series matches when its labels include all of these. */
  labels: Labels
  /** Canonical text (labels sorted), the same for equal references: used as a cache key. */
  key: string
}

export type FormulaFunction = 'min' | 'max' | 'abs'
export type BinaryOp = '+' | '-' | '*' | '/'

interface Span {
  start: number
  end: number
}

export type FormulaNode =
  | ({ type: 'number'; value: number } & Span)
  | ({ type: 'ref'; ref: SeriesRef } & Span)
  | ({ type: 'negate'; arg: FormulaNode } & Span)
  | ({ type: 'binary'; op: BinaryOp; left: FormulaNode; right: FormulaNode } & Span)
  | ({ type: 'call'; fn: FormulaFunction; args: FormulaNode[] } & Span)

/** A parsed formula: its text and its tree. */
export interface Formula {
  text: string
  root: FormulaNode
}

/** Canonical text of a reference: `name` or `name{a="x",b="y"}` with labels sorted by name. */
export function refKey(name: string, labels: Labels): string {
  const keys = Object.keys(labels).sort()
  if (keys.length === 0) return name
  return `${name}{${keys.map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',')}}`
}
