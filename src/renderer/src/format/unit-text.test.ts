import { describe, expect, it } from 'vitest'
import { formatLimit, formatterFor, knownUnit } from './unit-text'

describe('formatterFor', () => {
  it('maps the unit texts config uses to formatValue units', () => {
    expect(formatterFor('%')(42.12)).toBe('42.1 %')
    expect(formatterFor('USD')(12_300)).toBe('$12.3K')
    expect(formatterFor('ms')(1500)).toBe('1.5 s')
    expect(formatterFor('s')(90)).toBe('1.5 min')
    expect(knownUnit('Percent')).toBe('percent')
  })
  it('prints other units after the number, and infers from the series name without one', () => {
    expect(formatterFor('req/s')(12.345)).toBe('12.35 req/s')
    expect(formatterFor(null, 'ai_roi_percent')(10)).toBe('10.0 %')
    expect(formatterFor(undefined)(0.9432)).toBe('0.9432')
    expect(formatterFor('users')(Number.NaN)).toBe('—')
    expect(formatterFor(null, 'pipeline_records_per_minute')(5936.2)).toBe('5,936/min')
    expect(formatterFor(null, 'model_throughput_rps')(14.2)).toBe('14.2/s')
  })
  it('formatLimit drops a trailing .0', () => {
    expect(formatLimit(5, formatterFor('%'))).toBe('5 %')
    expect(formatLimit(5.5, formatterFor('%'))).toBe('5.5 %')
    expect(formatLimit(1500, formatterFor('ms'))).toBe('1.5 s')
  })
})
