// KPI reason numbers: significant digits below 1000, en-US grouping from 1000 up.
import { describe, expect, it } from 'vitest'
import { formatNumber, formatQuantity } from './format'

describe('formatNumber', () => {
  it('keeps four significant digits below 1000', () => {
    expect(formatNumber(28.6349)).toBe('28.63')
    expect(formatNumber(-0.00001)).toBe('-0.00001')
    expect(formatNumber(Number.NaN)).toBe('NaN')
  })

  it('rounds and groups large numbers as en-US, whatever the process locale', () => {
    expect(formatNumber(1_234_567.5)).toBe('1,234,568')
    expect(formatNumber(-1000.4)).toBe('-1,000')
    expect(formatNumber(999.95)).toBe('1000')
    expect(formatQuantity(1_200_000, 'USD')).toBe('1,200,000 USD')
  })
})
