import { describe, expect, it } from 'vitest'
import { panelSchema, viewSchema, type PanelConfig } from '../config/views-schema'
import { callIdentity, dedupeCalls, panelNeeds, panelRequests, panelWindow, viewPlan, viewRequests } from './panel-requests'
import { panelColumns, panelKey, panelRows } from './panel-layout'
import { pixelStep, tierAlignedStep } from './pixel-step'

const W = { from: 1_000_000, to: 1_000_000 + 86_400_000, step: 300 }
const panel = (raw: unknown): PanelConfig => panelSchema.parse(raw)

describe('panelRequests', () => {
  it('kpi, kpi-list and process: one getKpis over the window with their ids', () => {
    expect(panelRequests(panel({ type: 'kpi', kpi: 'roi' }), W)).toEqual([
      { method: 'getKpis', args: { ids: ['roi'], from: W.from, to: W.to, step: 300 } }
    ])
    expect(panelRequests(panel({ type: 'kpi-list', kpis: ['a', 'b', 'a'] }), W)).toEqual([
      { method: 'getKpis', args: { ids: ['a', 'b'], from: W.from, to: W.to, step: 300 } }
    ])
    expect(panelRequests(panel({ type: 'process', process: 'Customer service', kpis: ['aht'] }), W)).toEqual([
      { method: 'getKpis', args: { ids: ['aht'], from: W.from, to: W.to, step: 300 } }
    ])
  })

  it('kpi-chart: the KPI and the annotations of the window; no forecast unless asked', () => {
    expect(panelRequests(panel({ type: 'kpi-chart', kpi: 'roi' }), W)).toEqual([
      { method: 'getKpis', args: { ids: ['roi'], from: W.from, to: W.to, step: 300 } },
      { method: 'listAnnotations', args: { from: W.from, to: W.to } }
    ])
  })

  it('kpi-chart forecast: true asks 180 days ahead; options give horizon, history and condition', () => {
    const DAY = 86_400_000
    expect(panelRequests(panel({ type: 'kpi-chart', kpi: 'roi', forecast: true }), W)[2]).toEqual({
      method: 'getForecast',
      args: { kpi: 'roi', horizonMs: 180 * DAY }
    })
    const p = panel({ type: 'kpi-chart', kpi: 'roi', forecast: { history: '90d', condition: '>0', event: 'payback', met: 'already paid back' } })
    expect(panelRequests(p, W)[2]).toEqual({ method: 'getForecast', args: { kpi: 'roi', horizonMs: 180 * DAY, historyMs: 90 * DAY, condition: '> 0' } })
    // The forecast does not depend on the view's window (it always starts now).
    expect(panelRequests(p, { from: 5, to: 10 })[2]).toEqual(panelRequests(p, W)[2])
    expect(panelRequests(panel({ type: 'kpi-chart', kpi: 'roi', forecast: { horizon: '30d' } }), W)[2].args).toEqual({ kpi: 'roi', horizonMs: 30 * DAY })
  })

  it('kpi-chart forecast options are checked: durations, conditions, no unknown keys', () => {
    expect(() => panel({ type: 'kpi-chart', kpi: 'roi', forecast: { horizon: 'soon' } })).toThrow(/duration/)
    expect(() => panel({ type: 'kpi-chart', kpi: 'roi', forecast: { condition: 'above 0' } })).toThrow(/comparison/)
    expect(() => panel({ type: 'kpi-chart', kpi: 'roi', forecast: { horizon: '0s' } })).toThrow(/longer than 0s/)
    expect(() => panel({ type: 'kpi-chart', kpi: 'roi', forecast: { bands: 3 } })).toThrow()
  })

  it('forecast: one getForecast of the series with labels, horizon, history and condition', () => {
    const p = panel({ type: 'forecast', series: 'host_disk_usage_percent', labels: { mount: '/' }, horizon: '30d', history: '14d', condition: '> 95' })
    expect(panelRequests(p, W)).toEqual([
      {
        method: 'getForecast',
        args: { series: 'host_disk_usage_percent', labels: { mount: '/' }, horizonMs: 30 * 86_400_000, historyMs: 14 * 86_400_000, condition: '> 95' }
      }
    ])
    expect(p.type === 'forecast' && p.when).toBe('days')
    expect(() => panel({ type: 'forecast', series: 'x' })).toThrow()
    expect(() => panel({ type: 'forecast', series: 'x', horizon: '1d', when: 'soon' })).toThrow()
  })

  it('chart with anomalies: one getAnomalies per series ref on the chart\'s window and grid (step in ms)', () => {
    const p = panel({ type: 'chart', series: ['service_latency_ms', { series: 'cpu', labels: { host: 'a' } }, 'service_latency_ms'], anomalies: true })
    const calls = panelRequests(p, W).filter((c) => c.method === 'getAnomalies')
    expect(calls).toEqual([
      { method: 'getAnomalies', args: { series: 'service_latency_ms', from: W.from, to: W.to, stepMs: 300_000 } },
      { method: 'getAnomalies', args: { series: 'cpu', labels: { host: 'a' }, from: W.from, to: W.to, stepMs: 300_000 } }
    ])
    const strict = panel({ type: 'chart', series: ['x'], anomalies: { min_score: 0.99 } })
    expect(panelRequests(strict, { from: 0, to: 1000 }).find((c) => c.method === 'getAnomalies')).toEqual({
      method: 'getAnomalies',
      args: { series: 'x', from: 0, to: 1000, minScore: 0.99 }
    })
    expect(panelRequests(panel({ type: 'chart', series: ['x'] }), W).some((c) => c.method === 'getAnomalies')).toBe(false)
    expect(() => panel({ type: 'chart', series: ['x'], anomalies: { min_score: 2 } })).toThrow()
  })

  it('chart: one range query per series ref (default agg avg), then the annotations', () => {
    const p = panel({
      type: 'chart',
      series: ['cpu_percent', { series: 'benefits_usd_total', agg: 'last', labels: { team: 'a' }, title: 'Benefits', dashed: true }]
    })
    expect(panelRequests(p, W)).toEqual([
      { method: 'queryRange', args: { series: 'cpu_percent', from: W.from, to: W.to, step: 300, agg: 'avg' } },
      { method: 'queryRange', args: { series: 'benefits_usd_total', labels: { team: 'a' }, from: W.from, to: W.to, step: 300, agg: 'last' } },
      { method: 'listAnnotations', args: { from: W.from, to: W.to } }
    ])
  })

  it('chart with group_by: grouped queries', () => {
    const p = panel({ type: 'chart', series: ['service_latency_ms'], group_by: 'service' })
    expect(panelRequests(p, W)[0]).toEqual({
      method: 'queryGrouped',
      args: { series: 'service_latency_ms', by: 'service', from: W.from, to: W.to, step: 300, agg: 'avg' }
    })
  })

  it('omits the step when the window has none (the engine picks one)', () => {
    const [c] = panelRequests(panel({ type: 'chart', series: ['x'] }), { from: 0, to: 1000 })
    expect(c.args).toEqual({ series: 'x', from: 0, to: 1000, agg: 'avg' })
    expect('step' in c.args).toBe(false)
  })

  it('stat: the latest value of the series and labels', () => {
    expect(panelRequests(panel({ type: 'stat', series: 'model_accuracy', labels: { model: 'm' } }), W)).toEqual([
      { method: 'latest', args: { series: 'model_accuracy', labels: { model: 'm' } } }
    ])
  })

  it('milestones: getMilestones', () => {
    expect(panelRequests(panel({ type: 'milestones' }), W)).toEqual([{ method: 'getMilestones', args: {} }])
  })

  it('status-grid: latest of up and of each threshold series once', () => {
    const p = panel({
      type: 'status-grid',
      up: 'service_up',
      by: 'service',
      degraded: [
        { series: 'service_error_rate_percent', name: 'error rate', above: 5 },
        { series: 'service_latency_ms', name: 'latency', above: 1500 },
        { series: 'service_error_rate_percent', name: 'error rate', below: -1 }
      ]
    })
    expect(panelRequests(p, W)).toEqual([
      { method: 'latest', args: { series: 'service_up' } },
      { method: 'latest', args: { series: 'service_error_rate_percent' } },
      { method: 'latest', args: { series: 'service_latency_ms' } }
    ])
    expect(panelRequests(panel({ type: 'status-grid', up: 'up', by: 'job' }), W)).toEqual([{ method: 'latest', args: { series: 'up' } }])
  })

  it('table: latest of each column series', () => {
    const p = panel({
      type: 'table',
      by: 'model',
      columns: [
        { series: 'model_accuracy', title: 'Accuracy' },
        { series: 'model_f1', title: 'F1' }
      ]
    })
    expect(panelRequests(p, W)).toEqual([
      { method: 'latest', args: { series: 'model_accuracy' } },
      { method: 'latest', args: { series: 'model_f1' } }
    ])
  })

  it('sources: health, plus pipeline lag/throughput latest and a counter over the window', () => {
    expect(panelRequests(panel({ type: 'sources' }), W)).toEqual([{ method: 'getHealth', args: {} }])
    const p = panel({
      type: 'sources',
      pipelines: { by: 'pipeline', lag: 'pipeline_lag_seconds', errors: 'pipeline_errors_total', throughput: 'pipeline_records_per_minute' }
    })
    expect(panelRequests(p, W)).toEqual([
      { method: 'getHealth', args: {} },
      { method: 'latest', args: { series: 'pipeline_lag_seconds' } },
      { method: 'latest', args: { series: 'pipeline_records_per_minute' } },
      { method: 'queryGrouped', args: { series: 'pipeline_errors_total', by: 'pipeline', from: W.from, to: W.to, step: 300, agg: 'max' } }
    ])
    const gauge = panel({ type: 'sources', pipelines: { by: 'pipeline', errors: 'pipeline_error_ratio' } })
    expect(panelRequests(gauge, W)).toEqual([
      { method: 'getHealth', args: {} },
      { method: 'latest', args: { series: 'pipeline_error_ratio' } }
    ])
  })

  it('events: annotations of the window with kinds and limit', () => {
    expect(panelRequests(panel({ type: 'events', kinds: ['incident', 'alert'] }), W)).toEqual([
      { method: 'listAnnotations', args: { from: W.from, to: W.to, kinds: ['incident', 'alert'], limit: 8 } }
    ])
  })

  it('an unknown panel type needs nothing (and does not throw)', () => {
    const weird = { type: 'gauge', series: 'x' } as unknown as PanelConfig
    expect(panelRequests(weird, W)).toEqual([])
    expect(panelNeeds(weird, W)).toEqual({ type: 'unknown', panelType: 'gauge' })
  })
})

