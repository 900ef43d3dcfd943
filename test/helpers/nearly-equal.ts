// Deep comparison that allows floating-point sums added in another order to differ in their last
// bits (relative 1e-9, as the store documents); everything else must be identical.
import { expect } from 'vitest'

/** Paths (e.g. "$[3].points[7][1]") where `actual` differs from `expected`, beyond 1e-9 relative for numbers. */
export function differences(actual: unknown, expected: unknown, path = '$', out: string[] = []): string[] {
  if (out.length >= 10) return out
  if (typeof actual === 'number' && typeof expected === 'number') {
    const scale = Math.max(1, Math.abs(expected))
    if (!(actual === expected || Math.abs(actual - expected) <= 1e-9 * scale)) out.push(`${path}: ${actual} vs ${expected}`)
    return out
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length) out.push(`${path}: length ${actual.length} vs ${expected.length}`)
    else actual.forEach((v, i) => differences(v, expected[i], `${path}[${i}]`, out))
    return out
  }
  if (actual !== null && expected !== null && typeof actual === 'object' && typeof expected === 'object') {
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)])
    for (const k of keys) differences((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`, out)
    return out
  }
  if (!Object.is(actual, expected)) out.push(`${path}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`)
  return out
}

/** Asserts `actual` equals `expected` up to float rounding, listing the first differences. */
export function expectNearlyEqual(actual: unknown, expected: unknown, what = 'value'): void {
  expect(differences(actual, expected), what).toEqual([])
}
