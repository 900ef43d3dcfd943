// `forecast` alert rules: the series (or KPI) history on a grid, the forecasting engine, and
// "predicted to meet the condition within the horizon" on the mean forecast. The fit is redone
// once per grid step (not at every evaluation): nothing new is known in between.
import type { ForecastRuleConfig } from '@shared/config/alerting-schema'
import type { Point } from '@shared/types'
import type { HookSignal, RuleHook } from '../../alerts/rules/hooks'
import type { RuleData, RuleQuery } from '../../alerts/rules/types'
import { crossingOf } from '../api/forecast-api'
import type { Forecaster } from '../forecast/types'
import { forecastOnGrid, MIN_FORECAST_POINTS } from '../forecast-on-grid'
import { gridStart, pickGridStep } from '../grid'


interface Cached {
  end: number
  signal: HookSignal
}

/** The grid a rule's history is read on: step, and [from, end) ending at the last whole step. */
export function forecastGrid(rule: ForecastRuleConfig, now: number): { stepMs: number; from: number; end: number } {
  const stepMs = pickGridStep(rule.history)
  const end = Math.floor(now / stepMs) * stepMs
  return { stepMs, from: gridStart(end - rule.history, stepMs), end }
}

export class ForecastRuleHook implements RuleHook<ForecastRuleConfig> {
  private readonly cache = new Map<string, Cached>()

  constructor(private readonly forecaster: Forecaster) {}

  queries(rule: ForecastRuleConfig, now: number): RuleQuery[] {
    const { stepMs, from, end } = forecastGrid(rule, now)
    return rule.kpi !== undefined
      ? [{ kind: 'kpiTrend', kpi: rule.kpi, from, to: end, stepMs }]
      : [{ kind: 'range', series: rule.series ?? '', labels: rule.labels_match, from, to: end, stepMs }]
  }

  evaluate(rule: ForecastRuleConfig, data: RuleData[], now: number): HookSignal[] {
    const { stepMs, from, end } = forecastGrid(rule, now)
    const key = `${rule.name}|${rule.kpi ?? rule.series}|${rule.horizon}|${rule.history}|${rule.condition.text}`
    const cached = this.cache.get(key)
    if (cached?.end === end) return [cached.signal]
    const horizon = Math.max(1, Math.ceil(rule.horizon / stepMs))
    const fit = forecastOnGrid(this.forecaster, historyPoints(rule, data[0]), { start: from, end, stepMs }, horizon, [95])
    if (!fit.result) {
      throw new Error(`${fit.observed} points of history at a ${stepMs / 1000} s step; a forecast needs at least ${MIN_FORECAST_POINTS}`)
    }
    const { result, ts } = fit
    const crossing = crossingOf(rule.condition, fit.lastObserved, ts, result.mean, result.intervals[0] ?? null)
    const atIndex = crossing.meanAt === null ? horizon - 1 : ts.indexOf(crossing.meanAt)
    const what = rule.kpi !== undefined ? `KPI ${rule.kpi}` : rule.series
    const when = crossing.meanAt === null ? 'not within the horizon' : `by ${new Date(crossing.meanAt).toISOString()}`
    const signal: HookSignal = {
      labels: rule.kpi !== undefined ? { kpi: rule.kpi } : {},
      active: crossing.meanAt !== null,
      value: result.mean[atIndex] ?? null,
      annotations: {
        summary: `${what} predicted to be ${rule.condition.text} ${when} (${result.model})`,
        predicted_at: crossing.meanAt === null ? '' : new Date(crossing.meanAt).toISOString(),
        earliest_at: crossing.earliestAt === null ? '' : new Date(crossing.earliestAt).toISOString(),
        model: result.model
      }
    }
    this.cache.set(key, { end, signal })
    return [signal]
  }
}

function historyPoints(rule: ForecastRuleConfig, answer: RuleData | undefined): Point[] {
  if (answer?.kind === 'range') return answer.points
  if (answer?.kind === 'kpiTrend') {
    if (!answer.kpi) throw new Error(`no KPI "${rule.kpi}"`)
    return answer.kpi.trend
  }
  throw new Error('expected the history of the series or KPI')
}
