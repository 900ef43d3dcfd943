import { describe, expect, it } from 'vitest'
import { ContextModel } from './context-model'
import { createDetector } from './index'

const MIN = 60_000
const T0 = Date.UTC(2024, 0, 1)

describe('context model (second view)', () => {
  it('finds a known level improbable in a new context, and the usual one probable', () => {
    const m = new ContextModel(8, 2, 64)
    // low, low, high, high, … over the range [0, 10]
    const pattern = Array.from({ length: 64 }, (_, i) => (i % 4 < 2 ? 1 : 9))
    m.rebuild(pattern, 0, 10)
    // The buffer ends …, 9, 9: a low comes next, never a third high.
    expect(m.pValue(1)).toBeGreaterThan(0.5)
    expect(m.pValue(9)).toBeLessThan(0.05)
    // A level never seen at all is less probable still.
    expect(m.pValue(5)).toBeLessThan(m.pValue(9))
  })

  it('keeps the counts of a full ring equal to a rebuild from the same values', () => {
    const values = Array.from({ length: 300 }, (_, i) => (i * 37) % 11)
    const rolled = new ContextModel(8, 2, 50)
    rolled.rebuild([], 0, 10)
    values.forEach((v) => rolled.push(v))
    const rebuilt = new ContextModel(8, 2, 50)
    rebuilt.rebuild(values.slice(-50), 0, 10)
    for (const v of [0, 3, 5, 7, 10]) expect(rolled.pValue(v)).toBeCloseTo(rebuilt.pValue(v), 12)
  })

  it('finds a known value out of turn surprising in the detector, and the usual turn not', () => {
    // Two lows then two highs; later one high comes late (a known value out of turn).
    const values = Array.from({ length: 1200 }, (_, i) => (i % 4 < 2 ? 10 : 20) + 0.01 * Math.sin(i))
    const at = 1000 + 2 // would be the first high of a cycle
    values[at] = 10
    const latest = (upTo: number): number => {
      const d = createDetector()
      values.slice(0, upTo + 1).forEach((v, i) => d.update(T0 + i * MIN, v))
      const s = d.snapshot() as unknown as { contextSurprises: number[]; contextHead: number }
      return s.contextSurprises[(s.contextHead + s.contextSurprises.length - 1) % s.contextSurprises.length]
    }
    expect(latest(at)).toBeGreaterThan(2)
    expect(latest(at - 4)).toBeLessThan(0.5)
  })

  it('resumes a version-1 state (before the context view) with the context view starting empty', () => {
    const d = createDetector()
    for (let i = 0; i < 400; i++) d.update(T0 + i * MIN, 5 + Math.sin(i / 5))
    const v2 = d.snapshot() as Record<string, unknown>
    const v1: Record<string, unknown> = { ...v2, version: 1 }
    for (const k of ['contextSurprises', 'contextHead', 'contextMean', 'contextVar', 'contextCount']) delete v1[k]
    const resumed = createDetector(undefined, v1 as { version: number })
    expect(resumed.snapshot()).toMatchObject({ version: 2, contextSurprises: [], contextCount: 0, n: 400 })
    expect(resumed.update(T0 + 400 * MIN, 5).score).toBeGreaterThanOrEqual(0)
    expect(() => createDetector({ contextLevels: 300 })).toThrow(/contextLevels/)
  })
})
