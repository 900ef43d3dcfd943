// A KPI's baseline: a configured number, or { at: time } = the KPI's own formula evaluated on
// each reference's LAST value in the 24 h before that time (averaged across matching label sets,
// like the current value). Times relative to now are taken to the minute; results are cached
// for a few minutes.
import type { KpiConfig } from '@shared/config/schema'
import type { KpiError } from '@shared/kpi'
import { evaluateFormula, isKpiError, type Formula } from '@shared/kpi-formula'
import type { MetricStore } from '../store/metric-store'
import { formatTime } from './format'
import { valuesBefore, type RefData } from './reference-reader'
import { isStartRelative, resolveTimeExpression } from './time-expression'

/** How far before the baseline time a reference's last value may be. */
export const BASELINE_LOOKBACK_MS = 24 * 3_600_000
const CACHE_TTL_MS = 5 * 60_000
const CACHE_MAX = 500

export interface BaselineResult {
  baseline: number | null
  baselineSource: string | null
  baselineError: string | null
}

export interface BaselineContext {
  store: MetricStore
  now: number
  programmeStart: number | null
  /** Why the programme start is unknown, for baselines relative to it. */
  startError: string | null
  /** The formula's references, read for the current request. */
  refs: ReadonlyMap<string, RefData>
  /** Reports why a reference cannot be read (unknown series), or null. */
  refProblem(data: RefData): KpiError | null
}

const NONE: BaselineResult = { baseline: null, baselineSource: null, baselineError: null }

/** Computes baselines, remembering values at past times for CACHE_TTL_MS. */
export class BaselineResolver {
  private readonly cache = new Map<string, { result: BaselineResult; until: number }>()

  /** The baseline of one KPI (formula null: the formula did not parse). */
  async resolve(kpi: KpiConfig, formula: Formula | null, ctx: BaselineContext): Promise<BaselineResult> {
    const spec = kpi.baseline
    if (spec === undefined) return NONE
    if (typeof spec === 'number') return { baseline: spec, baselineSource: 'configured', baselineError: null }
    const fail = (baselineError: string): BaselineResult => ({ baseline: null, baselineSource: null, baselineError })
    if (ctx.programmeStart === null && ctx.startError && isStartRelative(spec.at)) return fail(`baseline at ${spec.at}: ${ctx.startError}`)
    let at: number
    try {
      at = resolveTimeExpression(spec.at, { now: ctx.now, programmeStart: ctx.programmeStart })
    } catch (err) {
      return fail(`baseline: ${(err as Error).message}`)
    }
    // "now-30d" moves with every request; taken to the minute, it is computed once a minute, not per request.
    if (/^now\b/.test(spec.at.trim())) at = Math.floor(at / 60_000) * 60_000
    const when = /^\d/.test(spec.at.trim()) ? formatTime(at) : `${spec.at} (${formatTime(at)})`
    if (at > ctx.now) return fail(`baseline time ${when} is in the future`)
    if (formula === null) return fail('the formula is invalid')
    const key = `${formula.text}\u0000${at}`
    const hit = this.cache.get(key)
    if (hit && hit.until > ctx.now) return hit.result
    const result = await this.compute(formula, at, when, ctx)
    // Only times at least a minute old are kept: samples for the last moments may still be arriving.
    if (result.baseline !== null && at <= ctx.now - 60_000) this.remember(key, result, ctx.now)
    return result
  }

  private async compute(formula: Formula, at: number, when: string, ctx: BaselineContext): Promise<BaselineResult> {
    for (const data of ctx.refs.values()) {
      const problem = ctx.refProblem(data)
      if (problem) return { baseline: null, baselineSource: null, baselineError: problem.message }
    }
    const values = await valuesBefore(ctx.store, [...ctx.refs.values()], at, BASELINE_LOOKBACK_MS)
    const result = evaluateFormula(formula, (ref) => values.get(ref.key))
    if (isKpiError(result)) {
      const suffix = result.kind === 'no_data' ? ` in the 24 h before ${when}` : ` at ${when}`
      return { baseline: null, baselineSource: null, baselineError: `baseline: ${result.message}${suffix}` }
    }
    return { baseline: result, baselineSource: `value at ${when}`, baselineError: null }
  }

  private remember(key: string, result: BaselineResult, now: number): void {
    if (this.cache.size >= CACHE_MAX) {
      for (const [k, v] of this.cache) if (v.until <= now || this.cache.size >= CACHE_MAX) this.cache.delete(k)
    }
    this.cache.set(key, { result, until: now + CACHE_TTL_MS })
  }
}
