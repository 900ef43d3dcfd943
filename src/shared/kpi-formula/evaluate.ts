// Evaluates a parsed formula against reference values. Pure: the caller decides what a
// reference's value is (the KPI layer averages every matching label set).
import type { KpiError } from '../kpi'
import type { Formula, FormulaNode, SeriesRef } from './ast'

/** A reference's value, or undefined when it has none. */
export type RefValues = (ref: SeriesRef) => number | undefined

class EvalFailure {
  constructor(readonly error: KpiError) {}
}

/** The formula's value, or a KpiError (no_data, division_by_zero, not_finite) naming the part of the formula at fault. */
export function evaluateFormula(formula: Formula, values: RefValues): number | KpiError {
  try {
    return evaluate(formula.root, formula.text, values)
  } catch (err) {
    if (err instanceof EvalFailure) return err.error
    throw err
  }
}

/** True when an evaluation result is an error rather than a number. */
export function isKpiError(result: number | KpiError): result is KpiError {
  return typeof result !== 'number'
}

/** The distinct series references of a formula, in order of first appearance. */
export function formulaRefs(formula: Formula): SeriesRef[] {
  const seen = new Map<string, SeriesRef>()
  const walk = (node: FormulaNode): void => {
    switch (node.type) {
      case 'ref':
        if (!seen.has(node.ref.key)) seen.set(node.ref.key, node.ref)
        return
      case 'negate':
        return walk(node.arg)
      case 'binary':
        walk(node.left)
        return walk(node.right)
      case 'call':
        return node.args.forEach(walk)
      case 'number':
        return
    }
  }
  walk(formula.root)
  return [...seen.values()]
}

function evaluate(node: FormulaNode, text: string, values: RefValues): number {
  const finite = (value: number): number => {
    if (!Number.isFinite(value)) {
      throw new EvalFailure({ kind: 'not_finite', message: `${text.slice(node.start, node.end)} is not a finite number (${value})` })
    }
    return value
  }
  switch (node.type) {
    case 'number':
      return node.value
    case 'ref': {
      const value = values(node.ref)
      if (value === undefined) throw new EvalFailure({ kind: 'no_data', message: `no data for ${node.ref.key}` })
      return finite(value)
    }
    case 'negate':
      return -evaluate(node.arg, text, values)
    case 'binary': {
      const left = evaluate(node.left, text, values)
      const right = evaluate(node.right, text, values)
      switch (node.op) {
        case '+':
          return finite(left + right)
        case '-':
          return finite(left - right)
        case '*':
          return finite(left * right)
        case '/':
          if (right === 0) {
            throw new EvalFailure({ kind: 'division_by_zero', message: `division by zero: ${text.slice(node.right.start, node.right.end)} is 0` })
          }
          return finite(left / right)
      }
      break
    }
    case 'call': {
      const args = node.args.map((arg) => evaluate(arg, text, values))
      switch (node.fn) {
        case 'min':
          return Math.min(...args)
        case 'max':
          return Math.max(...args)
        case 'abs':
          return Math.abs(args[0])
      }
    }
  }
  throw new Error(`unknown formula node ${JSON.stringify((node as { type?: unknown }).type)}`)
}
