// The alert template language: text with {{ … }} actions over $value and $labels, a few
// functions, and pipes. Deliberately tiny: no loops, no conditionals, no user code.

/** A value inside an action. null stands for "no value" (e.g. $value of an absence alert). */
export type TemplateValue = number | string | null

export type Operand =
  | { kind: 'value' }
  | { kind: 'label'; name: string }
  | { kind: 'literal'; value: string | number }

/** A function call; in a pipe the previous result is passed as the last argument. */
export interface Call {
  kind: 'call'
  fn: string
  args: Operand[]
}

export type Command = Operand | Call

/** Commands joined by "|". */
export interface Pipeline {
  commands: Command[]
}

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'action'; pipeline: Pipeline }

export interface Template {
  source: string
  parts: TemplatePart[]
}

/** What an action can read. */
export interface TemplateContext {
  /** $value */
  value: number | null
  /** $labels.NAME; a missing label reads as "" (as in Prometheus). */
  labels: Readonly<Record<string, string>>
}