describe('analytics panels', () => {
  const DAY = 86_400_000

  it('model-quality and model-drift: the model with its windows in ms (engine defaults when not set), no view window', () => {
    expect(panelRequests(panel({ type: 'model-quality', model: 'fraud-detector' }), W)).toEqual([{ method: 'getModelQuality', args: { model: 'fraud-detector' } }])
    const drift = panel({ type: 'model-drift', model: 'fraud-detector', window: '2d', reference: '14d' })
    expect(panelRequests(drift, W)).toEqual([{ method: 'getModelDrift', args: { model: 'fraud-detector', windowMs: 2 * DAY, referenceMs: 14 * DAY } }])
    expect(panelRequests(drift, { from: 5, to: 10 })).toEqual(panelRequests(drift, W))
  })

  it('model windows are checked: positive, at most 400 days, a model name', () => {
    expect(() => panel({ type: 'model-quality', model: 'm', window: '0s' })).toThrow(/at most 400d/)
    expect(() => panel({ type: 'model-drift', model: 'm', reference: '401d' })).toThrow(/at most 400d/)
    expect(() => panel({ type: 'model-quality' })).toThrow()
    expect(() => panel({ type: 'model-quality', model: 'm', threshold: 0.1 })).toThrow()
  })

  it('recommendations: the configured view, else the view the panel is on, else every view', () => {
    const onView = panel({ type: 'recommendations' })
    expect(panelRequests(onView, W, { viewId: 'executive' })).toEqual([{ method: 'getRecommendations', args: { view: 'executive' } }])
    expect(panelRequests(panel({ type: 'recommendations', view: 'technical' }), W, { viewId: 'models' })).toEqual([
      { method: 'getRecommendations', args: { view: 'technical' } }
    ])
    // A view recommendations are not filed under (a user's NOC view) gets all of them.
    expect(panelRequests(onView, W, { viewId: 'noc' })).toEqual([{ method: 'getRecommendations', args: {} }])
    expect(panelRequests(onView, W)).toEqual([{ method: 'getRecommendations', args: {} }])
    expect(() => panel({ type: 'recommendations', view: 'models' })).toThrow()
    expect((panel({ type: 'recommendations' }) as { limit: number }).limit).toBe(4)
  })

  it('adoption, savings-forecast and capacity-list share one getBusinessForecasts call in a view', () => {
    const view = viewSchema.parse({
      id: 'executive',
      title: 'E',
      panels: [{ type: 'adoption' }, { type: 'savings-forecast' }, { type: 'capacity-list' }, { type: 'recommendations' }]
    })
    const plan = viewPlan(view, W)
    expect(plan.panels.map((p) => p.needs.type)).toEqual(['adoption', 'savings-forecast', 'capacity-list', 'recommendations'])
    expect(plan.requests).toEqual([
      { method: 'getBusinessForecasts', args: {} },
      { method: 'getRecommendations', args: { view: 'executive' } }
    ])
    expect(plan.kpis).toBeNull()
  })
})

