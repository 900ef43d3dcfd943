import { describe, expect, it } from 'vitest'
import type { KpiValue } from '@shared/kpi'
import type { ForecastView } from '@shared/analytics'
import { viewPlan, type ContractCall } from '@shared/views/panel-requests'
import type { ViewConfig } from '@shared/config/views-schema'
import { csvText } from './csv-text'
import { csvFileName } from './file-name'
import { csvCalls, forecastTable, kpiTable, panelTable, pathTable, seriesPoints, seriesTable } from './flatten'

const T0 = Date.UTC(2026, 4, 1)
const iso = (ms: number): string => new Date(ms).toISOString()

describe('csvText', () => {
  it('quotes commas, quotes and line breaks, writes numbers plainly and ends lines with CRLF', () => {
    expect(csvText({ header: ['a', 'b', 'c'], rows: [['x,y', 'say "hi"', 1.5], ['line\nbreak', null, -2]] })).toBe(
      'a,b,c\r\n"x,y","say ""hi""",1.5\r\n"line\nbreak",,-2\r\n'
    )
  })

  it('defuses text a spreadsheet would run as a formula, but not negative numbers', () => {
    expect(csvText({ header: ['v'], rows: [['=HYPERLINK("x")'], ['@cmd'], ['+1'], [-1], [NaN], [true]] })).toBe(
      'v\r\n"\'=HYPERLINK(""x"")"\r\n\'@cmd\r\n\'+1\r\n-1\r\n\r\ntrue\r\n'
    )
  })
})

describe('time series', () => {
  it('flattens queryRange with its label filter, one row per point', () => {
    const call = { method: 'queryRange', args: { series: 'cpu', labels: { host: 'a' }, from: T0, to: T0 + 120_000 } } as ContractCall
    const pts = seriesPoints({ call, answer: { series: 'cpu', points: [[T0, 1], [T0 + 60_000, 2]] } })
    expect(seriesTable(pts)).toEqual({
      header: ['time', 'series', 'host', 'value'],
      rows: [
        [iso(T0), 'cpu', 'a', 1],
        [iso(T0 + 60_000), 'cpu', 'a', 2]
      ]
    })
  })

  it('flattens queryGrouped with the group label, and merges label keys over several series', () => {
    const grouped = { method: 'queryGrouped', args: { series: 'req', by: 'model', from: T0, to: T0 + 1 } } as ContractCall
    const latest = { method: 'latest', args: { series: 'up' } } as ContractCall
    const pts = [
      ...seriesPoints({ call: grouped, answer: { series: 'req', by: 'model', groups: [{ value: 'm2', points: [[T0, 5]] }, { value: 'm1', points: [[T0, 3]] }] } }),
      ...seriesPoints({ call: latest, answer: [{ series: 'up', labels: { job: 'x' }, ts: T0, value: 1 }] })
    ]
    expect(seriesTable(pts)).toEqual({
      header: ['time', 'series', 'job', 'model', 'value'],
      rows: [
        [iso(T0), 'req', null, 'm1', 3],
        [iso(T0), 'req', null, 'm2', 5],
        [iso(T0), 'up', 'x', null, 1]
      ]
    })
  })
})

const kpi = (id: string, over: Partial<KpiValue> = {}): KpiValue =>
  ({ id, name: id.toUpperCase(), value: 1, unit: '%', status: 'on_track', target: 2, baseline: 0.5, changeVsBaselinePct: 100, trendChangePct: 10, at: T0, error: null, trend: [[T0, 1], [T0 + 1000, 2]], ...over }) as KpiValue

describe('KPI panels', () => {
  const view = {
    id: 'v',
    title: 'V',
    panels: [
      { type: 'kpi', kpi: 'roi' },
      { type: 'kpi-list', kpis: ['csat', 'roi'] },
      { type: 'kpi-chart', kpi: 'roi', forecast: false },
      { type: 'chart', series: ['cpu'] }
    ]
  } as unknown as ViewConfig
  const plan = viewPlan(view, { from: T0, to: T0 + 86_400_000 })
  const kpis = [kpi('roi'), kpi('csat', { value: null, error: { kind: 'no_data', message: 'no data' } }), kpi('other')]

  it('keeps only the KPIs the panel shows, in its order, though the view shares one getKpis call', () => {
    const list = plan.panels[1]
    expect(csvCalls(list)).toEqual([plan.kpis])
    const table = panelTable(list, [{ call: plan.kpis!, answer: kpis }])
    expect(table.rows.map((r) => r[0])).toEqual(['csat', 'roi'])
    expect(table.rows[0]).toEqual(['csat', 'CSAT', null, '%', 'on_track', 2, 0.5, 100, 10, iso(T0), 'no data'])
    expect(kpiTable(kpis, ['roi']).header[0]).toBe('id')
  })

  it("gives a kpi-chart's trend as a time series", () => {
    expect(panelTable(plan.panels[2], [{ call: plan.kpis!, answer: kpis }])).toEqual({
      header: ['time', 'series', 'value'],
      rows: [
        [iso(T0), 'roi', 1],
        [iso(T0 + 1000), 'roi', 2]
      ]
    })
  })

  it("leaves a chart's annotations out of its CSV", () => {
    expect(csvCalls(plan.panels[3]).map((c) => c.method)).toEqual(['queryRange'])
  })
})

describe('other answers', () => {
  it('writes a forecast as history then future steps with every band', () => {
    const f = { history: [[T0, 1]], ts: [T0 + 10], mean: [2], bands: [{ level: 80, lower: [1.5], upper: [2.5] }, { level: 95, lower: [1], upper: [3] }] } as unknown as ForecastView
    expect(forecastTable(f)).toEqual({
      header: ['time', 'kind', 'value', 'lower_80', 'upper_80', 'lower_95', 'upper_95'],
      rows: [
        [iso(T0), 'history', 1, null, null, null, null],
        [iso(T0 + 10), 'forecast', 2, 1.5, 2.5, 1, 3]
      ]
    })
  })

  it('writes any other answer as path/value leaves', () => {
    expect(pathTable({ a: 1, b: [{ c: 'x' }, null], d: { e: true } }).rows).toEqual([
      ['a', 1],
      ['b[0].c', 'x'],
      ['b[1]', null],
      ['d.e', true]
    ])
  })
})

describe('csvFileName', () => {
  it('names the panel and the local time, without unsafe characters', () => {
    expect(csvFileName('roi trend/1', new Date(2026, 4, 1, 8, 7))).toBe('vigil-roi-trend-1-20260501-0807.csv')
  })
})
