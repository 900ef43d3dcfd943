// Pre-AI baselines of the demo scenario, for the KPI layer ("handle time down 30% vs baseline").
import type { Labels } from '@shared/types'

export interface DemoBaseline {
  series: string
  labels: Labels
  /** The value before the programme (weekly mean where the series has a daily rhythm). */
  value: number
  unit?: string
  /** Which direction is an improvement. */
  better: 'higher' | 'lower'
}

/** Baseline and AI-assisted target levels of the process series (used by processes.ts to shape them). */
export const PROCESS_LEVELS = {
  'customer-service': {
    process_handle_time_seconds: { baseline: 540, target: 375 },
    process_first_contact_resolution_percent: { baseline: 68, target: 80 },
    process_throughput_per_hour: { baseline: 120, target: 150 },
    process_cost_per_case_usd: { baseline: 6.4, target: 4.3 },
    process_error_rate_percent: { baseline: 3.2, target: 1.8 }
  },
  'fraud-detection': {
    process_handle_time_seconds: { baseline: 1620, target: 1080 },
    process_throughput_per_hour: { baseline: 45, target: 60 },
    process_cost_per_case_usd: { baseline: 18.5, target: 12.4 },
    process_error_rate_percent: { baseline: 2.6, target: 1.5 },
    fraud_detection_rate_percent: { baseline: 71, target: 92 },
    fraud_false_positive_rate_percent: { baseline: 8.5, target: 3.2 },
    fraud_review_time_minutes: { baseline: 26, target: 15 }
  }
} as const

const UNITS: Record<string, string> = {
  process_handle_time_seconds: 's',
  process_first_contact_resolution_percent: '%',
  process_throughput_per_hour: 'cases/h',
  process_cost_per_case_usd: 'USD',
  process_error_rate_percent: '%',
  fraud_detection_rate_percent: '%',
  fraud_false_positive_rate_percent: '%',
  fraud_review_time_minutes: 'min'
}

const HIGHER_IS_BETTER = new Set([
  'process_first_contact_resolution_percent',
  'process_throughput_per_hour',
  'fraud_detection_rate_percent'
])

/** Unit of a process series. */
export function processUnit(series: string): string {
  return UNITS[series]
}

/** Pre-AI baseline per series (and process), for KPIs comparing now with before. */
export const DEMO_BASELINES: readonly DemoBaseline[] = [
  ...Object.entries(PROCESS_LEVELS).flatMap(([process, levels]) =>
    Object.entries(levels).map(([series, level]) => ({
      series,
      labels: { process },
      value: level.baseline,
      unit: UNITS[series],
      better: HIGHER_IS_BETTER.has(series) ? ('higher' as const) : ('lower' as const)
    }))
  ),
  { series: 'customer_satisfaction_score', labels: {}, value: 3.6, unit: 'score', better: 'higher' },
  { series: 'employee_satisfaction_score', labels: {}, value: 3.4, unit: 'score', better: 'higher' }
]
