import { describe, expect, it } from 'vitest'
import { buildHash, DEFAULT_STATE, parseHash, viewForKey } from './hash-state'

describe('parseHash', () => {
  it('reads view, range, series and mode', () => {
    expect(parseHash('#/technical?range=7d&series=e2e_probe&mode=wallboard')).toEqual({
      view: 'technical',
      range: '7d',
      series: 'e2e_probe',
      mode: 'wallboard'
    })
  })
  it('defaults to the executive view, 24h, laptop mode', () => {
    expect(parseHash('')).toEqual(DEFAULT_STATE)
    expect(parseHash('#')).toEqual(DEFAULT_STATE)
    expect(parseHash('#/')).toEqual(DEFAULT_STATE)
    expect(DEFAULT_STATE).toEqual({ view: 'executive', range: '24h', series: null, mode: 'laptop' })
  })
  it('falls back on unknown view or range instead of failing', () => {
    expect(parseHash('#/nope?range=5y')).toMatchObject({ view: 'executive', range: '24h' })
    expect(parseHash('#/Operational/?range=1h').view).toBe('operational')
  })
  it('decodes series names and ignores blank ones', () => {
    expect(parseHash('#/executive?series=a%20b%2Fc').series).toBe('a b/c')
    expect(parseHash('#/executive?series=%20').series).toBeNull()
  })
})

describe('buildHash', () => {
  it('round-trips through parseHash', () => {
    const state = { view: 'operational', range: '90d', series: 'x y&z', mode: 'wallboard' } as const
    expect(parseHash(buildHash(state))).toEqual(state)
  })
  it('always writes the range, and omits defaults for series and mode', () => {
    expect(buildHash(DEFAULT_STATE)).toBe('#/executive?range=24h')
    expect(buildHash({ ...DEFAULT_STATE, view: 'technical', series: 'e2e_probe' })).toBe('#/technical?range=24h&series=e2e_probe')
  })
})

describe('viewForKey', () => {
  it('selects views with 1/2/3', () => {
    expect(viewForKey('1', 'technical')).toBe('executive')
    expect(viewForKey('2', 'executive')).toBe('operational')
    expect(viewForKey('3', 'executive')).toBe('technical')
    expect(viewForKey('4', 'executive')).toBeNull()
    expect(viewForKey('0', 'executive')).toBeNull()
  })
  it('cycles with the arrow keys, wrapping around', () => {
    expect(viewForKey('ArrowRight', 'executive')).toBe('operational')
    expect(viewForKey('ArrowRight', 'technical')).toBe('executive')
    expect(viewForKey('ArrowLeft', 'executive')).toBe('technical')
    expect(viewForKey('a', 'executive')).toBeNull()
  })
})
