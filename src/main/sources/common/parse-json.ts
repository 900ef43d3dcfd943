// JSON.parse with a located error: Node 20's messages do not say where the syntax error is,
// so on failure a small scanner finds the line and column of the first problem.
import { truncate } from './describe-value'

export interface JsonErrorLocation {
  /** Character offset of the problem. */
  offset: number
  line: number
  column: number
  problem: string
}

/** Parses JSON; on a syntax error throws `<what> is not valid JSON: <problem> at line L, column C`. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    const loc = locateJsonError(text)
    if (!loc) throw new Error(`${what} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`)
    const near = text.slice(Math.max(0, loc.offset - 15), loc.offset + 15).replace(/\s+/g, ' ')
    const context = text.length === 0 ? '' : ` near ${truncate(JSON.stringify(near), 50)}`
    throw new Error(`${what} is not valid JSON: ${loc.problem} at line ${loc.line}, column ${loc.column} (position ${loc.offset})${context}`)
  }
}

type State = 'value' | 'valueOrClose' | 'after' | 'key' | 'keyOrClose' | 'colon'

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const WHITESPACE = /[ \t\n\r]*/y
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'])

/** Where the first JSON syntax error in `text` is, or null if it is valid JSON. Iterative, so deep nesting cannot overflow the stack. */
export function locateJsonError(text: string): JsonErrorLocation | null {
  const stack: string[] = []
  let state: State = 'value'
  let i = 0
  const fail = (offset: number, problem: string): JsonErrorLocation => ({ offset, problem, ...lineAndColumn(text, offset) })
  for (;;) {
    WHITESPACE.lastIndex = i
    WHITESPACE.exec(text)
    i = WHITESPACE.lastIndex
    if (i >= text.length) {
      if (state === 'after' && stack.length === 0) return null
      return fail(text.length, text.trim() === '' ? 'the text is empty' : 'unexpected end of input')
    }
    const c = text[i]
    switch (state) {
      case 'value':
      case 'valueOrClose': {
        if (state === 'valueOrClose' && c === ']') {
          stack.pop()
          i++
          state = 'after'
        } else if (c === '{' || c === '[') {
          stack.push(c)
          i++
          state = c === '{' ? 'keyOrClose' : 'valueOrClose'
        } else {
          const end = scanScalar(text, i)
          if (typeof end === 'string') return fail(i, end)
          i = end
          state = 'after'
        }
        break
      }
      case 'key':
      case 'keyOrClose': {
        if (state === 'keyOrClose' && c === '}') {
          stack.pop()
          i++
          state = 'after'
        } else if (c === '"') {
          const end = scanString(text, i)
          if (typeof end !== 'number') return fail(end.offset, end.problem)
          i = end
          state = 'colon'
        } else {
          return fail(i, `expected a property name in double quotes, found ${show(c)}`)
        }
        break
      }
      case 'colon':
        if (c !== ':') return fail(i, `expected ":" after the property name, found ${show(c)}`)
        i++
        state = 'value'
        break
      case 'after': {
        const top = stack[stack.length - 1]
        if (top === undefined) return fail(i, `unexpected ${show(c)} after the end of the JSON value`)
        const close = top === '{' ? '}' : ']'
        if (c === ',') state = top === '{' ? 'key' : 'value'
        else if (c === close) {
          stack.pop()
          state = 'after'
        } else return fail(i, `expected "," or "${close}", found ${show(c)}`)
        i++
        break
      }
    }
  }
}

function scanScalar(text: string, i: number): number | string {
  const c = text[i]
  if (c === '"') {
    const end = scanString(text, i)
    return typeof end === 'number' ? end : end.problem
  }
  for (const literal of ['true', 'false', 'null']) {
    if (text.startsWith(literal, i)) return i + literal.length
  }
  NUMBER.lastIndex = i
  if ((c === '-' || (c >= '0' && c <= '9')) && NUMBER.exec(text)) return NUMBER.lastIndex
  return `unexpected ${show(c)}, expected a value`
}

function scanString(text: string, start: number): number | { offset: number; problem: string } {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]
    if (c === '"') return i + 1
    if (c < ' ') return { offset: i, problem: 'unescaped control character in a string' }
    if (c === '\\') {
      const next = text[i + 1]
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, problem: 'bad \\u escape in a string' }
        i += 5
      } else if (next !== undefined && ESCAPES.has(next)) {
        i++
      } else {
        return { offset: i, problem: 'bad escape in a string' }
      }
    }
  }
  return { offset: start, problem: 'unterminated string' }
}

function show(c: string): string {
  return JSON.stringify(c)
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}