describe('viewRequests', () => {
  const view = viewSchema.parse({
    id: 'exec',
    title: 'Exec',
    panels: [
      { type: 'kpi', kpi: 'roi' },
      { type: 'kpi', kpi: 'payback' },
      { type: 'kpi-chart', kpi: 'roi', width: 6 },
      { type: 'kpi-list', kpis: ['revenue', 'cost'] },
      { type: 'chart', series: ['a_percent'] },
      { type: 'chart', series: ['a_percent'] },
      { type: 'milestones' },
      { type: 'events' }
    ]
  })

  it('merges every KPI panel into one getKpis call and removes duplicates', () => {
    const calls = viewRequests(view, W)
    const kpiCalls = calls.filter((c) => c.method === 'getKpis')
    expect(kpiCalls).toEqual([{ method: 'getKpis', args: { ids: ['roi', 'payback', 'revenue', 'cost'], from: W.from, to: W.to, step: 300 } }])
    expect(calls.filter((c) => c.method === 'queryRange')).toHaveLength(1)
    // Charts and the kpi-chart share one annotations call; the events panel has its own (limit).
    expect(calls.filter((c) => c.method === 'listAnnotations')).toHaveLength(2)
    expect(calls.filter((c) => c.method === 'getMilestones')).toHaveLength(1)
    expect(calls).toHaveLength(5)
  })

  it('gives every KPI panel the shared call in its plan', () => {
    const plan = viewPlan(view, W)
    for (const p of plan.panels) if ('kpis' in p.needs) expect(p.needs.kpis).toBe(plan.kpis)
    expect(plan.panels.map((p) => p.key)).toEqual(['kpi-0', 'kpi-1', 'kpi-chart-2', 'kpi-list-3', 'chart-4', 'chart-5', 'milestones-6', 'events-7'])
  })

  it('fits each panel step to its pixel width when the grid width is known', () => {
    const plan = viewPlan(view, W, { widthPx: 1800 })
    const chart = plan.panels[4] // 6 of 12 columns = 900 px over 24 h → ≥ 96 s → 120 s
    expect(chart.window.step).toBe(120)
    const kpiTile = plan.panels[0] // 3 columns = 450 px → ≥ 192 s → 300 s
    expect(kpiTile.window.step).toBe(300)
    // The shared KPI call uses the finest step any KPI panel needs (the 6-column kpi-chart).
    expect(plan.kpis?.args.step).toBe(120)
    for (const c of plan.requests) {
      const a = c.args as { from?: number; to?: number; step?: number }
      if (a.step !== undefined) expect((W.to - W.from) / 1000 / a.step).toBeLessThanOrEqual(900)
    }
  })

  it('a view without KPI panels makes no getKpis call', () => {
    const v = viewSchema.parse({ id: 't', title: 'T', panels: [{ type: 'stat', series: 's' }] })
    expect(viewPlan(v, W).kpis).toBeNull()
    expect(viewRequests(v, W)).toEqual([{ method: 'latest', args: { series: 's' } }])
  })
})

