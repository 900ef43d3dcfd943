import { describe, expect, it } from 'vitest'
import { describeChange, kpiValueText, statusDisplay } from './kpi-display'

describe('describeChange', () => {
  it('shows the direction of the value and whether that is better', () => {
    expect(describeChange(12.34, true)).toEqual({ arrow: '↑', text: '+12.3 %', verdict: 'better', tone: 'ok' })
    // A cost that went down is an improvement: arrow down, still "better".
    expect(describeChange(-4.56, true)).toEqual({ arrow: '↓', text: '-4.6 %', verdict: 'better', tone: 'ok' })
    expect(describeChange(8, false)).toEqual({ arrow: '↑', text: '+8.0 %', verdict: 'worse', tone: 'bad' })
    expect(describeChange(-250.4, false)).toEqual({ arrow: '↓', text: '-250 %', verdict: 'worse', tone: 'bad' })
    expect(describeChange(1234.5, true).text).toBe('+1,235 %')
  })

  it('says so when there is no change or no baseline', () => {
    expect(describeChange(0.01, true)).toEqual({ arrow: '→', text: '0.0 %', verdict: 'unchanged', tone: 'neutral' })
    expect(describeChange(null, null)).toEqual({ arrow: '', text: 'no baseline', verdict: 'unknown', tone: 'muted' })
    expect(describeChange(Number.NaN, true).text).toBe('no baseline')
    expect(describeChange(5, null)).toMatchObject({ arrow: '↑', verdict: 'unknown', tone: 'neutral' })
  })
})

describe('statusDisplay', () => {
  it('has a word and a shape for every status', () => {
    expect(statusDisplay('on_track')).toEqual({ word: 'On track', shape: '✓', tone: 'ok' })
    expect(statusDisplay('at_risk')).toEqual({ word: 'At risk', shape: '▲', tone: 'warn' })
    expect(statusDisplay('off_track')).toEqual({ word: 'Off track', shape: '✕', tone: 'bad' })
    expect(statusDisplay('no_target')).toEqual({ word: 'No target', shape: '–', tone: 'neutral' })
    expect(statusDisplay('something-new')).toEqual({ word: 'Unknown', shape: '?', tone: 'muted' })
  })
})

describe('kpiValueText', () => {
  it('formats with the unit, and gives the error instead of NaN', () => {
    expect(kpiValueText({ value: 42.123, unit: '%', error: null })).toEqual({ text: '42.1 %', error: null })
    expect(kpiValueText({ value: 1_250_000, unit: 'USD', error: null })).toEqual({ text: '$1.3M', error: null })
    expect(kpiValueText({ value: 3.5, unit: 'req/s', error: null })).toEqual({ text: '3.5 req/s', error: null })
    expect(kpiValueText({ value: null, unit: '%', error: { kind: 'no_data', message: 'No data for ai_roi_percent' } })).toEqual({
      text: '—',
      error: 'No data for ai_roi_percent'
    })
    expect(kpiValueText({ value: Number.NaN, unit: null, error: null }).text).toBe('—')
  })
})
