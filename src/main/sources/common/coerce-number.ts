// Turns untrusted cell/JSON values into finite numbers, or says why not.
import { describeValue } from './describe-value'

export type Coerced = { ok: true; value: number } | { ok: false; reason: string }

/** Decimal numbers only ("1e3", "-0.5"); rejects hex, "1,234", "NaN", "Infinity". */
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/** A finite number from a number, numeric string, bigint or boolean (1/0); otherwise a reason like `is "abc", expected a number`. */
export function coerceNumber(raw: unknown): Coerced {
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? { ok: true, value: raw } : { ok: false, reason: `is ${raw}, expected a finite number` }
  }
  if (typeof raw === 'boolean') return { ok: true, value: raw ? 1 : 0 }
  if (typeof raw === 'bigint') return { ok: true, value: Number(raw) }
  if (typeof raw === 'string') {
    const text = raw.trim()
    if (NUMERIC.test(text)) {
      const value = Number(text)
      if (Number.isFinite(value)) return { ok: true, value }
      return { ok: false, reason: `is ${describeValue(raw)}, which is out of range` }
    }
    return { ok: false, reason: `is ${describeValue(raw)}, expected a number` }
  }
  if (raw === null) return { ok: false, reason: 'is null, expected a number' }
  if (raw === undefined) return { ok: false, reason: 'is missing' }
  return { ok: false, reason: `is ${describeValue(raw)}, expected a number` }
}
