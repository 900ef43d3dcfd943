// Recursive-descent parser of the KPI formula language:
//   expr    := term (("+" | "-") term)*
//   term    := unary (("*" | "/") unary)*
//   unary   := "-" unary | primary
//   primary := number | "(" expr ")" | fn "(" expr ("," expr)* ")" | series [ "{" labels "}" ]
//   labels  := [ label "=" string ("," label "=" string)* [","] ]
// Series names follow [A-Za-z_:][A-Za-z0-9_:.]*; fn is min, max or abs.
import type { Labels } from '../types'
import { refKey, type BinaryOp, type Formula, type FormulaFunction, type FormulaNode, type SeriesRef } from './ast'
import { FormulaError } from './formula-error'
import { tokenize, type Token, type TokenKind } from './tokenize'

const FUNCTIONS: Record<FormulaFunction, { min: number; max: number }> = {
  min: { min: 1, max: Infinity },
  max: { min: 1, max: Infinity },
  abs: { min: 1, max: 1 }
}
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
/** Deeper nesting than this is refused rather than risking the stack. */
const MAX_DEPTH = 64

/** Parses formula text; throws FormulaError (`formula "(a + b": expected ")" at column 7`). */
export function parseFormula(text: string): Formula {
  if (typeof text !== 'string') throw new FormulaError(String(text), 0, 'expected the formula as text')
  const parser = new Parser(text, tokenize(text))
  if (parser.peek().kind === 'end') throw new FormulaError(text, 0, 'the formula is empty')
  const root = parser.expression(0)
  parser.expectEnd()
  return { text, root }
}

class Parser {
  private pos = 0

  constructor(
    private readonly text: string,
    private readonly tokens: Token[]
  ) {}

  peek(): Token {
    return this.tokens[this.pos]
  }

  expression(depth: number): FormulaNode {
    if (depth > MAX_DEPTH) throw this.error(this.peek(), `nested more than ${MAX_DEPTH} levels deep`)
    let left = this.term(depth)
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().text as BinaryOp
      const right = this.term(depth)
      left = { type: 'binary', op, left, right, start: left.start, end: right.end }
    }
    return left
  }

  expectEnd(): void {
    const tok = this.peek()
    if (tok.kind !== 'end') throw this.error(tok, `expected an operator (+ - * /) or the end of the formula, found ${describe(tok)}`)
  }

  private term(depth: number): FormulaNode {
    let left = this.unary(depth)
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.next().text as BinaryOp
      const right = this.unary(depth)
      left = { type: 'binary', op, left, right, start: left.start, end: right.end }
    }
    return left
  }

  private unary(depth: number): FormulaNode {
    if (this.isOp('-')) {
      const minus = this.next()
      if (depth > MAX_DEPTH) throw this.error(minus, `nested more than ${MAX_DEPTH} levels deep`)
      const arg = this.unary(depth + 1)
      return { type: 'negate', arg, start: minus.start, end: arg.end }
    }
    return this.primary(depth)
  }

  private primary(depth: number): FormulaNode {
    const tok = this.peek()
    switch (tok.kind) {
      case 'number': {
        this.next()
        const value = Number(tok.text)
        if (!Number.isFinite(value)) throw this.error(tok, `number ${tok.text} is too large`)
        return { type: 'number', value, start: tok.start, end: tok.end }
      }
      case '(': {
        this.next()
        const inner = this.expression(depth + 1)
        const close = this.expect(')')
        // The parentheses belong to the node's text, so messages quote "(a - b)".
        return { ...inner, start: tok.start, end: close.end }
      }
      case 'name':
        this.next()
        return this.peek().kind === '(' ? this.call(tok, depth) : this.reference(tok)
      default:
        throw this.error(tok, `expected a number, a series name or "("${found(tok)}`)
    }
  }

  private call(name: Token, depth: number): FormulaNode {
    if (!Object.hasOwn(FUNCTIONS, name.text)) {
      throw this.error(name, `unknown function "${name.text}" (the functions are min, max and abs)`)
    }
    const fn = name.text as FormulaFunction
    this.expect('(')
    const args: FormulaNode[] = []
    if (this.peek().kind !== ')') {
      args.push(this.expression(depth + 1))
      while (this.peek().kind === ',') {
        this.next()
        args.push(this.expression(depth + 1))
      }
    }
    const close = this.expect(')')
    const { min, max } = FUNCTIONS[fn]
    if (args.length < min || args.length > max) {
      const wanted = min === max ? `${min} argument${min === 1 ? '' : 's'}` : `at least ${min} argument${min === 1 ? '' : 's'}`
      throw this.error(name, `${fn}() takes ${wanted}, got ${args.length}`)
    }
    return { type: 'call', fn, args, start: name.start, end: close.end }
  }

  private reference(name: Token): FormulaNode {
    const labels: Labels = {}
    let end = name.end
    if (this.peek().kind === '{') {
      this.next()
      while (this.peek().kind !== '}') {
        const label = this.peek()
        if (label.kind !== 'name' || !LABEL_NAME.test(label.text)) {
          throw this.error(label, `expected a label name or "}"${found(label)}`)
        }
        this.next()
        this.expect('=')
        const value = this.peek()
        if (value.kind !== 'string') throw this.error(value, `expected a quoted label value such as "x"${found(value)}`)
        this.next()
        if (Object.hasOwn(labels, label.text)) throw this.error(label, `label "${label.text}" is given twice`)
        // defineProperty, so a label named "__proto__" stays an ordinary key.
        Object.defineProperty(labels, label.text, { value: value.text, enumerable: true, writable: true, configurable: true })
        if (this.peek().kind === ',') this.next()
        else if (this.peek().kind !== '}') throw this.error(this.peek(), `expected "," or "}"${found(this.peek())}`)
      }
      end = this.next().end
    }
    const ref: SeriesRef = { name: name.text, labels, key: refKey(name.text, labels) }
    return { type: 'ref', ref, start: name.start, end }
  }

  private isOp(op: string): boolean {
    const tok = this.peek()
    return tok.kind === 'op' && tok.text === op
  }

  private next(): Token {
    const tok = this.tokens[this.pos]
    if (tok.kind !== 'end') this.pos++
    return tok
  }

  private expect(kind: TokenKind): Token {
    const tok = this.peek()
    if (tok.kind !== kind) throw this.error(tok, `expected "${kind}"${found(tok)}`)
    return this.next()
  }

  private error(tok: Token, problem: string): FormulaError {
    return new FormulaError(this.text, tok.start, problem)
  }
}

function describe(tok: Token): string {
  if (tok.kind === 'end') return 'the end of the formula'
  if (tok.kind === 'string') return `the string ${JSON.stringify(tok.text)}`
  return `"${tok.text}"`
}

/** ", found X" unless the formula simply ended. */
function found(tok: Token): string {
  return tok.kind === 'end' ? '' : `, found ${describe(tok)}`
}
