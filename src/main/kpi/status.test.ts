import { describe, expect, it } from 'vitest'
import type { KpiStatus } from '@shared/kpi'
import { kpiStatus, type StatusInput } from './status'

const base: StatusInput = { value: null, target: null, normalRange: null, direction: 'higher', atRiskMargin: 0.1, unit: null }

describe('kpiStatus with a target', () => {
  // margin 0.1 of target 25 = 2.5: on track from 25, at risk from 22.5.
  it.each<[StatusInput['direction'], number, number, number, KpiStatus]>([
    ['higher', 28.6, 25, 0.1, 'on_track'],
    ['higher', 25, 25, 0.1, 'on_track'],
    ['higher', 24.99, 25, 0.1, 'at_risk'],
    ['higher', 22.5, 25, 0.1, 'at_risk'],
    ['higher', 22.49, 25, 0.1, 'off_track'],
    ['higher', 20, 25, 0.25, 'at_risk'],
    ['higher', 24, 25, 0, 'off_track'],
    // a negative target: the margin is of |target|
    ['higher', -11, -10, 0.1, 'at_risk'],
    ['higher', -11.5, -10, 0.1, 'off_track'],
    // lower is better: on track up to 600, at risk up to 660
    ['lower', 540, 600, 0.1, 'on_track'],
    ['lower', 600, 600, 0.1, 'on_track'],
    ['lower', 640, 600, 0.1, 'at_risk'],
    ['lower', 660, 600, 0.1, 'at_risk'],
    ['lower', 661, 600, 0.1, 'off_track'],
    ['lower', 0.1, 0, 0.1, 'off_track']
  ])('%s is better: %d vs target %d (margin %d) is %s', (direction, value, target, atRiskMargin, status) => {
    expect(kpiStatus({ ...base, direction, value, target, atRiskMargin }).status).toBe(status)
  })

  it('explains the status with the numbers', () => {
    expect(kpiStatus({ ...base, value: 28.6, target: 25, unit: '%' }).reason).toBe('28.6 % vs target 25 %: on track')
    expect(kpiStatus({ ...base, value: 23.1, target: 25, unit: '%' }).reason).toBe(
      '23.1 % vs target 25 %: 1.9 below target, within the at-risk margin of 2.5 (10 % of the target): at risk'
    )
    expect(kpiStatus({ ...base, value: 18, target: 25, unit: '%' }).reason).toBe(
      '18 % vs target 25 %: 7 below target, more than the at-risk margin of 2.5 (10 % of the target): off track'
    )
    expect(kpiStatus({ ...base, direction: 'lower', value: 640.123, target: 600, unit: 'ms' }).reason).toBe(
      '640.1 ms vs target 600 ms: 40.12 above target, within the at-risk margin of 60 (10 % of the target): at risk'
    )
    expect(kpiStatus({ ...base, value: 2_512_345.6, target: 2_000_000, unit: 'USD' }).reason).toBe('2,512,346 USD vs target 2,000,000 USD: on track')
  })

  it('prefers the target over the normal range', () => {
    expect(kpiStatus({ ...base, value: 90, target: 95, normalRange: [0, 100] }).status).toBe('at_risk')
  })
})

describe('kpiStatus with a normal range', () => {
  // range 50–80, margin 0.1 × 30 = 3: at risk down to 47 and up to 83.
  it.each<[number, KpiStatus, StatusInput['direction']]>([
    [65, 'on_track', 'higher'],
    [50, 'on_track', 'higher'],
    [80, 'on_track', 'lower'],
    [82, 'at_risk', 'higher'],
    [83, 'at_risk', 'lower'],
    [83.01, 'off_track', 'higher'],
    [48, 'at_risk', 'lower'],
    [47, 'at_risk', 'higher'],
    [46.9, 'off_track', 'higher'],
    [10, 'off_track', 'lower']
  ])('%d in [50, 80] is %s (direction %s plays no part)', (value, status, direction) => {
    expect(kpiStatus({ ...base, value, direction, normalRange: [50, 80] }).status).toBe(status)
  })

  it('explains the status with the numbers', () => {
    const s = (value: number) => kpiStatus({ ...base, value, normalRange: [50, 80], unit: '%' }).reason
    expect(s(65)).toBe('65 % is inside the normal range 50–80 %: on track')
    expect(s(82)).toBe('82 % is above the normal range 50–80 % by 2, within 3 (10 % of the range): at risk')
    expect(s(91)).toBe('91 % is above the normal range 50–80 % by more than 3 (10 % of the range): off track')
    expect(s(40)).toBe('40 % is below the normal range 50–80 % by more than 3 (10 % of the range): off track')
  })
})

describe('kpiStatus without a target or a value', () => {
  it('is no_target without a target or a normal range', () => {
    expect(kpiStatus({ ...base, value: 3, unit: 'users' })).toEqual({ status: 'no_target', reason: '3 users: no target or normal range is set' })
  })

  it('is unknown without a value, giving the error', () => {
    expect(kpiStatus({ ...base, value: null, target: 5, error: { kind: 'division_by_zero', message: 'division by zero: x is 0' } })).toEqual({
      status: 'unknown',
      reason: 'no value: division by zero: x is 0'
    })
  })
})
