import { describe, expect, it } from 'vitest'
import type { CallOf } from '@shared/views/panel-requests'
import { missingKpiMessage, unknownKpiIds, withoutIds } from './use-kpis'

describe('unknown KPI handling', () => {
  it('reads the unknown ids from the engine error', () => {
    expect(unknownKpiIds(new Error('unknown KPI ids "roi", "payback" (not under kpis: in the config)'))).toEqual(['roi', 'payback'])
    expect(unknownKpiIds(new Error('unknown KPI id "x" (not under kpis: in the config)'))).toEqual(['x'])
    expect(unknownKpiIds(new Error('getKpis: the server answered HTTP 502'))).toBeNull()
  })

  it('drops them from the shared call, or gives null when none is left', () => {
    const call: CallOf<'getKpis'> = { method: 'getKpis', args: { ids: ['a', 'b', 'c'], from: 0, to: 10, step: 1 } }
    expect(withoutIds(call, ['b'])).toEqual({ method: 'getKpis', args: { ids: ['a', 'c'], from: 0, to: 10, step: 1 } })
    expect(withoutIds(call, ['a', 'b', 'c'])).toBeNull()
  })

  it('names the ids and where to define them', () => {
    expect(missingKpiMessage(['roi'])).toBe('Unknown KPI "roi": the engine has no such KPI (define it under kpis: in vigil.yaml)')
  })
})
