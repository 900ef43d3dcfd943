// Parses alert templates. Every error names the column and says what was expected, so a bad
// annotation is reported when the config loads, not when the alert fires.
import type { Call, Command, Operand, Pipeline, Template, TemplatePart } from './ast'
import { checkPrintfFormat, FUNCTIONS } from './functions'
import { TemplateError } from './template-error'

type Token =
  | { t: 'var'; name: string; field: string | null; col: number }
  | { t: 'ident'; name: string; col: number }
  | { t: 'string'; value: string; col: number }
  | { t: 'number'; value: number; col: number }
  | { t: 'pipe'; col: number }

const KNOWN = Object.keys(FUNCTIONS).join(', ')

function fail(col: number, message: string): never {
  throw new TemplateError(`${message} (column ${col + 1})`)
}

/** Reads a quoted string starting at `start` (on the quote); returns its value and the index after it. */
function readString(src: string, start: number): { value: string; end: number } {
  const quote = src[start]
  let value = ''
  let i = start + 1
  while (i < src.length) {
    const c = src[i]
    if (c === quote) return { value, end: i + 1 }
    if (quote === '"' && c === '\\') {
      const e = src[i + 1]
      const map: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\' }
      if (!(e in map)) fail(i, `unknown escape "\\${e ?? ''}" in a string (use \\n, \\t, \\" or \\\\)`)
      value += map[e]
      i += 2
      continue
    }
    if (quote === '"' && c === '\n') break
    value += c
    i++
  }
  return fail(start, 'unterminated string')
}

/** Tokenises one action's content from `start`; returns the tokens and the index just after "}}". */
function tokenizeAction(src: string, start: number): { tokens: Token[]; end: number } {
  const tokens: Token[] = []
  let i = start
  while (i < src.length) {
    const c = src[i]
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++
    } else if (c === '}' && src[i + 1] === '}') {
      return { tokens, end: i + 2 }
    } else if (c === '|') {
      tokens.push({ t: 'pipe', col: i })
      i++
    } else if (c === '"' || c === '`') {
      const s = readString(src, i)
      tokens.push({ t: 'string', value: s.value, col: i })
      i = s.end
    } else if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?(?:\.([A-Za-z_][A-Za-z0-9_]*))?/.exec(src.slice(i))
      const name = m?.[1] ?? ''
      tokens.push({ t: 'var', name, field: m?.[2] ?? null, col: i })
      i += m ? m[0].length : 1
    } else if (/[-0-9.]/.test(c)) {
      const m = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/.exec(src.slice(i))
      if (!m) fail(i, `unexpected "${c}"`)
      tokens.push({ t: 'number', value: Number(m[0]), col: i })
      i += m[0].length
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray
      tokens.push({ t: 'ident', name: m[0], col: i })
      i += m[0].length
    } else {
      fail(i, `unexpected "${c}" in {{ … }} (expected $value, $labels.NAME, a function, a string or a number)`)
    }
  }
  return fail(start - 2, 'unclosed "{{" (expected "}}")')
}

function operand(tok: Token): Operand | null {
  if (tok.t === 'string') return { kind: 'literal', value: tok.value }
  if (tok.t === 'number') return { kind: 'literal', value: tok.value }
  if (tok.t !== 'var') return null
  if (tok.name === 'value' && tok.field === null) return { kind: 'value' }
  if (tok.name === 'labels' && tok.field !== null) return { kind: 'label', name: tok.field }
  if (tok.name === 'labels') fail(tok.col, '$labels needs a label name, e.g. $labels.service')
  return fail(tok.col, `unknown variable "$${tok.name}${tok.field ? `.${tok.field}` : ''}" (use $value or $labels.NAME)`)
}

function parseCommand(tokens: Token[], piped: boolean): Command {
  const [head, ...rest] = tokens
  if (head.t === 'ident') {
    const fn = FUNCTIONS[head.name]
    if (!fn) fail(head.col, `unknown function "${head.name}" (known: ${KNOWN})`)
    const args = rest.map((tok) => operand(tok) ?? fail(tok.col, `unexpected "${tok.t === 'ident' ? tok.name : tok.t}" as an argument of ${head.name}`))
    const count = args.length + (piped ? 1 : 0)
    if (fn.variadic ? count < fn.arity : count !== fn.arity) {
      fail(head.col, `${head.name} takes ${fn.variadic ? 'at least ' : ''}${fn.arity} argument${fn.arity === 1 ? '' : 's'}, got ${count}`)
    }
    if (head.name === 'printf') {
      const format = args[0]
      if (format === undefined || format.kind !== 'literal' || typeof format.value !== 'string') {
        fail(head.col, 'printf needs a format string first, e.g. printf "%.2f" $value')
      }
      checkPrintfFormat(format.value as string)
    }
    const call: Call = { kind: 'call', fn: head.name, args }
    return call
  }
  if (rest.length > 0) fail(rest[0].col, 'unexpected text after a value (call a function, or use "|" to pipe)')
  if (piped) fail(head.col, 'only a function can follow "|"')
  return operand(head) as Operand
}

function parsePipeline(tokens: Token[], col: number): Pipeline {
  if (tokens.length === 0) fail(col, 'empty {{ }}')
  const commands: Command[] = []
  let current: Token[] = []
  for (const tok of [...tokens, null]) {
    if (tok === null || tok.t === 'pipe') {
      if (current.length === 0) fail(tok?.col ?? col, '"|" needs a command on both sides')
      commands.push(parseCommand(current, commands.length > 0))
      current = []
    } else {
      current.push(tok)
    }
  }
  return { commands }
}

/** Parses template text; throws TemplateError naming the column of the first problem. */
export function parseTemplate(source: string): Template {
  const parts: TemplatePart[] = []
  const text = (from: number, to: number): void => {
    const chunk = source.slice(from, to)
    const stray = chunk.indexOf('}}')
    if (stray >= 0) fail(from + stray, 'unmatched "}}" (write {{ "}}" }} for literal braces)')
    if (chunk.length > 0) parts.push({ kind: 'text', text: chunk })
  }
  let i = 0
  while (i < source.length) {
    const open = source.indexOf('{{', i)
    if (open < 0) {
      text(i, source.length)
      break
    }
    text(i, open)
    const { tokens, end } = tokenizeAction(source, open + 2)
    parts.push({ kind: 'action', pipeline: parsePipeline(tokens, open) })
    i = end
  }
  return { source, parts }
}
