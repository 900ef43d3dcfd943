import { describe, expect, it } from 'vitest'
import { combineLatest } from './combine-latest'

describe('combineLatest', () => {
  it('returns the single value as is', () => {
    expect(combineLatest([{ series: 's', labels: {}, ts: 5, value: 42.5 }])).toEqual({ value: 42.5, ts: 5, count: 1 })
  })
  it('averages several label sets and keeps the newest time', () => {
    expect(
      combineLatest([
        { series: 's', labels: { h: 'a' }, ts: 5, value: 10 },
        { series: 's', labels: { h: 'b' }, ts: 9, value: 30 }
      ])
    ).toEqual({ value: 20, ts: 9, count: 2 })
  })
  it('has no value for an empty answer', () => {
    expect(combineLatest([])).toBeNull()
    expect(combineLatest([{ series: 's', labels: {}, ts: 1, value: Number.NaN }])).toBeNull()
  })
})