describe('helpers', () => {
  it('callIdentity ignores key order; dedupeCalls keeps the first', () => {
    const a = { method: 'latest', args: { series: 's', labels: { a: '1', b: '2' } } } as const
    const b = { method: 'latest', args: { labels: { b: '2', a: '1' }, series: 's' } } as const
    expect(callIdentity(a)).toBe(callIdentity(b))
    expect(dedupeCalls([a, b])).toEqual([a])
  })

  it('pixelStep never gives more buckets than pixels', () => {
    const day = 86_400_000
    for (const span of [3_600_000, day, 7 * day, 30 * day, 90 * day]) {
      for (const px of [1, 120, 333, 900, 1800, 3840]) {
        const step = pixelStep(0, span, px)
        expect(span / 1000 / step, `${span} over ${px}px`).toBeLessThanOrEqual(px)
      }
    }
    expect(pixelStep(0, 3_600_000, 900)).toBe(5)
    expect(pixelStep(0, 90 * 86_400_000, 900)).toBe(10800)
  })

  it('pixelStep snaps steps between a minute and an hour to an hour over spans longer than 3 days', () => {
    const day = 86_400_000
    expect(pixelStep(0, day, 960)).toBe(120) // a day: minute buckets are fine
    expect(pixelStep(0, 3 * day, 960)).toBe(300)
    expect(pixelStep(0, 7 * day, 960)).toBe(3600) // 900 s would need the minute roll-up for a week
    expect(pixelStep(0, 30 * day, 1440)).toBe(3600) // 1800 s
    expect(pixelStep(0, 30 * day, 480)).toBe(7200) // already whole hours
    expect(pixelStep(0, 7 * day, 20_000)).toBe(60) // a minute stays a minute
    expect(tierAlignedStep(0, 4 * day, 45)).toBe(45) // sub-minute steps read raw samples anyway
  })

  it('panelWindow keeps the window without a width', () => {
    const p = panel({ type: 'chart', series: ['x'] })
    expect(panelWindow(p, W, undefined)).toBe(W)
  })

  it('panel layout defaults', () => {
    expect(panelColumns({ type: 'kpi' })).toBe(3)
    expect(panelColumns({ type: 'chart', width: 12 })).toBe(12)
    expect(panelColumns({ type: 'nope' as never })).toBe(4)
    expect(panelRows({})).toBe(1)
    expect(panelRows({ height: 2 })).toBe(2)
    expect(panelKey({ type: 'kpi', id: 'roi-tile' }, 3)).toBe('roi-tile')
  })
})
