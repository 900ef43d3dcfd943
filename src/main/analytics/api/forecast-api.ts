// The getForecast request: a series (or KPI) read onto a regular grid, the forecasting engine
// run on it, bands and the time the forecast meets a condition.
import type { ForecastCrossing, ForecastTarget, ForecastView } from '@shared/analytics'
import type { ArgsOf } from '@shared/api'
import { condition as conditionSchema, type Condition } from '@shared/config/alerting-schema'
import type { KpiValue } from '@shared/kpi'
import type { Point, QueryResult, RangeQuery } from '@shared/types'
import { BadRequestError, NotFoundError } from '../../engine/errors'
import { meets } from '../../alerts/rules/condition'
import type { Forecaster } from '../forecast/types'
import { forecastOnGrid, MIN_FORECAST_POINTS } from '../forecast-on-grid'
import { gridStart, pickGridStep } from '../grid'

const DAY_MS = 86_400_000
const DEFAULT_HISTORY_MS = 14 * DAY_MS
/** Most future steps one request may ask for. */
const MAX_HORIZON_STEPS = 5000

export interface ForecastApiDeps {
  queryRange(q: RangeQuery): Promise<QueryResult>
  /** A KPI's bucketed values over [from, to), or null when no KPI has that id. */
  kpiTrend(id: string, from: number, to: number, stepS: number): Promise<KpiValue | null>
  forecaster: Forecaster
  now(): number
}

/** Reads the target's history on a grid; returns the grid values and the observed points. */
async function history(deps: ForecastApiDeps, target: ForecastTarget, from: number, to: number, stepMs: number): Promise<Point[]> {
  if (target.kind === 'series') {
    const r = await deps.queryRange({ series: target.series, labels: target.labels, from, to, step: stepMs / 1000, agg: 'avg' })
    return r.points
  }
  const kpi = await deps.kpiTrend(target.kpi, from, to, stepMs / 1000)
  if (!kpi) throw new NotFoundError(`no KPI "${target.kpi}"`)
  return kpi.trend
}

/** Parses "> 90"-style conditions, or throws a BadRequestError saying what is expected. */
export function parseCondition(text: string): Condition {
  const parsed = conditionSchema.safeParse(text)
  if (!parsed.success) throw new BadRequestError(`condition: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
  return parsed.data
}

/** When a forecast meets a condition: on the mean, and on whichever band edge reaches it first. */
export function crossingOf(cond: Condition, last: number, ts: readonly number[], mean: readonly number[], outer: { lower: number[]; upper: number[] } | null): ForecastCrossing {
  const first = (values: readonly number[]): number | null => {
    const i = values.findIndex((v) => meets(cond, v))
    return i === -1 ? null : ts[i]
  }
  const meanAt = first(mean)
  let earliestAt = meanAt
  if (outer) {
    for (const edge of [outer.lower, outer.upper]) {
      const at = first(edge)
      if (at !== null && (earliestAt === null || at < earliestAt)) earliestAt = at
    }
  }
  return { condition: cond.text, meanAt, earliestAt, alreadyMet: Number.isFinite(last) && meets(cond, last) }
}

/** Builds getForecast. */
export function createForecastApi(deps: ForecastApiDeps): (args: ArgsOf<'getForecast'>) => Promise<ForecastView> {
  return async (args) => {
    const target: ForecastTarget = args.kpi !== undefined ? { kind: 'kpi', kpi: args.kpi } : { kind: 'series', series: args.series ?? '', labels: args.labels ?? {} }
    const cond = args.condition !== undefined ? parseCondition(args.condition) : null
    const historyMs = args.historyMs ?? DEFAULT_HISTORY_MS
    const stepMs = args.stepMs ?? pickGridStep(historyMs)
    const horizon = Math.ceil(args.horizonMs / stepMs)
    if (horizon > MAX_HORIZON_STEPS) {
      throw new BadRequestError(`horizon ${args.horizonMs} ms at a ${stepMs} ms step is ${horizon} steps; at most ${MAX_HORIZON_STEPS} (use a larger stepMs)`)
    }
    if (historyMs / stepMs > 20_000) throw new BadRequestError(`history ${historyMs} ms at a ${stepMs} ms step is over 20000 points (use a larger stepMs)`)
    const now = deps.now()
    // Whole steps only: the bucket in progress would look like a drop.
    const end = Math.floor(now / stepMs) * stepMs
    const start = gridStart(end - historyMs, stepMs)
    const points = (await history(deps, target, start, end, stepMs)).filter(([ts]) => ts >= start && ts < end)
    const fit = forecastOnGrid(deps.forecaster, points, { start, end, stepMs }, horizon, [80, 95])
    if (!fit.result) {
      const what = target.kind === 'kpi' ? `KPI "${target.kpi}"` : `series "${target.series}"`
      throw new BadRequestError(`${what} has ${fit.observed} points in the last ${Math.round(historyMs / 3_600_000)} h at a ${stepMs / 1000} s step; a forecast needs at least ${MIN_FORECAST_POINTS}`)
    }
    const { result, ts, periods } = fit
    return {
      target,
      model: result.model,
      stepMs,
      history: points,
      ts,
      mean: result.mean,
      bands: result.intervals.map((b) => ({ level: b.level, lower: b.lower, upper: b.upper })),
      crossing: cond ? crossingOf(cond, fit.lastObserved, ts, result.mean, fit.outer) : null,
      generatedAt: now,
      note: `fitted on ${fit.observed} points at a ${stepMs / 1000} s step${periods.length > 0 ? `, seasonal periods ${periods.join(', ')} steps` : ', no seasonality'}`
    }
  }
}
