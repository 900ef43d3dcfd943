import { describe, expect, it } from 'vitest'
import { formatAgo, formatCount, formatSignificant, formatValue } from './number-format'
import { unitForSeries } from './units'

describe('formatValue', () => {
  it('formats USD compactly', () => {
    expect(formatValue(1_234_567, 'usd')).toBe('$1.2M')
    expect(formatValue(12_300, 'usd')).toBe('$12.3K')
    expect(formatValue(2_500_000_000, 'usd')).toBe('$2.5B')
    expect(formatValue(950, 'usd')).toBe('$950')
    expect(formatValue(12.5, 'usd')).toBe('$12.50')
    expect(formatValue(-1_500_000, 'usd')).toBe('-$1.5M')
  })
  it('formats percent with one decimal and a spaced sign', () => {
    expect(formatValue(42.123, 'percent')).toBe('42.1 %')
    expect(formatValue(100, 'percent')).toBe('100.0 %')
    expect(formatValue(1234.5, 'percent')).toBe('1,234.5 %')
  })
  it('formats bytes in binary units', () => {
    expect(formatValue(3.2 * 1024 ** 3, 'bytes')).toBe('3.2 GiB')
    expect(formatValue(512, 'bytes')).toBe('512 B')
    expect(formatValue(1536, 'bytes')).toBe('1.5 KiB')
  })
  it('formats durations', () => {
    expect(formatValue(0.35, 'seconds')).toBe('350 ms')
    expect(formatValue(12.34, 'seconds')).toBe('12.3 s')
    expect(formatValue(270, 'seconds')).toBe('4.5 min')
    expect(formatValue(7200, 'seconds')).toBe('2 h')
    expect(formatValue(123.4, 'ms')).toBe('123.4 ms')
    expect(formatValue(1500, 'ms')).toBe('1.5 s')
  })
  it('formats plain numbers', () => {
    expect(formatValue(1234, 'number')).toBe('1,234')
    expect(formatValue(0.94321, 'number')).toBe('0.9432')
    expect(formatValue(123_456, 'number')).toBe('123.5K')
  })
  it('shows a dash for non-finite values, never NaN', () => {
    for (const unit of ['usd', 'percent', 'bytes', 'seconds', 'ms', 'number'] as const) {
      expect(formatValue(Number.NaN, unit)).toBe('—')
      expect(formatValue(Infinity, unit)).toBe('—')
    }
  })
})

describe('formatSignificant', () => {
  it('keeps the raw value up to 6 significant digits', () => {
    expect(formatSignificant(42.5)).toBe('42.5')
    expect(formatSignificant(42)).toBe('42')
    expect(formatSignificant(3.14159265)).toBe('3.14159')
    expect(formatSignificant(1234567.8)).toBe('1234570')
    expect(formatSignificant(-0.000123456789)).toBe('-0.000123457')
    expect(formatSignificant(0)).toBe('0')
    expect(formatSignificant(Number.NaN)).toBe('—')
  })
})

describe('formatAgo', () => {
  const now = 1_700_000_000_000
  it('says how long ago in the largest whole unit', () => {
    expect(formatAgo(now - 12_400, now)).toBe('12 s ago')
    expect(formatAgo(now - 5 * 60_000, now)).toBe('5 min ago')
    expect(formatAgo(now - 3 * 3_600_000 - 1, now)).toBe('3 h ago')
    expect(formatAgo(now - 2 * 86_400_000, now)).toBe('2 d ago')
  })
  it('handles never and clock skew', () => {
    expect(formatAgo(null, now)).toBe('never')
    expect(formatAgo(now + 5000, now)).toBe('just now')
  })
})

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(12345)).toBe('12,345')
  })
})

describe('unitForSeries', () => {
  it('infers units from name suffixes', () => {
    expect(unitForSeries('ai_benefits_usd_total')).toBe('usd')
    expect(unitForSeries('ai_roi_percent')).toBe('percent')
    expect(unitForSeries('host_memory_bytes')).toBe('bytes')
    expect(unitForSeries('process_handle_time_seconds')).toBe('seconds')
    expect(unitForSeries('service_latency_ms')).toBe('ms')
    expect(unitForSeries('model_accuracy')).toBe('number')
    expect(unitForSeries('ai_daily_active_users')).toBe('number')
  })
})
