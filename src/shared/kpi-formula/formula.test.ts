import { describe, expect, it } from 'vitest'
import { evaluateFormula, formulaRefs, parseFormula, type SeriesRef } from './index'

/** Evaluates text with values looked up by the reference's canonical key. */
function run(text: string, values: Record<string, number> = {}): unknown {
  return evaluateFormula(parseFormula(text), (ref: SeriesRef) => values[ref.key])
}

function parseError(text: string): string {
  try {
    parseFormula(text)
  } catch (err) {
    return (err as Error).message
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`)
}

describe('formula parsing and evaluation', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['24 / 4 / 2', 3],
    ['-2 * -3', 6],
    ['--4', 4],
    ['-(1 + 2) * 2', -6],
    ['1.5e3 + .5', 1500.5],
    ['2E-2 * 100', 2],
    ['7e+1', 70],
    ['min(4, 2, 9)', 2],
    ['max(4, 2, 9)', 9],
    ['max(1)', 1],
    ['abs(3 - 10)', 7],
    ['min(abs(-5), max(1, 2) * 3)', 5]
  ])('%s = %d', (text, expected) => {
    expect(run(text)).toBeCloseTo(expected, 12)
  })

  it('reads series references, with and without label selectors', () => {
    const roi = '(ai_benefits_usd_total - ai_investment_usd_total) / ai_investment_usd_total * 100'
    expect(run(roi, { ai_benefits_usd_total: 250, ai_investment_usd_total: 200 })).toBe(25)
    const f = parseFormula(`service_latency_ms{service="assistant-api", region='eu',} / 1000 + ns:metric.v2`)
    expect(formulaRefs(f)).toEqual([
      { name: 'service_latency_ms', labels: { service: 'assistant-api', region: 'eu' }, key: 'service_latency_ms{region="eu",service="assistant-api"}' },
      { name: 'ns:metric.v2', labels: {}, key: 'ns:metric.v2' }
    ])
    expect(run(`x{a="1"} - x{a="2"}`, { 'x{a="1"}': 5, 'x{a="2"}': 3 })).toBe(2)
  })

  it('gives equal references one canonical key whatever the label order, and lists each once', () => {
    const f = parseFormula('a{y="2",x="1"} + a{x="1", y="2"} + a + a{}')
    expect(formulaRefs(f).map((r) => r.key)).toEqual(['a{x="1",y="2"}', 'a'])
  })

  it('unescapes quoted label values', () => {
    const [ref] = formulaRefs(parseFormula(String.raw`m{path="a \"b\" \\ c"}`))
    expect(ref.labels).toEqual({ path: 'a "b" \\ c' })
  })

  it('keeps a label named __proto__ as an ordinary label', () => {
    const [ref] = formulaRefs(parseFormula('m{__proto__="x"}'))
    expect(Object.keys(ref.labels)).toEqual(['__proto__'])
    expect(ref.key).toBe('m{__proto__="x"}')
  })

  it('treats a function name without parentheses as a series', () => {
    expect(run('min + 1', { min: 2 })).toBe(3)
  })

  it.each([
    ['(a + b', 'formula "(a + b": expected ")" at column 7'],
    ['a +', 'formula "a +": expected a number, a series name or "(" at column 4'],
    ['a * / b', 'formula "a * / b": expected a number, a series name or "(", found "/" at column 5'],
    ['a b', 'formula "a b": expected an operator (+ - * /) or the end of the formula, found "b" at column 3'],
    ['a)', 'formula "a)": expected an operator (+ - * /) or the end of the formula, found ")" at column 2'],
    ['sqrt(a)', 'formula "sqrt(a)": unknown function "sqrt" (the functions are min, max and abs) at column 1'],
    ['abs(a, b)', 'formula "abs(a, b)": abs() takes 1 argument, got 2 at column 1'],
    ['min()', 'formula "min()": min() takes at least 1 argument, got 0 at column 1'],
    ['a # b', 'formula "a # b": unexpected character "#" at column 3'],
    ['m{x="open}', 'formula "m{x=\\"open}": unterminated string (missing closing ") at column 5'],
    ['m{x=1}', 'formula "m{x=1}": expected a quoted label value such as "x", found "1" at column 5'],
    ['m{x="1" y="2"}', 'formula "m{x=\\"1\\" y=\\"2\\"}": expected "," or "}", found "y" at column 9'],
    ['m{x="1", x="2"}', 'formula "m{x=\\"1\\", x=\\"2\\"}": label "x" is given twice at column 10'],
    ['m{a.b="1"}', 'formula "m{a.b=\\"1\\"}": expected a label name or "}", found "a.b" at column 3'],
    ['m{x="1"', 'formula "m{x=\\"1\\"": expected "," or "}" at column 8'],
    ['2e', 'formula "2e": expected an operator (+ - * /) or the end of the formula, found "e" at column 2'],
    ['   ', 'formula "   ": the formula is empty at column 1'],
    ['1e999', 'formula "1e999": number 1e999 is too large at column 1']
  ])('refuses %j with a clear message', (text, message) => {
    expect(parseError(text)).toBe(message)
  })

  it('refuses absurdly deep nesting instead of overflowing the stack', () => {
    expect(parseError('('.repeat(500) + 'a' + ')'.repeat(500))).toMatch(/nested more than 64 levels deep at column \d+$/)
    expect(parseError('-'.repeat(500) + 'a')).toMatch(/nested more than 64 levels deep/)
  })

  it('reports division by zero, naming the denominator as written', () => {
    const roi = '(ai_benefits_usd_total - ai_investment_usd_total) / ai_investment_usd_total * 100'
    expect(run(roi, { ai_benefits_usd_total: 10, ai_investment_usd_total: 0 })).toEqual({
      kind: 'division_by_zero',
      message: 'division by zero: ai_investment_usd_total is 0'
    })
    expect(run('a / (b - c)', { a: 1, b: 2, c: 2 })).toEqual({ kind: 'division_by_zero', message: 'division by zero: (b - c) is 0' })
  })

  it('reports a reference without a value as no_data', () => {
    expect(run('a + b{x="1"}', { a: 1 })).toEqual({ kind: 'no_data', message: 'no data for b{x="1"}' })
  })

  it('reports overflow and non-finite inputs as not_finite', () => {
    expect(run('1e308 * 10')).toEqual({ kind: 'not_finite', message: '1e308 * 10 is not a finite number (Infinity)' })
    expect(run('a + 1', { a: Number.NaN })).toEqual({ kind: 'not_finite', message: 'a is not a finite number (NaN)' })
  })
})
