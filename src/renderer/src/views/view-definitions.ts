// What each wallboard view shows, as data: the panels are generic, so later issues can load
// view definitions from vigil.yaml without new components.
import type { SeriesRef } from '../features/series/series-ref'
import type { Unit } from '../format/units'
import type { ViewId } from '../routing/hash-state'

export interface TileDef {
  title: string
  ref: SeriesRef
  /** Overrides the unit inferred from the series name. */
  unit?: Unit
}

export interface ChartDef {
  title: string
  lines: SeriesRef[]
  unit?: Unit
}

export interface ViewDef {
  id: ViewId
  title: string
  tiles: TileDef[]
  charts: ChartDef[]
}

export const VIEWS: Record<ViewId, ViewDef> = {
  executive: {
    id: 'executive',
    title: 'Executive',
    tiles: [
      { title: 'AI ROI', ref: { series: 'ai_roi_percent' } },
      { title: 'Payback progress', ref: { series: 'ai_payback_progress_percent' } },
      { title: 'Benefits to date', ref: { series: 'ai_benefits_usd_total' } },
      { title: 'Investment to date', ref: { series: 'ai_investment_usd_total' } }
    ],
    charts: [
      { title: 'AI ROI', lines: [{ series: 'ai_roi_percent' }] },
      {
        title: 'Benefits vs investment',
        lines: [
          { series: 'ai_benefits_usd_total', agg: 'last', title: 'Benefits' },
          { series: 'ai_investment_usd_total', agg: 'last', title: 'Investment' }
        ]
      }
    ]
  },
  operational: {
    id: 'operational',
    title: 'Operational',
    tiles: [
      { title: 'AI adoption rate', ref: { series: 'ai_adoption_rate_percent' } },
      { title: 'Training completion', ref: { series: 'training_completion_percent' } },
      { title: 'Daily active AI users', ref: { series: 'ai_daily_active_users' } }
    ],
    charts: [
      { title: 'Daily active AI users', lines: [{ series: 'ai_daily_active_users', agg: 'last' }] },
      {
        title: 'Customer-service handle time',
        lines: [{ series: 'process_handle_time_seconds', labels: { process: 'customer-service' } }]
      }
    ]
  },
  technical: {
    id: 'technical',
    title: 'Technical',
    tiles: [
      { title: 'Host memory', ref: { series: 'host_memory_usage_percent' } },
      { title: 'Fraud model accuracy', ref: { series: 'model_accuracy', labels: { model: 'fraud-detector' } } },
      { title: 'Host CPU', ref: { series: 'host_cpu_usage_percent' } }
    ],
    charts: [
      { title: 'Host CPU', lines: [{ series: 'host_cpu_usage_percent' }] },
      { title: 'Service latency (all services, avg)', lines: [{ series: 'service_latency_ms' }] }
    ]
  }
}
