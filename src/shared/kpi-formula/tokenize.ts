// Tokenizer of the KPI formula language: numbers, names, strings and punctuation, with their
// 0-based offsets so the parser can report columns.
import { FormulaError } from './formula-error'

export type TokenKind = 'number' | 'name' | 'string' | 'op' | '(' | ')' | '{' | '}' | ',' | '=' | 'end'

export interface Token {
  kind: TokenKind
  /** The token's text; for strings the unescaped value, for numbers the digits as written. */
  text: string
  start: number
  end: number
}

const NAME_START = /[A-Za-z_:]/
const NAME_PART = /[A-Za-z0-9_:.]/
const DIGIT = /[0-9]/
const PUNCTUATION = new Set(['(', ')', '{', '}', ',', '='])

/** Splits formula text into tokens (the last one is always `end`); throws FormulaError on a bad character or string. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const ch = text[i]
    if (/\s/.test(ch)) {
      i++
      continue
    }
    const start = i
    if (DIGIT.test(ch) || (ch === '.' && DIGIT.test(text[i + 1] ?? ''))) {
      i = scanNumber(text, i)
      tokens.push({ kind: 'number', text: text.slice(start, i), start, end: i })
    } else if (NAME_START.test(ch)) {
      while (i < text.length && NAME_PART.test(text[i])) i++
      tokens.push({ kind: 'name', text: text.slice(start, i), start, end: i })
    } else if (ch === '"' || ch === "'") {
      const { value, end } = scanString(text, i)
      i = end
      tokens.push({ kind: 'string', text: value, start, end })
    } else if ('+-*/'.includes(ch)) {
      i++
      tokens.push({ kind: 'op', text: ch, start, end: i })
    } else if (PUNCTUATION.has(ch)) {
      i++
      tokens.push({ kind: ch as TokenKind, text: ch, start, end: i })
    } else {
      throw new FormulaError(text, start, `unexpected character ${JSON.stringify(ch)}`)
    }
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length })
  return tokens
}

// digits [. digits] [(e|E) [+-] digits]; an "e" not followed by digits is left for the next token.
function scanNumber(text: string, i: number): number {
  while (DIGIT.test(text[i] ?? '')) i++
  if (text[i] === '.') {
    i++
    while (DIGIT.test(text[i] ?? '')) i++
  }
  if (text[i] === 'e' || text[i] === 'E') {
    let j = i + 1
    if (text[j] === '+' || text[j] === '-') j++
    if (DIGIT.test(text[j] ?? '')) {
      while (DIGIT.test(text[j] ?? '')) j++
      i = j
    }
  }
  return i
}

// A quoted label value; a backslash takes the next character literally (\" \\ \').
function scanString(text: string, start: number): { value: string; end: number } {
  const quote = text[start]
  let value = ''
  let i = start + 1
  while (i < text.length) {
    const ch = text[i]
    if (ch === quote) return { value, end: i + 1 }
    if (ch === '\\' && i + 1 < text.length) {
      value += text[i + 1]
      i += 2
      continue
    }
    value += ch
    i++
  }
  throw new FormulaError(text, start, `unterminated string (missing closing ${quote})`)
}
