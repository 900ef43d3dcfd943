// Shared fast-check settings: a few hundred runs by default (CI), FUZZ_RUNS=100000 for long runs,
// FUZZ_SEED to replay a failure (fast-check prints the seed and the shrunk counterexample).
import fc from 'fast-check'

/** Runs per property: FUZZ_RUNS, else 300 (slow parsers pass a smaller default to fuzzParams). */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 300)
const FIXED_RUNS = process.env.FUZZ_RUNS !== undefined

/** Vitest timeout for one property: generous, and growing with FUZZ_RUNS. */
export const TEST_TIMEOUT_MS = Math.max(60_000, RUNS * 200)

/** fc.assert parameters: run count (FUZZ_RUNS wins over `defaultRuns`), optional fixed seed, and a per-run timeout for async properties. */
export function fuzzParams<T>(defaultRuns = RUNS): fc.Parameters<T> {
  const runs = FIXED_RUNS ? RUNS : defaultRuns
  const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)
  return { numRuns: runs, ...(seed === undefined ? {} : { seed }), timeout: 5000, endOnFailure: false }
}

/** Messages that mean a JavaScript bug leaked instead of a clear error. */
export const LEAK = /Cannot read propert|is not a function|is not iterable|undefined is not|null is not|Maximum call stack|Invalid array length|Invalid string length|\[object Object\]/

/** Fails unless `err` is an Error of `type` (default Error) with a non-empty message that is no leaked JS bug. */
export function expectCleanError(err: unknown, type: abstract new (...args: never[]) => Error = Error): void {
  if (!(err instanceof type)) throw new Error(`threw ${describe(err)}, expected a ${type.name}`)
  if (err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError || err instanceof ReferenceError) {
    throw new Error(`leaked a ${err.constructor.name}: ${err.message}`)
  }
  if (!err.message.trim()) throw new Error('threw an Error with an empty message')
  if (LEAK.test(err.message)) throw new Error(`error message leaks a JavaScript bug: ${err.message}`)
}

function describe(v: unknown): string {
  return v instanceof Error ? `${v.constructor.name}: ${v.message}` : JSON.stringify(v) ?? String(v)
}

/** Text mutations of a valid input: insert, delete, replace or duplicate a slice. */
export function mutated(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.record({
    kind: fc.constantFrom('insert', 'delete', 'replace', 'duplicate'),
    at: fc.nat(),
    len: fc.nat({ max: 12 }),
    text: fc.string({ unit: 'binary', maxLength: 8 })
  })
  return fc.tuple(valid, fc.array(edit, { minLength: 1, maxLength: 6 })).map(([text, edits]) => {
    let s = text
    for (const e of edits) {
      const at = s.length === 0 ? 0 : e.at % (s.length + 1)
      if (e.kind === 'insert') s = s.slice(0, at) + e.text + s.slice(at)
      else if (e.kind === 'delete') s = s.slice(0, at) + s.slice(at + e.len)
      else if (e.kind === 'replace') s = s.slice(0, at) + e.text + s.slice(at + e.text.length)
      else s = s.slice(0, at) + s.slice(at, at + e.len) + s.slice(at)
    }
    return s
  })
}
