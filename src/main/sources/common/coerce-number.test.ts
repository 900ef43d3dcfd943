import { describe, expect, it } from 'vitest'
import { coerceNumber } from './coerce-number'

describe('coerceNumber', () => {
  it('accepts numbers, decimal strings, bigints and booleans', () => {
    expect(coerceNumber(1.5)).toEqual({ ok: true, value: 1.5 })
    expect(coerceNumber(' -2e3 ')).toEqual({ ok: true, value: -2000 })
    expect(coerceNumber('.5')).toEqual({ ok: true, value: 0.5 })
    expect(coerceNumber(12n)).toEqual({ ok: true, value: 12 })
    expect(coerceNumber(true)).toEqual({ ok: true, value: 1 })
    expect(coerceNumber(false)).toEqual({ ok: true, value: 0 })
  })

  it('says why a value is refused, quoting it briefly', () => {
    expect(coerceNumber('abc')).toEqual({ ok: false, reason: 'is "abc", expected a number' })
    expect(coerceNumber('0x1F')).toMatchObject({ ok: false })
    expect(coerceNumber('1,234')).toMatchObject({ ok: false })
    expect(coerceNumber('NaN')).toEqual({ ok: false, reason: 'is "NaN", expected a number' })
    expect(coerceNumber(NaN)).toEqual({ ok: false, reason: 'is NaN, expected a finite number' })
    expect(coerceNumber(Infinity)).toEqual({ ok: false, reason: 'is Infinity, expected a finite number' })
    expect(coerceNumber('1e999')).toEqual({ ok: false, reason: 'is "1e999", which is out of range' })
    expect(coerceNumber(null)).toEqual({ ok: false, reason: 'is null, expected a number' })
    expect(coerceNumber(undefined)).toEqual({ ok: false, reason: 'is missing' })
    expect(coerceNumber([1])).toEqual({ ok: false, reason: 'is an array [1], expected a number' })
    const long = coerceNumber('y'.repeat(1000))
    expect(long.ok).toBe(false)
    if (!long.ok) expect(long.reason.length).toBeLessThan(100)
  })
})
